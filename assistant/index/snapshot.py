"""Consistency of the index, on both sides: how writers commit, and what readers see.

Writers (ingest, uploads, repair) hold the home's lock (:func:`exclusive`) and go through
:class:`~assistant.index.writer.IndexWriter`. For one document: vectors are upserted into the home's Chroma collection,
then the ledger commits the passages with their vectors in one transaction, then stale vectors
are deleted. So at every instant the ledger's passages are a subset of the collection's ids, and
the ledger alone is enough to rebuild both derived stores (Chroma and BM25) without re-embedding.

Readers build a :class:`Snapshot` from one consistent read of the ledger, checked against the
derived stores (:mod:`assistant.index.health`), and swap it in as one reference.

BM25 has one policy, :func:`lexical_index`: the published index if it is stamped with the ledger's
(epoch, generation), else rebuilt from the ledger's passages; writers publish what they rebuild,
readers keep it in memory (two readers never race to publish).
"""

from __future__ import annotations

import fcntl
import functools
import logging
import shutil
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.encoders import Embedder
from assistant.errors import IndexDamagedError, IndexMissingError
from assistant.index.home import new_collection, wiped_collections
from assistant.index.ledger import DocumentEntry, Ledger
from assistant.index.lexical import LexicalIndex
from assistant.index.store import VectorStore, open_client
from assistant.index.unit_index import UnitIndex
from assistant.paths import INGEST_LOCK
from assistant.settings import Settings
from assistant.types import Passage

log = logging.getLogger(__name__)


@contextmanager
def exclusive(settings: Settings) -> Iterator[None]:
    """One writer at a time per home, across processes (a UI upload beside a CLI ingest): each
    ingest starts by removing vectors the ledger has not committed, which must not be another
    writer's work in flight."""
    settings.home.mkdir(parents=True, exist_ok=True)
    with open(settings.home / INGEST_LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another ingest is running on %s: waiting for it to finish", settings.home)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_store(
    settings: Settings, embedder: Embedder, ledger: Ledger, *, create: bool
) -> VectorStore:
    """The collection serving the home, named by the ledger (a first writer names and records it)."""
    name = ledger.collection
    if not name:
        if not create:
            raise unserved(settings, ledger)
        name = new_collection(ledger, settings.store.collection, current=True)
    return VectorStore(settings, embedder, name, create=create)


def unserved(settings: Settings, ledger: Ledger) -> IndexMissingError:
    """What to say when the ledger names no collection: nothing indexed yet, or a ledger written
    by a pocdoc that kept no vectors (its documents are there, `pocdoc repair` embeds them once)."""
    documents = ledger.count_documents()
    if not documents:
        return IndexMissingError(
            f"nothing is indexed under {settings.home} yet: run `pocdoc ingest` first"
        )
    bare = ledger.count_documents(without_vectors=True)
    if bare:
        return IndexDamagedError(
            f"the ledger under {settings.home} holds {bare} documents ({ledger.count_without_vectors()} "
            "passages) without stored vectors, indexed by an older pocdoc: run `pocdoc repair` to "
            "embed them once from the ledger (passage ids are kept)"
        )
    return IndexDamagedError(
        f"the ledger under {settings.home} lists {documents} documents but no Chroma collection: "
        "run `pocdoc repair` to rebuild it from the ledger (no re-embedding)"
    )


def lexical_index(
    settings: Settings, ledger: Ledger, passages: Iterable[Passage] | None = None, *, publish: bool
) -> LexicalIndex:
    """The BM25 index for the ledger as it is now (see the module docstring for the policy)."""
    current = LexicalIndex.load(settings.bm25_dir)
    if current is not None and ledger.is_stamp_of(current.epoch, current.generation):
        return current
    index = LexicalIndex.build(
        ledger.passages() if passages is None else passages, ledger.generation, ledger.epoch
    )
    if publish:
        index.save(settings.bm25_dir)
    return index


