"""The ledger: the source of truth for what is indexed, vectors included.

SQLite is the commit point. A document's passages are written to Chroma first, then its ledger
rows (text, metadata and the passage's vector, with the fingerprint of the encoder that made it)
replace the old ones in one transaction, then stale vectors are deleted. Readers trust only
passages the ledger lists, so a crash at any step leaves every document either wholly at its old
version or wholly at its new one. Chroma and BM25 are derived: both can be rebuilt from the ledger
without re-embedding (see :mod:`assistant.index.repair`).

The ledger also names the home: a random ``home_id`` from which the Chroma collection's name is
derived, so two homes sharing one Chroma server never see (or delete) each other's vectors.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

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
    ingested_at REAL NOT NULL,
    encoder TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS passages (
    passage_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL,
    vector BLOB
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
        self._conn = sqlite3.connect(
            self.path, timeout=30, check_same_thread=False, isolation_level=None
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(_SCHEMA)
        _add_missing_columns(self._conn)
        for key in ("epoch", "home_id"):
            if not self.get_state(key):
                self._conn.execute(
                    "INSERT OR IGNORE INTO state(key, value) VALUES (?, ?)", (key, uuid.uuid4().hex)
                )

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
    def home_id(self) -> str:
        """Random per ledger file; names the home's Chroma collection."""
        return self.get_state("home_id")

    @property
    def collection(self) -> str:
        """The Chroma collection now serving this home ("" before the first ingest)."""
        return self.get_state("collection")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One consistent view for several reads (WAL snapshot isolation)."""
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            self._conn.execute("COMMIT")

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

    def passage_ids_of(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` the ledger lists now."""
        ids = list(ids)
        rows = self._conn.execute(
            f"SELECT passage_id FROM passages WHERE passage_id IN ({','.join('?' * len(ids))})", ids
        )
        return {r[0] for r in rows}

    def set_states(self, values: dict[str, str]) -> None:
        """Several state keys in one transaction (repair switches collections this way)."""
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO state(key, value) VALUES (?, ?)", list(values.items())
            )

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

    def count_without_vectors(self) -> int:
        """Passages committed before the ledger stored vectors: these need re-embedding."""
        return int(
            self._conn.execute("SELECT COUNT(*) FROM passages WHERE vector IS NULL").fetchone()[0]
        )

    def sample_ids(self, n: int) -> list[str]:
        rows = self._conn.execute("SELECT passage_id FROM passages ORDER BY random() LIMIT ?", (n,))
        return [r[0] for r in rows]

    def vectors(
        self, ids: Iterable[str] | None = None, batch: int = 1000
    ) -> Iterator[tuple[list[Passage], np.ndarray]]:
        """Passages with a stored vector and their vectors, ``batch`` at a time, in ledger order."""
        sql = "SELECT passage_id, text, meta, vector FROM passages WHERE vector IS NOT NULL"
        if ids is None:
            batches: Iterable[list[str] | None] = [None]
        else:
            wanted = sorted(ids)
            batches = [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
        for chunk in batches:
            query = (
                sql if chunk is None else sql + f" AND passage_id IN ({','.join('?' * len(chunk))})"
            )
            with closing(
                self._conn.execute(query + " ORDER BY doc_id, ordinal", chunk or ())
            ) as cur:
                while rows := cur.fetchmany(batch):
                    passages = [
                        Passage.from_metadata(pid, text, json.loads(meta))
                        for pid, text, meta, _ in rows
                    ]
                    yield passages, np.stack([np.frombuffer(r[3], dtype=np.float32) for r in rows])

    def commit_document(
        self,
        record: DocumentRecord,
        *,
        source: str,
        content_hash: str,
        passages: Sequence[Passage],
        pages: int | None,
        vectors: np.ndarray | None = None,
        encoder: str = "",
    ) -> None:
        """Replace a document's rows with its new passages (and their vectors), atomically."""
        if vectors is not None and len(vectors) != len(passages):
            raise ValueError(
                f"{len(vectors)} vectors for {len(passages)} passages of {record.doc_id}"
            )
        blobs = (
            [None] * len(passages)
            if vectors is None
            else [np.asarray(v, dtype=np.float32).tobytes() for v in vectors]
        )
        with self._transaction():
            self._conn.execute("DELETE FROM passages WHERE doc_id=?", (record.doc_id,))
            self._conn.execute(
                "INSERT OR REPLACE INTO documents(doc_id, source, content_hash, record, passages, pages,"
                " ingested_at, encoder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.doc_id,
                    source,
                    content_hash,
                    json.dumps(asdict(record)),
                    len(passages),
                    pages,
                    time.time(),
                    encoder,
                ),
            )
            self._conn.executemany(
                "INSERT INTO passages(passage_id, doc_id, ordinal, text, meta, vector) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (p.passage_id, p.doc_id, p.ordinal, p.text, json.dumps(p.to_metadata()), blob)
                    for p, blob in zip(passages, blobs)
                ],
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
            "INSERT OR REPLACE INTO state(key, value) VALUES ('last_ingest', ?)",
            (str(time.time()),),
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


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Ledgers written before vectors were stored gain the columns (their vectors stay NULL)."""
    for table, column, decl in (
        ("passages", "vector", "BLOB"),
        ("documents", "encoder", "TEXT NOT NULL DEFAULT ''"),
    ):
        names = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in names:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def _entry(row: tuple[Any, ...]) -> DocumentEntry:
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
