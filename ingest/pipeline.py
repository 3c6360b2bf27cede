"""load -> split -> embed -> write, incrementally by content hash, one document at a time.

Order of writes for a document (see assistant/ledger.py): vectors are upserted into Chroma,
then the ledger commits the document's passages in one transaction, then stale vectors go.
The BM25 index is rebuilt from the ledger when the ledger changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import time
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.embeddings import Embedder
from assistant.errors import PocdocError, UnreadableDocumentError
from assistant.ledger import DocumentEntry, Ledger
from assistant.lexical import LexicalIndex
from assistant.settings import Settings
from assistant.store import VectorStore
from assistant.types import DocumentRecord, Passage

log = logging.getLogger(__name__)

# Bump when loaders or chunking change what a document becomes: every document re-indexes.
PIPELINE_VERSION = "3"  # 3: one numbered paragraph per passage, section prefix encoded
# Passages encoded together; several small documents share one encode() call.
_ENCODE_GROUP = 256

ProgressFn = Callable[[int, int, str], None]


@dataclass
class Failure:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class IngestSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[Failure] = field(default_factory=list)
    passages_written: int = 0
    passages_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        return (
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"removed {self.removed}, failed {len(self.failed)}; passages written {self.passages_written}, "
            f"in index {self.passages_total} from {self.documents_total} documents; {self.seconds:.1f} s"
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        data["failed"] = [str(f) for f in self.failed]
        return data


@dataclass
class _Pending:
    record: DocumentRecord
    passages: list[Passage]
    source: str
    content_hash: str
    pages: int | None
    is_update: bool


class _Writer:
    """Groups documents so encode() sees full batches, then commits each document."""

    def __init__(self, settings: Settings, embedder: Embedder, summary: IngestSummary) -> None:
        self.settings = settings
        self.embedder = embedder
        self.summary = summary
        self.ledger = Ledger(settings.ledger_path)
        self.store = VectorStore(settings, embedder)
        self._pending: list[_Pending] = []

    def reconcile(self) -> None:
        """Finish what a killed run left: drop vectors the ledger never committed, and forget
        documents whose vectors are missing so they are indexed again."""
        committed = self.ledger.passage_ids()
        stored = self.store.all_ids()
        orphans = stored - committed
        if orphans:
            log.info("removing %d uncommitted vectors left by an interrupted ingest", len(orphans))
            self.store.delete(sorted(orphans))
        missing = committed - stored
        if missing:
            documents = self.ledger.documents()
            broken = {p.doc_id for p in self.ledger.passages() if p.passage_id in missing}
            sources = ", ".join(sorted(documents[d].source or d for d in broken))
            log.warning(
                "the vector store lost the vectors of %d documents; they are dropped from the index "
                "and this ingest re-indexes those among its paths (others: run `pocdoc ingest` on %s)",
                len(broken), sources,
            )
            self.ledger.remove_documents(broken)

    def add(self, item: _Pending) -> None:
        self._pending.append(item)
        if sum(len(p.passages) for p in self._pending) >= _ENCODE_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        texts = [p.indexed_text for item in self._pending for p in item.passages]
        t0 = time.perf_counter()
        vectors = self.embedder.encode_passages(texts)
        self.summary.embed_seconds += time.perf_counter() - t0
        offset = 0
        for item in self._pending:
            n = len(item.passages)
            self._commit(item, vectors[offset : offset + n])
            offset += n
        self._pending.clear()

    def _commit(self, item: _Pending, vectors) -> None:
        old_ids = self.ledger.passage_ids(item.record.doc_id)
        self.store.upsert(item.passages, vectors)
        self.ledger.commit_document(
            item.record,
            source=item.source,
            content_hash=item.content_hash,
            passages=item.passages,
            pages=item.pages,
        )
        stale = old_ids - {p.passage_id for p in item.passages}
        if stale:
            self.store.delete(sorted(stale))
        self.summary.passages_written += len(item.passages)
        if item.is_update:
            self.summary.updated += 1
        else:
            self.summary.added += 1

    def remove(self, doc_ids: Iterable[str]) -> None:
        doc_ids = list(doc_ids)
        ids = set().union(*(self.ledger.passage_ids(d) for d in doc_ids)) if doc_ids else set()
        self.ledger.remove_documents(doc_ids)
        self.store.delete(sorted(ids))
        self.summary.removed += len(doc_ids)

    def finish(self) -> None:
        self.flush()
        refresh_lexical(self.settings, self.ledger)
        self.summary.passages_total = self.ledger.count_passages()
        self.summary.documents_total = len(self.ledger.documents())
        self.ledger.close()


@contextmanager
def exclusive_ingest(settings: Settings) -> Iterator[None]:
    """One ingest at a time per home, across processes (a UI upload beside a CLI ingest): each
    ingest starts by removing vectors the ledger has not committed, which must not be another
    ingest's work in flight."""
    import fcntl

    settings.home.mkdir(parents=True, exist_ok=True)
    with open(settings.home / "ingest.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another ingest is running on %s: waiting for it to finish", settings.home)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def refresh_lexical(settings: Settings, ledger: Ledger) -> LexicalIndex:
    """The BM25 index for the ledger's current generation, rebuilt and published if stale."""
    current = LexicalIndex.load(settings.bm25_dir)
    if current is not None and ledger.is_stamp_of(current.epoch, current.generation):
        return current
    index = LexicalIndex.build(ledger.passages(), ledger.generation, ledger.epoch)
    index.save(settings.bm25_dir)
    return index


