"""The ledger: the source of truth for what is indexed, vectors included.

SQLite is the commit point. A document's passages are written to Chroma first, then its ledger
rows (text, metadata and the passage's vector, with the fingerprint of the encoder that made it)
replace the old ones in one transaction, then stale vectors are deleted. Readers trust only
passages the ledger lists, so a crash at any step leaves every document either wholly at its old
version or wholly at its new one. Chroma and BM25 are derived: both can be rebuilt from the ledger
without re-embedding (see :mod:`assistant.index.repair`).

The ledger also names the home: a random ``home_id`` from which the Chroma collection's name is
derived, so two homes sharing one Chroma server never see (or delete) each other's vectors, and
the identity of the folder it was made in, so a copied home is told from its original
(:mod:`assistant.index.home`). A document is known by its content; its paths are its
``locations`` (:mod:`assistant.index.ledger_schema`).
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np

from assistant.errors import IndexMissingError
from assistant.index.folder import FolderIdentity
from assistant.index.ledger_schema import DocumentEntry, entry, migrate
from assistant.index.ledger_units import LedgerUnits
from assistant.index.ledger_vectors import LedgerVectors
from assistant.index.unit_index import UnitVectors
from assistant.types import DocumentRecord, Passage

__all__ = ["DocumentEntry", "Ledger"]


class Ledger(LedgerVectors, LedgerUnits):
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
        migrate(self._conn)
        if not self.get_state("epoch"):
            self._insert_state("epoch", uuid.uuid4().hex)
        if not self.get_state("home_id"):  # a new home: named, and its folder recorded
            self._insert_state("home_id", uuid.uuid4().hex)
            self._insert_state("home_folder", FolderIdentity.of(self.path.parent).dumps())

    def _insert_state(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR IGNORE INTO state(key, value) VALUES (?, ?)", (key, value))

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
        """Random per home folder; names the home's Chroma collections."""
        return self.get_state("home_id")

    @property
    def home_folder(self) -> FolderIdentity | None:
        """The folder this ledger's home id belongs to (None: not recorded, an older pocdoc)."""
        return FolderIdentity.loads(self.get_state("home_folder"))

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
        where: dict[str, list[str]] = {}
        for doc_id, source in self._conn.execute(
            "SELECT doc_id, source FROM locations ORDER BY doc_id, position"
        ):
            where.setdefault(doc_id, []).append(source)
        return {row[0]: entry(row, tuple(where.get(row[0], ()))) for row in rows}

    def count_documents(self, *, without_vectors: bool = False) -> int:
        """Documents committed (only those with passages that have no stored vector)."""
        sql = "SELECT COUNT(*) FROM documents"
        if without_vectors:
            sql = "SELECT COUNT(DISTINCT doc_id) FROM passages WHERE vector IS NULL"
        return int(self._conn.execute(sql).fetchone()[0])

    def locations(self, doc_id: str) -> list[str]:
        """Where a committed document lies, first location first."""
        rows = self._conn.execute(
            "SELECT source FROM locations WHERE doc_id=? ORDER BY position", (doc_id,)
        )
        return [r[0] for r in rows]

    def detached_documents(self) -> list[str]:
        """Committed documents that lost their last location to another document (their
        ``source`` still names it); documents committed without a path are not among them."""
        rows = self._conn.execute(
            "SELECT doc_id FROM documents d WHERE source != '' AND NOT EXISTS "
            "(SELECT 1 FROM locations l WHERE l.doc_id = d.doc_id)"
        )
        return [r[0] for r in rows]

    def document_at(self, source: str) -> str | None:
        """The committed document one of whose locations is ``source``."""
        row = self._conn.execute(
            "SELECT doc_id FROM locations WHERE source=?", (source,)
        ).fetchone()
        return row[0] if row else None

    def set_locations(self, doc_id: str, sources: Sequence[str]) -> None:
        """Where a committed document lies, first location first (no passage changes). A path that
        was another document's location becomes this one's. With no ``sources`` the document is
        detached (:meth:`detached_documents`)."""
        with self._transaction():
            taken_from = {
                r[0]
                for r in self._conn.execute(
                    f"SELECT doc_id FROM locations WHERE source IN ({','.join('?' * len(sources))})",
                    list(sources),
                )
            } - {doc_id}
            self._write_locations(doc_id, sources)
            for other in taken_from:
                self._conn.execute(
                    "UPDATE documents SET source = COALESCE((SELECT source FROM locations WHERE "
                    "doc_id = ? ORDER BY position LIMIT 1), source) WHERE doc_id = ?",
                    (other, other),
                )
            self._bump()

    def _write_locations(self, doc_id: str, sources: Sequence[str]) -> None:
        self._conn.execute("DELETE FROM locations WHERE doc_id=?", (doc_id,))
        self._conn.executemany(
            "INSERT OR REPLACE INTO locations(source, doc_id, position) VALUES (?, ?, ?)",
            [(source, doc_id, i) for i, source in enumerate(sources) if source],
        )
        if sources:  # with none left, source keeps the last path: see detached_documents
            self._conn.execute("UPDATE documents SET source=? WHERE doc_id=?", (sources[0], doc_id))

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

    def sample_ids(self, n: int) -> list[str]:
        rows = self._conn.execute("SELECT passage_id FROM passages ORDER BY random() LIMIT ?", (n,))
        return [r[0] for r in rows]

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
        units: Sequence[UnitVectors] = (),
    ) -> None:
        """Replace a document's rows with its new passages (and their vectors, and their answer
        units' vectors), atomically."""
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
            self._write_units(units)
            self._write_locations(record.doc_id, [source])
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
