"""What the kill campaigns write: a small Markdown corpus for `pocdoc ingest`, and documents with
random vectors committed straight to the stores (Chroma's persistence without the model)."""

from __future__ import annotations

from pathlib import Path


def write_corpus(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"note-{i:03d}.md").write_text(
            f"# Field note {i}\n\nPatrol {i} visited market {i} and heard {i} complaints about checkpoints.\n\n"
            f"## Follow-up\n\nThe mission met community leaders {i} times to discuss early warning.\n",
            encoding="utf-8",
        )
    return root


def random_documents(n_docs: int, per_doc: int = 100, seed: int = 0):
    """(record, passages, unit vectors) with random vectors: Chroma's persistence without the model."""
    import numpy as np

    from assistant.types import DocumentRecord, Passage

    rng = np.random.default_rng(seed)
    for d in range(n_docs):
        passages = [
            Passage(
                passage_id=f"r{d}:{i:04d}",
                doc_id=f"r{d}",
                text=f"random passage {d}.{i}",
                ordinal=i,
                char_start=0,
                char_end=9,
            )
            for i in range(per_doc)
        ]
        vectors = rng.normal(size=(per_doc, 384)).astype(np.float32)
        yield (
            DocumentRecord(doc_id=f"r{d}", title=f"R{d}"),
            passages,
            vectors / np.linalg.norm(vectors, axis=1, keepdims=True),
        )


def write_random(settings, n_docs: int, embedder=None) -> None:
    """What `pocdoc ingest` does to the stores, with random vectors: repair first, reconcile, then
    commit every document not yet committed."""
    from assistant.encoders import Embedder
    from assistant.index import IndexWriter, exclusive, repair_locked

    embedder = embedder or Embedder.from_settings(settings)
    with exclusive(settings):
        if settings.ledger_path.exists():
            repair_locked(settings, embedder)
        writer = IndexWriter(settings, embedder, "random")
        try:
            writer.reconcile()
            done = writer.ledger.documents()
            for record, passages, vectors in random_documents(n_docs):
                if record.doc_id not in done:
                    writer.commit(
                        record, passages, vectors, source="", content_hash=record.doc_id, pages=None
                    )
            writer.publish()
        finally:
            writer.close()