def pipeline_fingerprint(settings: Settings) -> str:
    """What every passage depends on besides its file: the splitter and the encoder."""
    model = settings.resolved_model_path()
    config = model / "config.json"
    data = {
        "pipeline": PIPELINE_VERSION,
        "model": str(model.resolve()),
        "model_config": hashlib.sha256(config.read_bytes()).hexdigest() if config.exists() else "",
        "max_seq_length": settings.embedding.max_seq_length,
        "chunking": settings.chunking.model_dump(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path],
    *,
    prune: bool = False,
    rebuild: bool = False,
    progress: bool = True,
    on_progress: ProgressFn | None = None,
    embedder: Embedder | None = None,
) -> IngestSummary:
    """Index files and folders. One bad file is a counted failure; the rest go on."""
    with exclusive_ingest(settings):
        return _ingest_paths(settings, paths, prune=prune, rebuild=rebuild, progress=progress, on_progress=on_progress, embedder=embedder)


def _ingest_paths(
    settings: Settings,
    paths: Sequence[Path],
    *,
    prune: bool,
    rebuild: bool,
    progress: bool,
    on_progress: ProgressFn | None,
    embedder: Embedder | None,
) -> IngestSummary:
    from ingest.discovery import discover
    from ingest.tokens import TokenCounter

    started = time.perf_counter()
    summary = IngestSummary()
    if rebuild:
        wipe_index(settings)
    manifest = load_manifest_for(settings, paths)
    summary.failed.extend(_manifest_failure(e) for e in manifest.errors)
    files, missing = discover(paths, manifest)
    summary.failed.extend(Failure(str(p), "path does not exist") for p in missing)

    embedder = embedder or Embedder.from_settings(settings)
    writer = _Writer(settings, embedder, summary)
    writer.reconcile()
    fingerprint = pipeline_fingerprint(settings)
    if writer.ledger.get_state("fingerprint") not in ("", fingerprint):
        log.warning("splitter or encoder settings changed: every document will be indexed again")
    committed = writer.ledger.documents()
    by_source = {entry.source: entry for entry in committed.values()}
    seen_ids: dict[str, str] = {}
    counter = TokenCounter.from_model_path(settings.resolved_model_path())

    def prepare(path: Path) -> _Prepared:
        return _prepare(path, manifest, fingerprint, by_source, counter, settings)

    bar = _bar(len(files), progress)
    try:
        for i, prepared in enumerate(_prefetch(files, prepare), 1):
            if on_progress:
                on_progress(i - 1, len(files), str(prepared.path))
            try:
                _accept(prepared, seen_ids, committed, by_source, writer, summary)
            except PocdocError as exc:
                summary.failed.append(Failure(str(prepared.path), getattr(exc, "reason", str(exc))))
            if bar is not None:
                bar.update(1)
                bar.set_postfix(passages=summary.passages_written, refresh=False)
        writer.flush()
        if prune:
            gone = [e.doc_id for e in writer.ledger.documents().values() if e.source and not Path(e.source).exists()]
            writer.remove(gone)
        writer.ledger.set_state("fingerprint", fingerprint)
        writer.finish()
    finally:
        if bar is not None:
            bar.close()
    if on_progress:
        on_progress(len(files), len(files), "")
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Prepared:
    """A file read, hashed and (unless unchanged) loaded and split, off the main thread."""

    path: Path
    source: str
    content_hash: str = ""
    unchanged: DocumentEntry | None = None
    record: DocumentRecord | None = None
    passages: list[Passage] = field(default_factory=list)
    pages: int | None = None
    failure: Failure | None = None


