"""Answer units embedded at ingest: each passage's sentences, list items and article paragraphs
(the units the composer quotes, :func:`assistant.answers.units_of`) get a vector once, stored in
the ledger with the passage. Retrieval searches them (a passage scores as its best unit too) and
the composer reads them instead of encoding units when a question is asked.

A passage whose id and text the ledger already holds with unit vectors from this encoder keeps
them; passages an older pocdoc committed without them get them on the next ingest.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from assistant.encoders import Embedder
from assistant.index import IndexWriter, UnitVectors
from assistant.types import Passage
from ingest.summary import IngestSummary

BACKFILL_BATCH = 256  # passages cut and embedded per ledger transaction when backfilling


def embed_units(
    passages: Sequence[Passage],
    embedder: Embedder,
    summary: IngestSummary,
    known: Mapping[str, UnitVectors] | None = None,
) -> dict[str, UnitVectors]:
    """Each passage's unit vectors by passage id (from ``known`` where given), new ones
    encoded in one call."""
    from assistant.answers import encoded_text, units_of

    known = known or {}
    todo = [p for p in passages if p.passage_id not in known]
    cuts = [units_of(p) for p in todo]
    texts = [encoded_text(p, u) for p, units in zip(todo, cuts) for u in units]
    fresh = np.zeros((0, embedder.dimension), dtype=np.float32)
    if texts:
        t0 = time.perf_counter()
        fresh = embedder.encode_passages(texts)
        summary.unit_seconds += time.perf_counter() - t0
    summary.units_embedded += len(texts)
    out = dict(known)
    row = 0
    for p, units in zip(todo, cuts):
        spans = tuple((u.start, u.end) for u in units)
        out[p.passage_id] = UnitVectors(p.passage_id, spans, fresh[row : row + len(units)])
        row += len(units)
    return out


def backfill_units(writer: IndexWriter, embedder: Embedder, summary: IngestSummary) -> int:
    """Give committed passages without unit vectors (an older index) theirs; each batch is one
    transaction, so a killed run resumes. Returns the passages given units."""
    done = 0
    while batch := writer.ledger.passages_without_units(BACKFILL_BATCH):
        units = embed_units(batch, embedder, summary)
        writer.ledger.store_units([units[p.passage_id] for p in batch])
        done += len(batch)
    return done
