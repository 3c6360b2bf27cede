"""The ledger: which documents and passages are committed to the index.

SQLite is the commit point. A document's passages are written to Chroma first, then its ledger
rows replace the old ones in one transaction, then stale vectors are deleted. Readers trust only
passages the ledger lists, so a crash at any step leaves every document either wholly at its old
version or wholly at its new one, and the next ingest finishes the work.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.errors import IndexMissingError
from assistant.types import DocumentRecord, Passage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    passages INTEGER NOT NULL,
    pages INTEGER,
    ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    passage_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentEntry:
    """A committed document."""

    doc_id: str
    source: str
    content_hash: str
    record: DocumentRecord
    passages: int
    pages: int | None
    ingested_at: float


class Ledger:
    """Documents and passages committed to the index, in one SQLite file."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise IndexMissingError(
                f"no index at {self.path.parent}: run `pocdoc ingest` first (or set POCDOC_HOME)"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(_SCHEMA)
        if not self.get_state("epoch"):
            import uuid

            self._conn.execute("INSERT OR IGNORE INTO state(key, value) VALUES ('epoch', ?)", (uuid.uuid4().hex,))

    def close(self) -> None:
        self._conn.close()

    # -- state ---------------------------------------------------------------------------------
    def get_state(self, key: str, default: str = "") -> str:
        row = self._conn.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO state(key, value) VALUES (?, ?)", (key, value))

    @property
    def epoch(self) -> str:
        """Random per ledger file: a rebuilt index restarts its generations, but not its epoch."""
        return self.get_state("epoch")

    def is_stamp_of(self, epoch: str, generation: int) -> bool:
        """Whether something built from (epoch, generation) reflects this ledger now."""
        return epoch == self.epoch and generation == self.generation

    @property
    def generation(self) -> int:
        """Bumped by every commit; the BM25 index records the generation it was built from."""
        return int(self.get_state("generation", "0"))

    # -- documents -----------------------------------------------------------------------------
    def documents(self) -> dict[str, DocumentEntry]:
        rows = self._conn.execute(
            "SELECT doc_id, source, content_hash, record, passages, pages, ingested_at FROM documents"
        ).fetchall()
        return {row[0]: _entry(row) for row in rows}

    def passage_ids(self, doc_id: str | None = None) -> set[str]:
        if doc_id is None:
            rows = self._conn.execute("SELECT passage_id FROM passages")
        else:
            rows = self._conn.execute("SELECT passage_id FROM passages WHERE doc_id=?", (doc_id,))
        return {r[0] for r in rows}

    def passages(self, doc_id: str | None = None) -> Iterator[Passage]:
        sql = "SELECT passage_id, text, meta FROM passages"
        args: tuple[str, ...] = ()
        if doc_id is not None:
            sql += " WHERE doc_id=?"
            args = (doc_id,)
        sql += " ORDER BY doc_id, ordinal"
        with closing(self._conn.execute(sql, args)) as cur:
            for pid, text, meta in cur:
                yield Passage.from_metadata(pid, text, json.loads(meta))

    def count_passages(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0])

    def commit_document(
        self,
        record: DocumentRecord,
        *,
        source: str,
        content_hash: str,
        passages: Sequence[Passage],
        pages: int | None,
    ) -> None:
        """Replace a document's rows with its new passages, atomically."""
        with self._transaction():
            self._conn.execute("DELETE FROM passages WHERE doc_id=?", (record.doc_id,))
            self._conn.execute(
                "INSERT OR REPLACE INTO documents(doc_id, source, content_hash, record, passages, pages,"
                " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record.doc_id,
                    source,
                    content_hash,
                    json.dumps(asdict(record)),
                    len(passages),
                    pages,
                    time.time(),
                ),
            )
            self._conn.executemany(
                "INSERT INTO passages(passage_id, doc_id, ordinal, text, meta) VALUES (?, ?, ?, ?, ?)",
                [(p.passage_id, p.doc_id, p.ordinal, p.text, json.dumps(p.to_metadata())) for p in passages],
            )
            self._bump()

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        with self._transaction():
            self._conn.executemany("DELETE FROM passages WHERE doc_id=?", [(d,) for d in ids])
            self._conn.executemany("DELETE FROM documents WHERE doc_id=?", [(d,) for d in ids])
            self._bump()

    def clear(self) -> None:
        with self._transaction():
            self._conn.execute("DELETE FROM passages")
            self._conn.execute("DELETE FROM documents")
            self._bump()

    def _bump(self) -> None:
        self._conn.execute(
            "INSERT INTO state(key, value) VALUES ('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        self._conn.execute(
            "INSERT OR REPLACE INTO state(key, value) VALUES ('last_ingest', ?)", (str(time.time()),)
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _entry(row: tuple) -> DocumentEntry:
    record = json.loads(row[3])
    record["authors"] = tuple(record.get("authors") or ())
    return DocumentEntry(
        doc_id=row[0],
        source=row[1],
        content_hash=row[2],
        record=DocumentRecord(**record),
        passages=int(row[4]),
        pages=row[5],
        ingested_at=float(row[6]),
    )
