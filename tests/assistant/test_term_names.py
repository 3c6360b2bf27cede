"""assistant.term_names: glossary names in other languages and a question's English reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.glossary import load_glossary
from assistant.term_names import NAMES_FILE, TermNames, load_term_names

REPO = Path(__file__).resolve().parents[2]


def test_pivot_puts_names_and_question_words_in_english() -> None:
    names = TermNames({"fr": {"UNIFIL": ("Force intérimaire des Nations Unies au Liban", "FINUL")}})
    assert names.pivot("Combien de soldats compte la FINUL ?", "fr") == (
        "how many troops compte the UNIFIL ?"
    )


def test_pivot_splits_elisions_and_drops_inverted_pronouns() -> None:
    assert TermNames().pivot("Quand l'article a-t-il été adopté ?", "fr") == (
        "when the article has been adopté ?"
    )


def test_pivot_uses_the_glossary_full_form_for_a_full_name() -> None:
    glossary = load_glossary(REPO / "corpus" / "glossary.toml")
    names = load_term_names(REPO / "corpus" / NAMES_FILE)
    pivot = names.pivot("¿Qué son los proyectos de efecto rápido?", "es", glossary)
    assert "what are" in pivot
    assert "quick impact project" in pivot


def test_acronyms_match_as_written_only() -> None:
    names = TermNames({"fr": {"UNIFIL": ("FINUL",)}})
    assert names.pivot("finul", "fr") == "finul"


def test_language_named_needs_exactly_one_language() -> None:
    names = TermNames({"fr": {"UNIFIL": ("FINUL",)}, "es": {"UNIFIL": ("FPNUL",)}})
    assert names.language_named("FINUL ?") == "fr"
    assert names.language_named("¿FPNUL?") == "es"
    assert names.language_named("UNIFIL?") is None


def test_every_name_table_names_glossary_terms() -> None:
    glossary = load_glossary(REPO / "corpus" / "glossary.toml")
    names = load_term_names(REPO / "corpus" / NAMES_FILE)
    assert set(names.languages) == {"fr", "es"}
    for table in names.names.values():
        assert [t for t in table if glossary.get(t) is None] == []


def test_a_missing_file_is_an_empty_table(tmp_path: Path) -> None:
    assert load_term_names(tmp_path / "none.toml").languages == ()


@pytest.mark.parametrize("body", ['[fr]\nUNIFIL = "FINUL"\n', "[fr\n", '[fr]\nUNIFIL = [""]\n'])
def test_a_malformed_file_names_the_file(tmp_path: Path, body: str) -> None:
    path = tmp_path / NAMES_FILE
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=NAMES_FILE):
        load_term_names(path)
