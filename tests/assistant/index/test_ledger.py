from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.errors import IndexMissingError
from assistant.index.ledger import Ledger
from assistant.types import DocumentRecord, Passage


def _passages(doc: str, texts: list[str]) -> list[Passage]:
    return [
        Passage(
            passage_id=f"{doc}:{i}", doc_id=doc, text=t, ordinal=i, char_start=0, char_end=len(t)
        )
        for i, t in enumerate(texts)
    ]


def test_commit_replaces_a_document_whole_and_bumps_generation(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    rec = DocumentRecord(doc_id="d", title="D")
    ledger.commit_document(
        rec, source="/x", content_hash="h1", passages=_passages("d", ["a", "b", "c"]), pages=None
    )
    assert ledger.generation == 1 and ledger.passage_ids("d") == {"d:0", "d:1", "d:2"}
    ledger.commit_document(
        rec, source="/x", content_hash="h2", passages=_passages("d", ["z"]), pages=2
    )
    assert ledger.passage_ids() == {"d:0"} and ledger.generation == 2
    entry = ledger.documents()["d"]
    assert entry.content_hash == "h2" and entry.pages == 2 and entry.record.title == "D"
    assert [p.text for p in ledger.passages("d")] == ["z"]


def test_failed_commit_leaves_the_previous_version(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    rec = DocumentRecord(doc_id="d", title="D")
    ledger.commit_document(
        rec, source="/x", content_hash="h1", passages=_passages("d", ["a", "b"]), pages=None
    )
    dup = _passages("d", ["x"]) + _passages("d", ["y"])  # same passage id twice: the insert fails
    with pytest.raises(sqlite3.IntegrityError):
        ledger.commit_document(rec, source="/x", content_hash="h2", passages=dup, pages=None)
    assert ledger.passage_ids() == {"d:0", "d:1"} and ledger.documents()["d"].content_hash == "h1"
    assert ledger.generation == 1


def test_remove_documents(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    for d in ("a", "b"):
        ledger.commit_document(
            DocumentRecord(doc_id=d, title=d),
            source=d,
            content_hash=d,
            passages=_passages(d, ["t"]),
            pages=None,
        )
    ledger.remove_documents(["a"])
    assert set(ledger.documents()) == {"b"} and ledger.count_passages() == 1


def test_missing_ledger_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="pocdoc ingest"):
        Ledger(tmp_path / "none.sqlite3", create=False)


def test_vectors_are_committed_with_their_rows_and_read_back_exactly(tmp_path: Path) -> None:
    import numpy as np

    ledger = Ledger(tmp_path / "l.sqlite3")
    rec = DocumentRecord(doc_id="d", title="D")
    vectors = np.arange(6, dtype=np.float32).reshape(3, 2) / 7
    ledger.commit_document(
        rec,
        source="/x",
        content_hash="h",
        passages=_passages("d", ["a", "b", "c"]),
        pages=None,
        vectors=vectors,
        encoder="enc1",
    )
    got = {p.passage_id: v for ps, vs in ledger.vectors() for p, v in zip(ps, vs)}
    assert set(got) == {"d:0", "d:1", "d:2"} and np.array_equal(got["d:2"], vectors[2])
    assert {p.passage_id for ps, _ in ledger.vectors(["d:1"]) for p in ps} == {"d:1"}
    assert ledger.count_without_vectors() == 0


def test_a_vector_count_that_does_not_match_the_passages_is_refused_before_writing(
    tmp_path: Path,
) -> None:
    import numpy as np

    ledger = Ledger(tmp_path / "l.sqlite3")
    with pytest.raises(ValueError, match="2 vectors for 3 passages"):
        ledger.commit_document(
            DocumentRecord(doc_id="d", title="D"),
            source="/x",
            content_hash="h",
            passages=_passages("d", ["a", "b", "c"]),
            pages=None,
            vectors=np.zeros((2, 4), dtype=np.float32),
        )
    assert ledger.count_passages() == 0 and ledger.generation == 0


def test_each_ledger_names_its_own_home(tmp_path: Path) -> None:
    a, b = Ledger(tmp_path / "a.sqlite3"), Ledger(tmp_path / "b.sqlite3")
    assert a.home_id and a.home_id != b.home_id
    assert Ledger(tmp_path / "a.sqlite3").home_id == a.home_id  # stable across opens


def test_an_older_ledger_gains_the_vector_column(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, content_hash TEXT NOT NULL,"
            " record TEXT NOT NULL, passages INTEGER NOT NULL, pages INTEGER, ingested_at REAL NOT NULL);"
            "CREATE TABLE passages (passage_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL,"
            " text TEXT NOT NULL, meta TEXT NOT NULL);"
        )
    ledger = Ledger(path)
    ledger.commit_document(
        DocumentRecord(doc_id="d", title="D"),
        source="/x",
        content_hash="h",
        passages=_passages("d", ["a"]),
        pages=None,
    )
    assert ledger.count_without_vectors() == 1


def test_a_column_another_process_added_meanwhile_is_no_error(tmp_path) -> None:
    # two processes open a new ledger at once: both read the table before either adds the
    # column, and the second ALTER TABLE finds it there ("duplicate column name")
    import sqlite3

    from assistant.index.ledger_schema import migrate

    conn = sqlite3.connect(tmp_path / "ledger.sqlite3")
    migrate(conn)

    class Stale:  # reports the passages table as it was before the other process's ALTER
        def __getattr__(self, name):
            return getattr(conn, name)

        def execute(self, sql, *args):
            if sql.startswith("PRAGMA table_info(passages)"):
                return [row for row in conn.execute(sql) if row[1] != "units"]
            return conn.execute(sql, *args)

    migrate(Stale())  # type: ignore[arg-type]
    columns = {row[1] for row in conn.execute("PRAGMA table_info(passages)")}
    assert "units" in columns
