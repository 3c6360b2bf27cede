"""Indexing passages cut elsewhere (a BEIR corpus) with the same guarantees as ingested files."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

from assistant.encoders import Embedder
from assistant.index import IndexWriter, exclusive
from assistant.settings import Settings
from assistant.types import DocumentRecord, Passage
from ingest.pipeline import Batcher, PendingDocument, encoder_fingerprint
from ingest.summary import IngestSummary


def index_passages(
    settings: Settings,
    documents: Iterable[tuple[DocumentRecord, list[Passage]]],
    *,
    progress: bool = True,
    embedder: Embedder | None = None,
) -> IngestSummary:
    """Commit each (record, passages) pair whose passages changed; unchanged ones are skipped."""
    with exclusive(settings):
        started = time.perf_counter()
        summary = IngestSummary()
        embedder = embedder or Embedder.from_settings(settings)
        writer = IndexWriter(settings, embedder, encoder_fingerprint(settings))
        batcher = Batcher(writer, embedder, summary)
        try:
            writer.reconcile()
            committed = {d: e.content_hash for d, e in writer.ledger.documents().items()}
            items = list(documents)
            bar = _bar(len(items), progress)
            for record, passages in items:
                digest = hashlib.sha256(
                    "\x1e".join(p.passage_id + "\x1f" + p.text for p in passages).encode()
                ).hexdigest()
                if committed.get(record.doc_id) == digest:
                    summary.unchanged += 1
                else:
                    batcher.add(
                        PendingDocument(
                            record, passages, "", digest, None, is_update=record.doc_id in committed
                        )
                    )
                if bar is not None:
                    bar.update(1)
            batcher.flush()
            writer.publish()
            summary.passages_total = writer.ledger.count_passages()
            summary.documents_total = len(writer.ledger.documents())
            if bar is not None:
                bar.close()
        finally:
            writer.close()
        summary.seconds = time.perf_counter() - started
        return summary


def _bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="index", unit="doc", dynamic_ncols=True)
