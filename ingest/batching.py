"""Documents queued for writing, grouped so encode() sees full batches, then committed one by one.

A passage whose id and text the ledger already holds with a vector from this encoder (a document
moved in its corpus folder, or a manifest field edited) keeps that vector, and its answer units
theirs (:mod:`ingest.unit_vectors`): only new text is embedded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from assistant.encoders import Embedder
from assistant.index import IndexWriter
from assistant.types import DocumentRecord, Passage
from ingest.summary import IngestSummary
from ingest.unit_vectors import embed_units

# Passages encoded together; several small documents share one encode() call.
ENCODE_GROUP = 256


@dataclass
class PendingDocument:
    record: DocumentRecord
    passages: list[Passage]
    source: str
    content_hash: str
    pages: int | None
    is_update: bool


class Batcher:
    """Groups documents so encode() sees full batches, then commits each document."""

    def __init__(self, writer: IndexWriter, embedder: Embedder, summary: IngestSummary) -> None:
        self.writer = writer
        self.embedder = embedder
        self.summary = summary
        self._pending: list[PendingDocument] = []

    def add(self, item: PendingDocument) -> None:
        self._pending.append(item)
        if sum(len(p.passages) for p in self._pending) >= ENCODE_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        stored = [self.writer.stored_vectors(item.passages) for item in self._pending]
        texts = [
            p.indexed_text
            for item, known in zip(self._pending, stored)
            for p in item.passages
            if p.passage_id not in known
        ]
        fresh = iter(())
        if texts:
            t0 = time.perf_counter()
            fresh = iter(self.embedder.encode_passages(texts))
            self.summary.embed_seconds += time.perf_counter() - t0
        self.summary.passages_embedded += len(texts)
        passages = [p for item in self._pending for p in item.passages]
        units = embed_units(
            passages, self.embedder, self.summary, self.writer.stored_units(passages)
        )
        for item, known in zip(self._pending, stored):
            vectors = np.stack(
                [
                    known[p.passage_id] if p.passage_id in known else next(fresh)
                    for p in item.passages
                ]
            )
            self.writer.commit(
                item.record,
                item.passages,
                vectors,
                source=item.source,
                content_hash=item.content_hash,
                pages=item.pages,
                units=[units[p.passage_id] for p in item.passages],
            )
            self.summary.passages_written += len(item.passages)
            if item.is_update:
                self.summary.updated += 1
            else:
                self.summary.added += 1
        self._pending.clear()
