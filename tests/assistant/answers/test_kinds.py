"""Documents named by kind and number (kinds.py): "the two POC papers" when the corpus holds two."""

from __future__ import annotations

import pytest

from assistant.answers.kinds import counted_documents, kind_of
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.types import DocumentRecord


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    records = [
        DocumentRecord("note", "The Future of POC", doc_type="policy note"),
        DocumentRecord("side", "PoC Week side event summary", doc_type="event summary"),
        DocumentRecord("ap-ii", "Additional Protocol II", doc_type="treaty"),
        DocumentRecord("r1", "Report on UNMIT", doc_type="report"),
        DocumentRecord("r2", "Report on MINUSTAH", doc_type="report"),
        DocumentRecord("r3", "Report on UNMIK", doc_type="report"),
        DocumentRecord("policy", "POC Policy 2019", doc_type="policy"),  # not indexed
    ]
    return Catalogue([CatalogueEntry(r, r.doc_id != "policy") for r in records])


def _docs(question: str, catalogue: Catalogue) -> list[tuple[str, ...]]:
    return [a.doc_ids for a in counted_documents(question, catalogue, lambda d: True)]


def test_the_two_papers_are_the_two_indexed_papers(catalogue) -> None:
    assert _docs("how do the two POC papers differ on host states", catalogue) == [("note", "side")]
    assert _docs("What do both papers say about early warning?", catalogue) == [("note", "side")]


def test_a_count_the_corpus_does_not_hold_names_nothing(catalogue) -> None:
    assert _docs("how do the two reports differ on police", catalogue) == []
    assert _docs("compare the three reports", catalogue) == [("r1", "r2", "r3")]


def test_document_types_are_read_as_kinds() -> None:
    assert kind_of("treaty") == "treaty"
    assert kind_of("report") == "report"
    assert kind_of("event summary") == kind_of("policy note") == "paper"
