from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IndexMissingError
from assistant.ledger import Ledger
from assistant.types import DocumentRecord, Passage


def _passages(doc: str, texts: list[str]) -> list[Passage]:
    return [Passage(passage_id=f"{doc}:{i}", doc_id=doc, text=t, ordinal=i, char_start=0, char_end=len(t)) for i, t in enumerate(texts)]


def test_commit_replaces_a_document_whole_and_bumps_generation(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    rec = DocumentRecord(doc_id="d", title="D")
    ledger.commit_document(rec, source="/x", content_hash="h1", passages=_passages("d", ["a", "b", "c"]), pages=None)
    assert ledger.generation == 1 and ledger.passage_ids("d") == {"d:0", "d:1", "d:2"}
    ledger.commit_document(rec, source="/x", content_hash="h2", passages=_passages("d", ["z"]), pages=2)
    assert ledger.passage_ids() == {"d:0"} and ledger.generation == 2
    entry = ledger.documents()["d"]
    assert entry.content_hash == "h2" and entry.pages == 2 and entry.record.title == "D"
    assert [p.text for p in ledger.passages("d")] == ["z"]


def test_failed_commit_leaves_the_previous_version(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    rec = DocumentRecord(doc_id="d", title="D")
    ledger.commit_document(rec, source="/x", content_hash="h1", passages=_passages("d", ["a", "b"]), pages=None)
    dup = _passages("d", ["x"]) + _passages("d", ["y"])  # same passage id twice: the insert fails
    with pytest.raises(Exception):
        ledger.commit_document(rec, source="/x", content_hash="h2", passages=dup, pages=None)
    assert ledger.passage_ids() == {"d:0", "d:1"} and ledger.documents()["d"].content_hash == "h1"
    assert ledger.generation == 1


def test_remove_documents(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    for d in ("a", "b"):
        ledger.commit_document(DocumentRecord(doc_id=d, title=d), source=d, content_hash=d, passages=_passages(d, ["t"]), pages=None)
    ledger.remove_documents(["a"])
    assert set(ledger.documents()) == {"b"} and ledger.count_passages() == 1


def test_missing_ledger_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="pocdoc ingest"):
        Ledger(tmp_path / "none.sqlite3", create=False)
