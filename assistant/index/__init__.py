"""The index: the ledger (the source of truth), the Chroma and BM25 stores derived from it, the read snapshot, repair and health checks."""

from __future__ import annotations

from assistant.index.ledger import DocumentEntry, Ledger
from assistant.index.lexical import LexicalIndex
from assistant.index.passage_languages import (
    LANGUAGES_FILE,
    PassageLanguages,
    load_languages,
    update_languages,
)
from assistant.index.repair import repair, repair_locked
from assistant.index.snapshot import (
    Snapshot,
    exclusive,
    load_snapshot,
    read_stamp,
    unit_gap,
    wipe,
)
from assistant.index.store import VectorStore
from assistant.index.unit_index import UnitIndex, UnitVectors
from assistant.index.writer import IndexWriter

__all__ = [
    "LANGUAGES_FILE",
    "DocumentEntry",
    "IndexWriter",
    "Ledger",
    "LexicalIndex",
    "PassageLanguages",
    "Snapshot",
    "UnitIndex",
    "UnitVectors",
    "VectorStore",
    "exclusive",
    "load_languages",
    "load_snapshot",
    "read_stamp",
    "unit_gap",
    "repair",
    "repair_locked",
    "update_languages",
    "wipe",
]
