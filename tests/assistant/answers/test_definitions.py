"""Glossary definitions for questions, with their sources."""

from __future__ import annotations

import pytest

from assistant.answers.definitions import definitions_for
from assistant.answers.questions import classify
from assistant.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary(repo_root):
    return load_glossary(repo_root / "corpus" / "glossary.toml")


def _terms(question: str, glossary) -> list[str]:
    return [d.term for d in definitions_for(question, classify(question), glossary, None)]


def test_a_family_enumeration_gets_every_member(glossary) -> None:
    assert _terms("What are the three tiers of protection of civilians?", glossary) == [
        "Tier I",
        "Tier II",
        "Tier III",
    ]


def test_a_definition_gets_the_entry_its_subject_names_first(glossary) -> None:
    assert _terms("What is tier 3 of protection of civilians?", glossary) == ["Tier III"]
    assert _terms("HRDDP?", glossary) == ["HRDDP"]


def test_other_questions_get_an_entry_only_when_it_holds_their_words(glossary) -> None:
    assert _terms("Which tier involves physical protection?", glossary) == ["Tier II"]
    assert _terms("How many troops did MINUSTAH have in 2016?", glossary) == []


def test_every_definition_names_its_source(glossary) -> None:
    for question in ("What is POC?", "What is GC IV?", "What is UNMIT?"):
        (d,) = definitions_for(question, classify(question), glossary, None)
        assert d.source.startswith("pocdoc glossary, ")


def test_authorship_names_the_record_s_authors_and_skips_records_without_any() -> None:
    from assistant.answers.definitions import authorship
    from assistant.catalogue import CatalogueEntry
    from assistant.types import DocumentRecord

    note = DocumentRecord(
        "n",
        "The Future of POC",
        doc_type="policy note",
        date="2021-03",
        authors=("A. One", "B. Two", "C. Three"),
    )
    report = DocumentRecord("r", "Report of the Secretary-General", doc_type="report")
    (line,) = authorship([CatalogueEntry(note, True), CatalogueEntry(report, True)])
    assert (
        line.line
        == "The Future of POC: by A. One, B. Two and C. Three (policy note, 2021) [corpus manifest]"
    )
