"""Retrieval: the engine (dense and BM25 arms, fusion, filters, dedupe, rerank) and the hits it returns."""

from __future__ import annotations

from assistant.retrieval.crosslingual import CrossLingualEngine
from assistant.retrieval.engine import UNIT_BM25, UNITS, Engine
from assistant.retrieval.fusion import fuse
from assistant.retrieval.hits import collapse_duplicates, demote_superseded, to_hits

__all__ = [
    "UNITS",
    "UNIT_BM25",
    "CrossLingualEngine",
    "Engine",
    "collapse_duplicates",
    "demote_superseded",
    "fuse",
    "to_hits",
]
