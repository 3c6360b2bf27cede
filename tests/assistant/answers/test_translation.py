"""assistant.translation: the fixed texts in French and Spanish, from gettext catalogues."""

from __future__ import annotations

import pytest

from assistant.answers.abstention import ABSTAIN_MESSAGE
from assistant.translation import ANSWER_TEXTS, LOCALE_DIR, gettext_for, localise


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_answer_text_is_translated(language: str) -> None:
    translate = gettext_for(language)
    assert [t for t in ANSWER_TEXTS if translate(t) == t] == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_translations_keep_their_slots(language: str) -> None:
    translate = gettext_for(language)
    for text in ANSWER_TEXTS:
        slots = {part.split("}")[0] for part in text.split("{")[1:]}
        assert {part.split("}")[0] for part in translate(text).split("{")[1:]} == slots


def test_the_abstention_is_french() -> None:
    assert localise(ABSTAIN_MESSAGE, "fr") == (
        "Le corpus indexé ne traite pas de cette question. Les passages les plus proches sont "
        "présentés ci-dessous à titre de documentation connexe, et non comme une réponse."
    )


def test_names_inside_a_sentence_stay_as_written() -> None:
    text = (
        "The indexed corpus has nothing on MINUSCA for this question: no retrieved passage "
        "mentions it."
    )
    assert localise(text, "es") == (
        "El corpus indizado no contiene nada sobre MINUSCA para esta pregunta: ningún pasaje "
        "recuperado lo menciona."
    )


def test_english_and_unknown_languages_are_unchanged() -> None:
    assert localise(ABSTAIN_MESSAGE, "en") == ABSTAIN_MESSAGE
    assert localise(ABSTAIN_MESSAGE, "ru") == ABSTAIN_MESSAGE


@pytest.mark.parametrize("language", ["fr", "es"])
def test_compiled_catalogue_matches_its_po_file(language: str) -> None:
    pofile = pytest.importorskip("babel.messages.pofile")
    base = LOCALE_DIR / language / "LC_MESSAGES" / "pocdoc"
    with open(f"{base}.po", "rb") as handle:
        catalog = pofile.read_po(handle)
    translate = gettext_for(language)
    assert {m.id: m.string for m in catalog if m.id} == {
        m.id: translate(m.id) for m in catalog if m.id
    }
