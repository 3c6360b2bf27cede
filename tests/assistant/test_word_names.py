"""assistant.word_names: the corpus's common words in other languages, matched by stem."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.term_names import TermNames
from assistant.word_names import WORDS_FILE, WordNames, load_word_names

REPO = Path(__file__).resolve().parents[2]
WORDS = WordNames(
    {
        "fr": {
            "trend": ("tendance",),
            "supplies": ("approvisionnement", "ravitaillement"),
            "require": ("exiger",),
            "during": ("au cours de",),
            "note": ("note",),
            "including": ("notamment",),
            "China": ("Chine",),
            "South Sudan": ("Soudan du Sud",),
        },
        "es": {"trend": ("tendencia",)},
    }
)


def test_plural_feminine_and_conjugated_forms_find_the_base_form() -> None:
    assert WORDS.english("tendances", "fr") == "trend"
    assert WORDS.english("Approvisionnements", "fr") == "supplies"
    assert WORDS.english("exige", "fr") == "require"
    assert WORDS.english("tendencias", "es") == "trend"


def test_a_word_the_list_lacks_is_none() -> None:
    assert WORDS.english("frappe", "fr") is None
    assert WORDS.english("tendances", "de") is None


def test_short_stems_do_not_join_unrelated_words() -> None:
    # "note" and "notamment" both stem to "not": only the exact form is read.
    assert WORDS.english("note", "fr") == "note"
    assert WORDS.english("notes", "fr") is None


def test_word_keeps_english_words_names_and_acronyms() -> None:
    assert WORDS.word("tendances", "fr", keep={"trend"}) == "trend"
    assert WORDS.word("trend", "fr", keep={"trend"}) == "trend"
    assert WORDS.word("Tendances", "fr") == "Tendances"
    assert WORDS.word("ONU", "fr") == "ONU"


def test_pivot_reads_phrases_before_function_words_and_words_after() -> None:
    reading = TermNames().pivot(
        "Au cours de la guerre, quelles tendances ?", "fr", words=WORDS, keep={"the"}
    )
    assert reading == "during the guerre, what trend ?"


def test_places_read_as_written_with_their_capital() -> None:
    reading = TermNames().pivot("La Chine et le Soudan du Sud", "fr", words=WORDS)
    assert reading == "the China and the South Sudan"
    assert WORDS.english("chines", "fr") is None


def test_every_table_lists_the_same_english_words() -> None:
    words = load_word_names(REPO / "corpus" / WORDS_FILE)
    assert set(words.names) == {"fr", "es"}
    assert set(words.names["fr"]) == set(words.names["es"])
    assert words.english("tendances", "fr") == "trend"
    assert words.english("tendencias", "es") == "trend"


def test_a_missing_file_is_an_empty_list(tmp_path: Path) -> None:
    assert load_word_names(tmp_path / "none.toml").english("tendance", "fr") is None


@pytest.mark.parametrize(
    "body", ['[fr]\ntrend = "tendance"\n', "[fr\n", '[fr]\ntrend = [""]\n', '[xx]\ntrend = ["a"]\n']
)
def test_a_malformed_file_names_the_file(tmp_path: Path, body: str) -> None:
    path = tmp_path / WORDS_FILE
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=WORDS_FILE):
        load_word_names(path)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[fr\ntrend = 1", "cannot read the word list"),
        ('[xx]\ntrend = ["t"]\n', "[xx] is not a language with a stemmer"),
        ("[fr]\ntrend = []\n", "must map each English word to a list of names"),
        ('[fr]\ntrend = "tendance"\n', "must map each English word to a list of names"),
    ],
)
def test_a_broken_word_list_names_the_file_and_what_is_wrong(
    tmp_path: Path, text: str, why: str
) -> None:
    path = tmp_path / "word_names.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_word_names(path)
    assert str(path) in str(err.value) and why in str(err.value)