def wipe(settings: Settings) -> None:
    """Remove this home's collections, ledger and BM25 index (``--rebuild``); never another home's
    (see :func:`assistant.index.home.wiped_collections`)."""
    if settings.ledger_path.exists():
        ledger = Ledger(settings.ledger_path)
        try:
            doomed = wiped_collections(settings, ledger)
        finally:
            ledger.close()
        if doomed:
            client = open_client(settings)
            existing = {c if isinstance(c, str) else c.name for c in client.list_collections()}
            for name in doomed:
                if name in existing:
                    client.delete_collection(name)
    for suffix in ("", "-wal", "-shm"):
        Path(str(settings.ledger_path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(settings.bm25_dir, ignore_errors=True)


@dataclass(frozen=True)
class Snapshot:
    """What one reader sees: a ledger generation and the derived stores that match it."""

    epoch: str
    generation: int
    collection: str
    store: VectorStore
    lexical: LexicalIndex
    passages: Mapping[str, Passage]
    documents: Mapping[str, DocumentEntry]
    last_ingest: float | None
    units: UnitIndex = field(default_factory=lambda: UnitIndex(()))
    without_units: int = 0  # passages committed before unit vectors were stored

    @property
    def stamp(self) -> tuple[str, int, str]:
        return (self.epoch, self.generation, self.collection)

    @functools.cached_property
    def by_position(self) -> Mapping[tuple[str, int], Passage]:
        """The passages by (document, ordinal), built on first use, for reading on from a passage."""
        return {(p.doc_id, p.ordinal): p for p in self.passages.values()}

    @functools.cached_property
    def memo(self) -> dict[Hashable, object]:
        """Findings read off this generation's passages (which never change), kept for its life:
        a reader keys them by what it found out, so a new generation starts empty."""
        return {}

    @functools.cached_property
    def by_document(self) -> Mapping[str, tuple[Passage, ...]]:
        """Each document's passages in reading order, built on first use."""
        out: dict[str, list[Passage]] = {}
        for p in self.passages.values():
            out.setdefault(p.doc_id, []).append(p)
        return {d: tuple(sorted(ps, key=lambda p: p.ordinal)) for d, ps in out.items()}


def read_stamp(settings: Settings) -> tuple[str, int, str]:
    """(epoch, generation, collection) of the ledger now: cheap, to tell whether to reload."""
    ledger = Ledger(settings.ledger_path, create=False)
    try:
        with ledger.reading():
            return (ledger.epoch, ledger.generation, ledger.collection)
    finally:
        ledger.close()


def load_snapshot(settings: Settings, embedder: Embedder, *, check: bool = True) -> Snapshot:
    """A consistent snapshot of the index, its derived stores checked unless ``check`` is off.

    Raises:
        IndexMissingError: nothing is indexed under the home yet.
        IndexDamagedError: Chroma disagrees with the ledger (one line naming the fix, `pocdoc repair`).
    """
    from assistant.index.health import store_problems

    ledger = Ledger(settings.ledger_path, create=False)
    try:
        with ledger.reading():
            stamp = (ledger.epoch, ledger.generation, ledger.collection)
            passages = {p.passage_id: p for p in ledger.passages()}
            documents = ledger.documents()
            last_ingest = float(ledger.get_state("last_ingest", "0")) or None
            lexical = lexical_index(settings, ledger, passages.values(), publish=False)
            units = UnitIndex(ledger.unit_rows())
            without_units = ledger.count_without_units()
        store = open_store(settings, embedder, ledger, create=False)
        if check:
            problems = store_problems(ledger, store)
            if problems and settings.store.mode == "embedded":
                # Another process (an upload worker, a CLI ingest) wrote the embedded store: this
                # process's cached Chroma system still holds the old HNSW segment. Reopen from disk.
                from chromadb.api.shared_system_client import SharedSystemClient

                SharedSystemClient.clear_system_cache()
                store = open_store(settings, embedder, ledger, create=False)
                problems = store_problems(ledger, store)
            if problems:
                raise IndexDamagedError(
                    f"the index under {settings.home} is damaged ({'; '.join(problems)}): "
                    "run `pocdoc repair` to rebuild it from the ledger (no re-embedding)"
                )
    finally:
        ledger.close()
    if without_units:
        log.warning(unit_gap(settings, without_units))
    return Snapshot(
        stamp[0],
        stamp[1],
        stamp[2],
        store,
        lexical,
        passages,
        documents,
        last_ingest,
        units,
        without_units,
    )


def unit_gap(settings: Settings, count: int) -> str:
    """What to say of passages indexed before answer units were embedded at ingest."""
    return (
        f"{count} passages under {settings.home} predate unit vectors (indexed by an older "
        "pocdoc): their sentences are not searched and are encoded when an answer reads them; "
        "run `pocdoc ingest` to embed them once"
    )
