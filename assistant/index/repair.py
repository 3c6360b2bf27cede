"""`pocdoc repair`: rebuild a damaged derived store from the ledger, without re-embedding.

Chroma is rebuilt into a NEW collection (``<prefix>-<home id>-r<n>``) from the vectors the ledger
holds; only when it holds every committed passage does the ledger switch to it, in one
transaction. Readers then follow on their next refresh; the damaged collection is retired
(deleted, or remembered and deleted by a later repair if it cannot be deleted now). The BM25
index is rebuilt and published when it is stale or unreadable.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from assistant.encoders import Embedder
from assistant.errors import IndexDamagedError, PocdocError
from assistant.index.health import store_problems
from assistant.index.ledger import Ledger
from assistant.index.lexical import LexicalIndex
from assistant.index.snapshot import exclusive, open_store
from assistant.index.store import VectorStore, collection_name
from assistant.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class RepairReport:
    problems: list[str] = field(default_factory=list)
    rebuilt_collection: str = ""
    vectors_restored: int = 0
    documents_dropped: list[str] = field(default_factory=list)
    lexical_rebuilt: bool = False
    retired: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def healthy_before(self) -> bool:
        return not self.problems and not self.lexical_rebuilt

    def line(self) -> str:
        if self.healthy_before and not self.rebuilt_collection:
            return "index healthy: nothing to repair"
        parts = []
        if self.rebuilt_collection:
            parts.append(
                f"rebuilt Chroma collection '{self.rebuilt_collection}' with {self.vectors_restored} vectors from the ledger"
            )
        if self.lexical_rebuilt:
            parts.append("rebuilt the BM25 index")
        if self.documents_dropped:
            parts.append(
                f"dropped {len(self.documents_dropped)} documents without stored vectors (run `pocdoc ingest` to "
                "index them again)"
            )
        return "; ".join(parts) + f"; {self.seconds:.1f} s"


def repair(
    settings: Settings, embedder: Embedder | None = None, *, force: bool = False
) -> RepairReport:
    """Check the derived stores and rebuild what is damaged (everything, with ``force``)."""
    with exclusive(settings):
        return repair_locked(settings, embedder or Embedder.from_settings(settings), force=force)


def repair_locked(
    settings: Settings, embedder: Embedder, *, force: bool = False, lexical: bool = True
) -> RepairReport:
    """:func:`repair` for a caller that already holds the home's lock. Ingest passes
    ``lexical=False``: it publishes a fresh BM25 index when it ends anyway."""
    started = time.perf_counter()
    report = RepairReport()
    ledger = Ledger(settings.ledger_path, create=False)
    try:
        report.problems = _chroma_problems(settings, embedder, ledger)
        if report.problems or force:
            _rebuild_chroma(settings, embedder, ledger, report)
        _retire(settings, embedder, ledger, report)
        if not lexical:
            return report
        published = LexicalIndex.load(settings.bm25_dir)
        report.lexical_rebuilt = published is None or not ledger.is_stamp_of(
            published.epoch, published.generation
        )
        if report.lexical_rebuilt or force:
            LexicalIndex.build(ledger.passages(), ledger.generation, ledger.epoch).save(
                settings.bm25_dir
            )
    finally:
        ledger.close()
        report.seconds = time.perf_counter() - started
    return report


def _chroma_problems(settings: Settings, embedder: Embedder, ledger: Ledger) -> list[str]:
    if not ledger.collection:
        return ["no Chroma collection is recorded"] if ledger.count_passages() else []
    try:
        store = open_store(settings, embedder, ledger, create=False)
    except IndexDamagedError as exc:
        return [str(exc).split(":", 1)[0]]
    return store_problems(ledger, store)


def _rebuild_chroma(
    settings: Settings, embedder: Embedder, ledger: Ledger, report: RepairReport
) -> None:
    bare = _ids_without_vectors(ledger)
    unvectored = {p.doc_id for p in ledger.passages() if p.passage_id in bare} if bare else set()
    if unvectored:
        # Committed by a pocdoc that did not store vectors: they cannot be restored, only re-embedded.
        report.documents_dropped = sorted(unvectored)
        ledger.remove_documents(unvectored)
    version = int(ledger.get_state("collection_version", "0")) + 1
    name = collection_name(settings.store.collection, ledger.home_id, version)
    fresh = VectorStore(settings, embedder, name, create=True)
    if fresh.count():  # left by a repair that was killed before it switched: start it clean
        fresh.drop()
        fresh = VectorStore(settings, embedder, name, create=True)
    for passages, vectors in ledger.vectors():
        fresh.upsert(passages, vectors)
        report.vectors_restored += len(passages)
    problems = store_problems(ledger, fresh)
    if problems:
        raise IndexDamagedError(
            f"the rebuilt collection '{name}' failed its check ({'; '.join(problems)}): check the disk or the "
            "Chroma server, then run `pocdoc repair` again"
        )
    old = ledger.collection
    retired = [c for c in ledger.get_state("retired").split("\n") if c] + ([old] if old else [])
    ledger.set_states(
        {"collection": name, "collection_version": str(version), "retired": "\n".join(retired)}
    )
    report.rebuilt_collection = name
    log.info("switched to collection %s", name)


def _retire(settings: Settings, embedder: Embedder, ledger: Ledger, report: RepairReport) -> None:
    """Delete collections this home replaced; one that cannot be deleted yet stays listed."""
    left = []
    for name in (c for c in ledger.get_state("retired").split("\n") if c):
        try:
            VectorStore(settings, embedder, name, create=True).drop()
            report.retired.append(name)
        except PocdocError as exc:
            log.warning(
                "could not delete the replaced collection %s yet (%s): a later repair tries again",
                name,
                exc,
            )
            left.append(name)
    ledger.set_state("retired", "\n".join(left))


def _ids_without_vectors(ledger: Ledger) -> set[str]:
    if not ledger.count_without_vectors():
        return set()
    return ledger.passage_ids() - {p.passage_id for ps, _ in ledger.vectors() for p in ps}
