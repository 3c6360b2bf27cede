"""load -> split -> embed -> write, incrementally by content hash, one document at a time.

Orchestration only: how a document is committed (and what a kill leaves) is
:mod:`assistant.index.snapshot`'s business; a damaged derived store is repaired from the ledger
(:mod:`assistant.index.repair`) before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from assistant.encoders import Embedder, vector_space
from assistant.errors import PocdocError, UnreadableDocumentError
from assistant.index import IndexWriter, exclusive, wipe
from assistant.settings import Settings
from assistant.types import DocumentRecord, Passage
from ingest.preparation import Prepared, prepare_file
from ingest.summary import Failure, IngestSummary

__all__ = [
    "Batcher",
    "Failure",
    "IngestSummary",
    "PendingDocument",
    "encoder_fingerprint",
    "ingest_paths",
    "pipeline_fingerprint",
]

log = logging.getLogger(__name__)

# Bump when loaders or chunking change what a document becomes: every document re-indexes.
PIPELINE_VERSION = (
    "4"  # 3: one numbered paragraph per passage, section prefix encoded; 4: one sentence splitter
)
# Passages encoded together; several small documents share one encode() call.
_ENCODE_GROUP = 256

ProgressFn = Callable[[int, int, str], None]


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
            self.writer.commit(
                item.record,
                item.passages,
                vectors[offset : offset + n],
                source=item.source,
                content_hash=item.content_hash,
                pages=item.pages,
            )
            offset += n
            self.summary.passages_written += n
            if item.is_update:
                self.summary.updated += 1
            else:
                self.summary.added += 1
        self._pending.clear()


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
    with exclusive(settings):
        return _ingest_paths(
            settings,
            paths,
            prune=prune,
            rebuild=rebuild,
            progress=progress,
            on_progress=on_progress,
            embedder=embedder,
        )


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
        wipe(settings)
    manifest = load_manifest_for(settings, paths)
    summary.failed.extend(_manifest_failure(e) for e in manifest.errors)
    files, missing = discover(paths, manifest)
    summary.failed.extend(Failure(str(p), "path does not exist") for p in missing)

    embedder = embedder or Embedder.from_settings(settings)
    summary.repaired = _repair_first(settings, embedder)
    writer = IndexWriter(settings, embedder, encoder_fingerprint(settings))
    batcher = Batcher(writer, embedder, summary)
    writer.reconcile()
    fingerprint = pipeline_fingerprint(settings)
    if writer.ledger.get_state("fingerprint") not in ("", fingerprint):
        log.warning("splitter or encoder settings changed: every document will be indexed again")
    committed = writer.ledger.documents()
    by_source = {entry.source: entry for entry in committed.values()}
    seen_ids: dict[str, str] = {}
    counter = TokenCounter.from_model_path(settings.resolved_model_path())

    def prepare(path: Path) -> Prepared:
        return prepare_file(path, manifest, fingerprint, by_source, counter, settings)

    bar = _bar(len(files), progress)
    try:
        for i, prepared in enumerate(_prefetch(files, prepare), 1):
            if on_progress:
                on_progress(i - 1, len(files), str(prepared.path))
            try:
                _accept(prepared, seen_ids, committed, by_source, writer, batcher, summary)
            except PocdocError as exc:
                summary.failed.append(Failure(str(prepared.path), getattr(exc, "reason", str(exc))))
            if bar is not None:
                bar.update(1)
                bar.set_postfix(passages=summary.passages_written, refresh=False)
        batcher.flush()
        if prune:
            gone = [
                e.doc_id
                for e in writer.ledger.documents().values()
                if e.source and not Path(e.source).exists()
            ]
            summary.removed += writer.remove(gone)
        writer.ledger.set_state("fingerprint", fingerprint)
        writer.publish()
        summary.passages_total = writer.ledger.count_passages()
        summary.documents_total = len(writer.ledger.documents())
    finally:
        writer.close()
        if bar is not None:
            bar.close()
    if on_progress:
        on_progress(len(files), len(files), "")
    summary.seconds = time.perf_counter() - started
    return summary


def _repair_first(settings: Settings, embedder: Embedder) -> str:
    """Rebuild a damaged derived store from the ledger before writing to it (a killed run's HNSW)."""
    if not settings.ledger_path.exists():
        return ""
    from assistant.index import repair_locked

    report = repair_locked(settings, embedder, lexical=False)
    if report.healthy_before:
        return ""
    log.warning("the index was damaged (%s): %s", "; ".join(report.problems), report.line())
    return report.line()


def encoder_fingerprint(settings: Settings) -> str:
    """What a vector depends on: the model's files and window (stored beside each vector)."""
    model = settings.resolved_model_path()
    config = model / "config.json"
    data = {
        "model": str(model.resolve()),
        "model_config": hashlib.sha256(config.read_bytes()).hexdigest() if config.exists() else "",
        "max_seq_length": settings.embedding.max_seq_length,
        "vectors": vector_space(settings.embedding.backend),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def pipeline_fingerprint(settings: Settings) -> str:
    """What every passage depends on besides its file: the splitter and the encoder."""
    data = {
        "pipeline": PIPELINE_VERSION,
        "encoder": encoder_fingerprint(settings),
        "chunking": settings.chunking.model_dump(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _accept(
    item: Prepared,
    seen_ids: dict[str, str],
    committed: dict,
    by_source: dict,
    writer: IndexWriter,
    batcher: Batcher,
    summary: IngestSummary,
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
            item.path,
            f"doc_id '{record.doc_id}' is already used by {other}: give one of them its own manifest record",
        )
    previous = committed.get(record.doc_id)
    if previous is not None and previous.source != item.source and Path(previous.source).exists():
        raise UnreadableDocumentError(
            item.path,
            f"doc_id '{record.doc_id}' is already indexed from {previous.source}: rename one of the files",
        )
    seen_ids[record.doc_id] = item.source
    former = by_source.get(item.source)
    if former is not None and former.doc_id != record.doc_id:
        # The file now maps to another doc_id (a manifest record was added or edited): its old
        # entry goes, or the same text would be indexed, and cited, twice.
        writer.remove([former.doc_id])  # a renamed document, not a removed one: not counted
    batcher.add(
        PendingDocument(
            record,
            item.passages,
            item.source,
            item.content_hash,
            item.pages,
            is_update=previous is not None or former is not None,
        )
    )


def _prefetch(
    items: Sequence[Path], fn: Callable[[Path], Prepared], depth: int = 4
) -> Iterator[Prepared]:
    """``fn`` over ``items`` in a worker thread, at most ``depth`` ahead of the consumer, in order.

    Loading and splitting (pure Python, pypdf) overlap with encoding, which releases the GIL. A
    worker's exception is raised in the consumer by ``Future.result()``.
    """
    todo = iter(items)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pocdoc-prefetch") as pool:
        ahead: deque[Future[Prepared]] = deque(
            pool.submit(fn, item) for _, item in zip(range(depth), todo)
        )
        try:
            while ahead:
                result = ahead.popleft().result()
                for item in todo:
                    ahead.append(pool.submit(fn, item))
                    break
                yield result
        finally:
            for future in ahead:
                future.cancel()


def load_manifest_for(settings: Settings, paths: Sequence[Path]):
    """The manifest of the first given folder that has one, else of the configured corpus."""
    from assistant.manifest import MANIFEST_NAME, load_manifest

    for p in paths:
        if p.is_dir() and (p / MANIFEST_NAME).exists():
            return load_manifest(p)
    return load_manifest(settings.corpus_dir)


def _manifest_failure(error: Exception) -> Failure:
    source = getattr(error, "source", "manifest")
    text = str(error)
    prefix = f"{source}: "
    return Failure(str(source), text.removeprefix(prefix))


def _bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="ingest", unit="doc", dynamic_ncols=True)
