"""The write side of the index: :class:`IndexWriter` (see :mod:`assistant.index.snapshot` for the
protocol it follows)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np

from assistant.encoders import Embedder
from assistant.index.home import claim, needs_own_collection
from assistant.index.ledger import Ledger
from assistant.index.lexical import LexicalIndex
from assistant.index.repair import repair_locked
from assistant.index.snapshot import lexical_index, open_store
from assistant.index.unit_index import UnitVectors
from assistant.settings import Settings
from assistant.types import DocumentRecord, Passage

log = logging.getLogger(__name__)


class IndexWriter:
    """The write side. Use under :func:`exclusive`; ``encoder`` is the fingerprint of the model
    that made the vectors, recorded beside them in the ledger."""

    def __init__(self, settings: Settings, embedder: Embedder, encoder: str = "") -> None:
        self.settings = settings
        self.encoder = encoder
        self.ledger = Ledger(settings.ledger_path)
        if claim(self.ledger) or needs_own_collection(self.ledger):
            # A copied home (or one from an older pocdoc) must not write to the collection it was
            # serving: it fills one of its own from its ledger first.
            repair_locked(settings, embedder, lexical=False)
        self.store = open_store(settings, embedder, self.ledger, create=True)

    def reconcile(self) -> int:
        """Finish what a killed run left; returns the passages re-embedded by nobody (0 normally).

        Vectors the ledger never committed are deleted (they are this home's own: the collection is
        named by its home id); committed passages missing from Chroma get their vectors back from
        the ledger. Documents committed before the ledger stored vectors are embedded by the repair
        an ingest runs first; for a writer that did not run one, those missing from Chroma are
        forgotten so that its next ingest indexes them again.
        """
        committed = self.ledger.passage_ids()
        stored = self.store.all_ids()
        orphans = stored - committed
        if orphans:
            log.info("removing %d uncommitted vectors left by an interrupted ingest", len(orphans))
            self.store.delete(sorted(orphans))
        missing = committed - stored
        if not missing:
            return 0
        restored: set[str] = set()
        for passages, vectors in self.ledger.vectors(missing):
            self.store.upsert(passages, vectors)
            restored.update(p.passage_id for p in passages)
        log.info("restored %d vectors from the ledger", len(restored))
        lost = missing - restored
        if lost:
            broken = {p.doc_id for p in self.ledger.passages() if p.passage_id in lost}
            documents = self.ledger.documents()
            log.warning(
                "%d documents have no stored vectors (indexed by an older pocdoc) and are missing from Chroma: "
                "they are dropped from the index and indexed again when their paths are ingested (%s)",
                len(broken),
                ", ".join(sorted(documents[d].source or d for d in broken)),
            )
            self.ledger.remove_documents(broken)
        return len(lost)

    def commit(
        self,
        record: DocumentRecord,
        passages: Sequence[Passage],
        vectors: np.ndarray,
        *,
        source: str,
        content_hash: str,
        pages: int | None,
        units: Sequence[UnitVectors] = (),
    ) -> None:
        """Write one document: Chroma, then the ledger (the commit point, with its passages' unit
        vectors), then stale vectors go."""
        old_ids = self.ledger.passage_ids(record.doc_id)
        self.store.upsert(passages, vectors)
        self.ledger.commit_document(
            record,
            source=source,
            content_hash=content_hash,
            passages=passages,
            pages=pages,
            vectors=vectors,
            encoder=self.encoder,
            units=units,
        )
        stale = old_ids - {p.passage_id for p in passages}
        if stale:
            self.store.delete(sorted(stale))

    def relocate(self, doc_id: str, sources: Sequence[str]) -> None:
        """A committed document found at other paths: the ledger's locations change, nothing else."""
        self.ledger.set_locations(doc_id, sources)

    def stored_vectors(self, passages: Sequence[Passage]) -> dict[str, np.ndarray]:
        """Vectors this writer's encoder already made for these passages (same id and text)."""
        return self.ledger.stored_vectors(passages, self.encoder)

    def stored_units(self, passages: Sequence[Passage]) -> dict[str, UnitVectors]:
        """Unit vectors this writer's encoder already made for these passages (same id and text)."""
        return self.ledger.stored_units(passages, self.encoder)

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Forget documents: the ledger first (readers stop seeing them), then their vectors."""
        doc_ids = list(doc_ids)
        ids = set().union(*(self.ledger.passage_ids(d) for d in doc_ids)) if doc_ids else set()
        self.ledger.remove_documents(doc_ids)
        self.store.delete(sorted(ids))
        return len(doc_ids)

    def publish(self) -> LexicalIndex:
        return lexical_index(self.settings, self.ledger, publish=True)

    def close(self) -> None:
        self.ledger.close()