def _prepare(path: Path, manifest, fingerprint: str, by_source: dict, counter, settings: Settings) -> _Prepared:
    from ingest.chunking import split_document
    from ingest.loaders import load_document

    source = str(path.absolute())
    try:
        source = str(path.resolve())
        raw = path.read_bytes()
        content_hash = _hash(raw, _known_record(manifest, path), fingerprint)
        entry = by_source.get(source)
        if entry is not None and entry.content_hash == content_hash:
            return _Prepared(path, source, content_hash, unchanged=entry)
        doc = load_document(path)
        record = manifest.record_for(path, title_hint=doc.title_hint, symbol_hint=doc.symbol_hint, date_hint=doc.date_hint)
        passages = split_document(doc, record, counter, settings.chunking)
        if not passages:
            raise UnreadableDocumentError(path, "no text to index after extraction: the document is empty")
        return _Prepared(path, source, content_hash, record=record, passages=passages, pages=doc.page_count)
    except PocdocError as exc:
        return _Prepared(path, source, failure=Failure(str(path), getattr(exc, "reason", str(exc))))
    except OSError as exc:
        return _Prepared(path, source, failure=Failure(str(path), f"cannot read the file: {exc.strerror or exc}"))
    except Exception as exc:  # a loader bug must not stop the other files; report it
        log.debug("unexpected error on %s", path, exc_info=True)
        return _Prepared(path, source, failure=Failure(str(path), f"unexpected {type(exc).__name__}: {exc}"))


def _accept(
    item: _Prepared, seen_ids: dict[str, str], committed: dict, by_source: dict, writer: _Writer, summary: IngestSummary
) -> None:
    """Main-thread half: id conflicts against this run and the ledger, then queue for writing."""
    if item.failure is not None:
        summary.failed.append(item.failure)
        return
    if item.unchanged is not None:
        summary.unchanged += 1
        seen_ids[item.unchanged.doc_id] = item.source
        return
    record = item.record
    other = seen_ids.get(record.doc_id)
    if other is not None and other != item.source:
        raise UnreadableDocumentError(
            item.path, f"doc_id '{record.doc_id}' is already used by {other}: give one of them its own manifest record"
        )
    previous = committed.get(record.doc_id)
    if previous is not None and previous.source != item.source and Path(previous.source).exists():
        raise UnreadableDocumentError(
            item.path, f"doc_id '{record.doc_id}' is already indexed from {previous.source}: rename one of the files"
        )
    seen_ids[record.doc_id] = item.source
    former = by_source.get(item.source)
    if former is not None and former.doc_id != record.doc_id:
        # The file now maps to another doc_id (a manifest record was added or edited): its old
        # entry goes, or the same text would be indexed, and cited, twice.
        writer.remove([former.doc_id])
        summary.removed -= 1  # a renamed document, not a removed one
    writer.add(_Pending(record, item.passages, item.source, item.content_hash, item.pages, is_update=previous is not None or former is not None))


