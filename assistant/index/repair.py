"""`pocdoc repair`: rebuild a damaged derived store from the ledger, without re-embedding.

Chroma is rebuilt into a NEW collection (``<prefix>-<home id>-r<n>``, a name this home has never
used, recorded as its own before it is created) from the vectors the ledger holds; only when it
holds every committed passage does the ledger switch to it, in one transaction. Readers then follow
on their next refresh; the replaced collection is deleted (or, if it cannot be yet, by a later
write), and so is any collection of this home a killed rebuild left. The BM25 index is rebuilt and
published when it is stale or unreadable.

Two kinds of home are rebuilt even when Chroma is healthy: a copied home (it takes its own id and
collection, :mod:`assistant.index.home`), and one whose ledger holds passages without vectors
(written by an older pocdoc): those are embedded once from the ledger's texts, ids unchanged.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from assistant.encoders import Embedder, encoder_fingerprint
from assistant.errors import IndexDamagedError
from assistant.index.health import store_problems
from assistant.index.home import (
    INHERITED,
    claim,
    drop_replaced,
    inherited_from,
    names,
    needs_own_collection,
    new_collection,
)
from assistant.index.ledger import Ledger
from assistant.index.lexical import LexicalIndex
from assistant.index.snapshot import exclusive, open_store
from assistant.index.store import VectorStore
from assistant.settings import Settings

log = logging.getLogger(__name__)
_EMBED_BATCH = 256


@dataclass
class RepairReport:
    problems: list[str] = field(default_factory=list)
    new_home_id: str = ""  # taken by a copied home (or one from an older pocdoc)
    rebuilt_collection: str = ""
    vectors_restored: int = 0
    vectors_embedded: int = 0  # passages that had no stored vector, embedded once
    documents_embedded: int = 0
    lexical_rebuilt: bool = False
    without_units: int = 0  # passages that predate unit vectors: `pocdoc ingest` embeds them
    retired: list[str] = field(default_factory=list)  # this home's replaced collections, deleted
    left: list[str] = field(default_factory=list)  # inherited from the original, left on the server
    seconds: float = 0.0

    @property
    def healthy_before(self) -> bool:
        return not self.problems and not self.lexical_rebuilt

    def line(self) -> str:
        units = (
            f"; {self.without_units} passages predate unit vectors: run `pocdoc ingest` to "
            "embed their answer units once"
            if self.without_units
            else ""
        )
        if self.healthy_before and not self.rebuilt_collection:
            return "index healthy: nothing to repair" + units
        parts = []
        if self.new_home_id:
            parts.append(f"took its own home id {self.new_home_id[:12]} (this home is a copy)")
        if self.vectors_embedded:
            parts.append(
                f"embedded {self.vectors_embedded} passages of {self.documents_embedded} documents "
                "that had no stored vector, once (passage ids kept)"
            )
        if self.rebuilt_collection:
            parts.append(
                f"rebuilt Chroma collection '{self.rebuilt_collection}' with {self.vectors_restored} vectors from the ledger"
            )
        if self.retired:
            parts.append(f"deleted the replaced collection {', '.join(self.retired)}")
        if self.left:
            parts.append(f"left {', '.join(self.left)} on the server (the original home's)")
        if self.lexical_rebuilt:
            parts.append("rebuilt the BM25 index")
        return "; ".join(parts) + f"; {self.seconds:.1f} s" + units


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
        if claim(ledger):
            report.new_home_id = ledger.home_id
        report.problems = _chroma_problems(settings, embedder, ledger)
        if report.problems or force:
            _embed_missing(settings, embedder, ledger, report)
            _rebuild_chroma(settings, embedder, ledger, report)
        report.retired, report.left = drop_replaced(settings, ledger)
        report.without_units = ledger.count_without_units()
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
    problems = []
    bare = ledger.count_without_vectors()
    if bare:
        problems.append(
            f"{bare} passages of {ledger.count_documents(without_vectors=True)} documents have no "
            "stored vector (indexed by an older pocdoc)"
        )
    if needs_own_collection(ledger):
        return [
            *problems,
            f"{inherited_from(ledger)}: collection '{ledger.collection}' is not its own",
        ]
    if not ledger.collection:
        return [*problems, "no Chroma collection is recorded"] if ledger.count_passages() else []
    try:
        store = open_store(settings, embedder, ledger, create=False)
    except IndexDamagedError as exc:
        return [*problems, str(exc).split(":", 1)[0]]
    return problems + store_problems(ledger, store)


def _embed_missing(
    settings: Settings, embedder: Embedder, ledger: Ledger, report: RepairReport
) -> None:
    """Give the passages an older pocdoc committed without vectors their vectors, from their
    texts in the ledger (ids and texts unchanged). Each batch is committed: a killed run resumes."""
    if not ledger.count_without_vectors():
        return
    report.documents_embedded = ledger.count_documents(without_vectors=True)
    encoder = encoder_fingerprint(settings)
    while batch := ledger.passages_without_vectors(_EMBED_BATCH):
        ledger.store_vectors(
            batch, embedder.encode_passages([p.indexed_text for p in batch]), encoder
        )
        report.vectors_embedded += len(batch)
    log.info("embedded %d passages that had no stored vector", report.vectors_embedded)


def _rebuild_chroma(
    settings: Settings, embedder: Embedder, ledger: Ledger, report: RepairReport
) -> None:
    name = new_collection(ledger, settings.store.collection)
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
    values = {"collection": name}
    if not ledger.collection and ledger.count_passages():
        # Indexed before homes had ids: its vectors were in the bare-named collection.
        values[INHERITED] = "\n".join(
            [*names(ledger.get_state(INHERITED)), settings.store.collection]
        )
    ledger.set_states(values)
    report.rebuilt_collection = name
    log.info("switched to collection %s", name)
