"""The ledger's tables, how older ledgers are brought up to them, and its rows as Python values.

A document is known by its content (``content_hash``: the file's bytes, the pipeline's
fingerprint and its manifest record, not its path); where it lies is an attribute, in
``locations`` (one row per path, a path belongs to one document). ``documents.source`` is the
first location, kept for readers that want one path.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from assistant.types import DocumentRecord

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS units (
    passage_id TEXT NOT NULL REFERENCES passages(passage_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    stop INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (passage_id, ordinal)
);
CREATE TABLE IF NOT EXISTS locations (
    source TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS locations_doc ON locations(doc_id, position);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentEntry:
    """A committed document: ``source`` is its first location, ``locations`` all of them."""

    doc_id: str
    source: str
    content_hash: str
    record: DocumentRecord
    passages: int
    pages: int | None
    ingested_at: float
    locations: tuple[str, ...] = ()


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a ledger written by an older pocdoc up to :data:`SCHEMA`.

    Ledgers from before vectors were stored gain the columns (their vectors stay NULL until
    `pocdoc repair` embeds them); ledgers from before locations gain one per document; ledgers
    from before unit vectors gain the ``units`` table, empty, and ``passages.units`` NULL until
    `pocdoc ingest` cuts and embeds them.
    """
    had_locations = bool(
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='locations'"
        ).fetchone()
    )
    conn.executescript(SCHEMA)
    for table, column, decl in (
        ("passages", "vector", "BLOB"),
        ("passages", "units", "INTEGER"),  # answer units with a stored vector; NULL: not cut yet
        ("documents", "encoder", "TEXT NOT NULL DEFAULT ''"),
    ):
        names = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in names:
            try:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            except sqlite3.OperationalError as exc:
                # another process opening the same new ledger added it between the two statements
                if "duplicate column name" not in str(exc):
                    raise
    if not had_locations:
        conn.execute(
            "INSERT OR IGNORE INTO locations(source, doc_id, position) "
            "SELECT source, doc_id, 0 FROM documents WHERE source != ''"
        )


class Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on an exception)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


def entry(row: tuple[Any, ...], locations: tuple[str, ...]) -> DocumentEntry:
    """A ``documents`` row (doc_id, source, content_hash, record, passages, pages, ingested_at)."""
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
        locations=locations,
    )
