"""Answer units' vectors: stored with their passage in the ledger, searched as one matrix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from assistant.index.ledger import Ledger
from assistant.index.unit_index import UnitIndex, UnitVectors
from assistant.types import DocumentRecord, Passage


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _passages(doc: str, texts: list[str]) -> list[Passage]:
    return [
        Passage(
            passage_id=f"{doc}:{i}", doc_id=doc, text=t, ordinal=i, char_start=0, char_end=len(t)
        )
        for i, t in enumerate(texts)
    ]


def test_a_passage_scores_as_its_best_unit_and_filters_keep_passages() -> None:
    index = UnitIndex(
        [
            ("a", 0, 5, _unit(1, 0, 0)),
            ("a", 6, 9, _unit(0, 1, 0)),
            ("b", 0, 4, _unit(0.6, 0.8, 0)),
            ("c", 0, 4, _unit(0, 0, 1)),
        ]
    )
    q = _unit(0, 1, 0)
    ranked = index.search(q, 3)
    assert [pid for pid, _ in ranked] == ["a", "b", "c"]
    assert ranked[0][1] == pytest.approx(1.0) and ranked[1][1] == pytest.approx(0.8)
    assert [pid for pid, _ in index.search(q, 3, allowed=["b", "c"])] == ["b", "c"]
    assert index.search(q, 2, allowed=[]) == []
    assert set(index.vectors_of("a")) == {(0, 5), (6, 9)} and index.vectors_of("zz") == {}


def test_an_empty_index_finds_nothing() -> None:
    assert UnitIndex([]).search(_unit(1, 0), 5) == [] and len(UnitIndex([])) == 0


def test_unit_vectors_must_match_their_spans() -> None:
    with pytest.raises(ValueError, match="2 vectors for 1 units"):
        UnitVectors("p", ((0, 3),), np.zeros((2, 3), np.float32))


def test_units_are_committed_with_their_passage_and_go_with_it(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    rec = DocumentRecord(doc_id="d", title="D")
    passages = _passages("d", ["One. Two.", "Three."])
    units = [
        UnitVectors("d:0", ((0, 4), (5, 9)), np.stack([_unit(1, 0), _unit(0, 1)])),
        UnitVectors("d:1", (), np.zeros((0, 2), np.float32)),  # cut, nothing quotable
    ]
    ledger.commit_document(
        rec, source="/x", content_hash="h", passages=passages, pages=None, units=units
    )
    rows = list(ledger.unit_rows())
    assert [(pid, s, e) for pid, s, e, _ in rows] == [("d:0", 0, 4), ("d:0", 5, 9)]
    assert np.allclose(rows[1][3], _unit(0, 1), atol=1e-3)  # float16 round trip
    assert ledger.count_without_units() == 0
    ledger.commit_document(
        rec, source="/x", content_hash="h2", passages=_passages("d", ["New."]), pages=None
    )
    assert list(ledger.unit_rows()) == [] and ledger.count_without_units() == 1
    ledger.remove_documents(["d"])
    assert ledger._conn.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0


def test_stored_units_are_reused_only_for_the_same_text_and_encoder(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    passages = _passages("d", ["One. Two."])
    ledger.commit_document(
        DocumentRecord(doc_id="d", title="D"),
        source="/x",
        content_hash="h",
        passages=passages,
        pages=None,
        encoder="enc",
        units=[UnitVectors("d:0", ((0, 4),), np.stack([_unit(1, 0)]))],
    )
    assert ledger.stored_units(passages, "enc")["d:0"].spans == ((0, 4),)
    assert ledger.stored_units(passages, "other") == {}
    assert ledger.stored_units(_passages("d", ["Changed."]), "enc") == {}


def test_a_ledger_from_before_unit_vectors_says_its_passages_lack_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, content_hash TEXT "
        "NOT NULL, record TEXT NOT NULL, passages INTEGER NOT NULL, pages INTEGER, ingested_at "
        "REAL NOT NULL, encoder TEXT NOT NULL DEFAULT '');"
        "CREATE TABLE passages (passage_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ordinal "
        "INTEGER NOT NULL, text TEXT NOT NULL, meta TEXT NOT NULL, vector BLOB);"
        "INSERT INTO documents VALUES ('d', '/x', 'h', '{\"doc_id\": \"d\", \"title\": \"D\"}', "
        "1, NULL, 0, 'enc');"
        "INSERT INTO passages VALUES ('d:0', 'd', 0, 'Old text.', '{\"doc_id\": \"d\"}', NULL);"
    )
    conn.commit()
    conn.close()
    ledger = Ledger(path)
    assert ledger.count_without_units() == 1
    assert [p.passage_id for p in ledger.passages_without_units()] == ["d:0"]
    ledger.store_units([UnitVectors("d:0", ((0, 9),), np.stack([_unit(1, 0)]))])
    assert ledger.count_without_units() == 0 and len(list(ledger.unit_rows())) == 1