_DONE = object()


@dataclass
class _Raised:
    error: BaseException


def _prefetch(items: Sequence[Path], fn: Callable[[Path], _Prepared], depth: int = 4) -> Iterator[_Prepared]:
    """``fn`` over ``items`` in a worker thread, at most ``depth`` ahead of the consumer.

    Loading and splitting (pure Python, pypdf) overlap with encoding, which releases the GIL.
    """
    results: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(value: object) -> None:
        while not stop.is_set():
            try:
                results.put(value, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                put(fn(item))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            put(_Raised(exc))
        finally:
            put(_DONE)

    worker = threading.Thread(target=work, name="pocdoc-prefetch", daemon=True)
    worker.start()
    try:
        while (got := results.get()) is not _DONE:
            if isinstance(got, _Raised):
                raise got.error
            yield got
    finally:
        stop.set()


def index_passages(
    settings: Settings,
    documents: Iterable[tuple[DocumentRecord, list[Passage]]],
    *,
    progress: bool = True,
    embedder: Embedder | None = None,
) -> IngestSummary:
    """Index passages cut elsewhere (a BEIR corpus), with the same guarantees as files."""
    with exclusive_ingest(settings):
        return _index_passages(settings, documents, progress=progress, embedder=embedder)


def _index_passages(settings: Settings, documents, *, progress: bool, embedder: Embedder | None) -> IngestSummary:
    started = time.perf_counter()
    summary = IngestSummary()
    embedder = embedder or Embedder.from_settings(settings)
    writer = _Writer(settings, embedder, summary)
    writer.reconcile()
    committed = {d: e.content_hash for d, e in writer.ledger.documents().items()}
    items = list(documents)
    bar = _bar(len(items), progress)
    for record, passages in items:
        digest = hashlib.sha256("\x1e".join(p.passage_id + "\x1f" + p.text for p in passages).encode()).hexdigest()
        if committed.get(record.doc_id) == digest:
            summary.unchanged += 1
        else:
            writer.add(_Pending(record, passages, "", digest, None, is_update=record.doc_id in committed))
        if bar is not None:
            bar.update(1)
    writer.finish()
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - started
    return summary


def wipe_index(settings: Settings) -> None:
    """Remove the collection, ledger and BM25 index (``--rebuild``)."""
    import shutil

    from assistant.store import open_client

    client = open_client(settings)
    if settings.store.collection in {c if isinstance(c, str) else c.name for c in client.list_collections()}:
        client.delete_collection(settings.store.collection)
    for suffix in ("", "-wal", "-shm"):
        Path(str(settings.ledger_path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(settings.bm25_dir, ignore_errors=True)


def load_manifest_for(settings: Settings, paths: Sequence[Path]):
    """The manifest of the first given folder that has one, else of the configured corpus."""
    from ingest.manifest import load_manifest

    for p in paths:
        if p.is_dir() and (p / "manifest.toml").exists():
            return load_manifest(p)
    return load_manifest(settings.corpus_dir)


def _known_record(manifest, path: Path) -> DocumentRecord | None:
    """The manifest's record for a file, without reading it (None for files it does not know)."""
    record = manifest.record_for(path)
    return record if record.doc_id in manifest.records else None


def _manifest_failure(error: Exception) -> Failure:
    source = getattr(error, "source", "manifest")
    text = str(error)
    prefix = f"{source}: "
    return Failure(str(source), text[len(prefix):] if text.startswith(prefix) else text)


def _hash(raw: bytes, record: DocumentRecord | None, fingerprint: str) -> str:
    h = hashlib.sha256(raw)
    h.update(fingerprint.encode())
    if record is not None:
        h.update(json.dumps(asdict(record), sort_keys=True).encode())
    return h.hexdigest()


def _bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="ingest", unit="doc", dynamic_ncols=True)
