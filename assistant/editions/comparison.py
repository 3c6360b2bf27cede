"""Comparing two indexed documents: their paragraphs read from the ledger, aligned (or the cached
alignment reused), optionally narrowed to a topic.

This is a room of ``assistant/`` between ``answers/`` and ``retrieval/``: it reads the ledger
(``index/``) and the ground floor's records and glossary, and needs nothing from ``ingest/`` or
``ui/``, so the CLI, the Streamlit page and (later) the answers can all use it.

A topic keeps the pairs where either side is about it: a paragraph whose words hold every content
word of the topic, or whose stored vector is close to the topic's (when the caller gives the
topic's vector, made by the index's own encoder).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from assistant.editions.alignment import STATUSES, AlignedPair, AlignmentConfig, align
from assistant.editions.cache import AlignmentCache
from assistant.editions.pair_features import PairScorer
from assistant.editions.paragraphs import Paragraph, paragraphs_of
from assistant.errors import PocdocError
from assistant.index import Ledger
from assistant.text import content_words
from assistant.types import DocumentRecord

TOPIC_COSINE = 0.80  # a paragraph this close to the topic's vector is about it


class CompareError(PocdocError):
    """Two documents cannot be compared: one is unknown, not indexed, or has no stored vectors."""


@dataclass(frozen=True)
class Edition:
    """One side of a comparison: a document's record and its paragraphs."""

    record: DocumentRecord
    paragraphs: tuple[Paragraph, ...]
    vectors: np.ndarray = field(repr=False, compare=False)
    units: tuple[np.ndarray, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        """How a citation names the document: its symbol, else its short title or title."""
        return self.record.symbol or self.record.short_title or self.record.title


@dataclass(frozen=True)
class Row:
    """One row of a comparison, with both sides' paragraphs (None where a side has none)."""

    pair: AlignedPair
    old: Paragraph | None
    new: Paragraph | None


@dataclass(frozen=True)
class Comparison:
    """Two editions and their aligned paragraphs (all of them, or a topic's)."""

    old: Edition
    new: Edition
    pairs: tuple[AlignedPair, ...]
    topic: str = ""
    cached: bool = False
    seconds: float = 0.0

    def rows(self) -> Iterator[Row]:
        for pair in self.pairs:
            yield Row(
                pair,
                None if pair.old is None else self.old.paragraphs[pair.old],
                None if pair.new is None else self.new.paragraphs[pair.new],
            )

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for pair in self.pairs:
            out[pair.status] += 1
        out["moved"] = sum(p.moved for p in self.pairs)
        out["merged"] = len({p.new for p in self.pairs if p.shared > 1})  # newer paragraphs
        return out

    def to_dict(self) -> dict[str, object]:
        """The documented JSON of `pocdoc compare --json`."""
        return {
            "old": _side(self.old),
            "new": _side(self.new),
            "topic": self.topic,
            "counts": self.counts(),
            "cached": self.cached,
            "seconds": round(self.seconds, 3),
            "pairs": [
                {
                    **row.pair.to_dict(),
                    "old": _paragraph(row.old),
                    "new": _paragraph(row.new),
                }
                for row in self.rows()
            ],
        }


def load_edition(ledger: Ledger, doc_id: str) -> tuple[Edition, str]:
    """A document's edition from the ledger, and its content hash."""
    entry = ledger.documents().get(doc_id)
    if entry is None:
        raise CompareError(
            f"'{doc_id}' is not indexed in {ledger.path.parent}: give a doc_id that "
            "`pocdoc series` lists, or ingest the document first"
        )
    ids = ledger.passage_ids(doc_id)
    passages, vectors = [], []
    for batch, array in ledger.vectors(ids):
        passages.extend(batch)
        vectors.append(array)
    if len(passages) < len(ids):
        raise CompareError(
            f"{len(ids) - len(passages)} passages of '{doc_id}' have no stored vector: "
            "run `pocdoc repair` to embed them"
        )
    stacked = np.concatenate(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
    paragraphs, unit = paragraphs_of(passages, stacked)
    return Edition(entry.record, tuple(paragraphs), unit, _units(ledger, paragraphs)), (
        entry.content_hash
    )


def _units(ledger: Ledger, paragraphs: list[Paragraph]) -> tuple[np.ndarray, ...] | None:
    """Each paragraph's stored sentence (answer-unit) vectors, or None for an index without
    them (the alignment then reads each paragraph as one sentence)."""
    stored = ledger.unit_vectors_of([i for p in paragraphs for i in p.passage_ids])
    if not stored:
        return None
    empty = np.zeros((0, next(iter(stored.values())).shape[1]), dtype=np.float32)
    return tuple(np.concatenate([stored.get(i, empty) for i in p.passage_ids]) for p in paragraphs)


def align_editions(
    old: Edition,
    new: Edition,
    config: AlignmentConfig | None = None,
    *,
    scorer: PairScorer | None = None,
) -> tuple[AlignedPair, ...]:
    """Align two editions' paragraphs with their stored vectors and sentence vectors."""
    return align(
        old.paragraphs,
        new.paragraphs,
        old.vectors,
        new.vectors,
        config,
        old_units=old.units,
        new_units=new.units,
        scorer=scorer,
    )


def compare(
    ledger: Ledger,
    old_id: str,
    new_id: str,
    *,
    cache: AlignmentCache | None = None,
    config: AlignmentConfig | None = None,
    topic: str = "",
    embed_topic: Callable[[str], np.ndarray] | None = None,
) -> Comparison:
    """Compare two indexed documents, older first; ``embed_topic`` (the index's query encoder)
    widens a topic from its words to its meaning."""
    if old_id == new_id:
        raise CompareError(f"'{old_id}' compared with itself: give two different documents")
    started = time.perf_counter()
    config = config or AlignmentConfig()
    old, old_hash = load_edition(ledger, old_id)
    new, new_hash = load_edition(ledger, new_id)
    key = AlignmentCache.key(old_hash, new_hash, config)
    pairs = cache.get(old_id, new_id, key) if cache is not None else None
    cached = pairs is not None
    if pairs is None:
        pairs = align_editions(old, new, config)
        if cache is not None:
            cache.put(old_id, new_id, key, pairs)
    if topic.strip():
        vector = embed_topic(topic) if embed_topic is not None else None
        kept_old, kept_new = set(about(old, topic, vector)), set(about(new, topic, vector))
        pairs = tuple(p for p in pairs if p.old in kept_old or p.new in kept_new)
    return Comparison(old, new, pairs, topic.strip(), cached, time.perf_counter() - started)


def about(edition: Edition, topic: str, vector: np.ndarray | None = None) -> list[int]:
    """The paragraphs of ``edition`` about ``topic``: those holding every content word of it, or
    (given the topic's ``vector``) those whose stored vector is within :data:`TOPIC_COSINE`."""
    words = content_words(topic)
    close: set[int] = set()
    if vector is not None and edition.vectors.size:
        unit = vector / (float(np.linalg.norm(vector)) or 1.0)
        close = {int(i) for i in np.flatnonzero(edition.vectors @ unit >= TOPIC_COSINE)}
    return [
        p.index
        for p in edition.paragraphs
        if p.index in close or (words and words <= content_words(p.text))
    ]


def _side(edition: Edition) -> dict[str, object]:
    r = edition.record
    return {
        "doc_id": r.doc_id,
        "title": r.title,
        "symbol": r.symbol,
        "date": r.date,
        "paragraphs": len(edition.paragraphs),
    }


def _paragraph(paragraph: Paragraph | None) -> dict[str, object] | None:
    if paragraph is None:
        return None
    return {
        "index": paragraph.index,
        "number": paragraph.number,
        "page": paragraph.page,
        "page_end": paragraph.page_end,
        "section": paragraph.section,
        "label": paragraph.label,
        "text": paragraph.text,
        "passage_ids": list(paragraph.passage_ids),
    }
