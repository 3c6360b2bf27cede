"""load -> split -> embed -> write, incrementally by content hash, one document at a time.

Orchestration only: how a document is committed (and what a kill leaves) is
:mod:`assistant.index.snapshot`'s business; a damaged derived store is repaired from the ledger
(:mod:`assistant.index.repair`) before anything is written; what a file is to the index (new,
changed, unchanged, moved, a copy) is :mod:`ingest.identity`'s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from assistant.encoders import Embedder, encoder_fingerprint
from assistant.errors import PocdocError
from assistant.index import IndexWriter, exclusive, wipe
from assistant.settings import Settings
from ingest.batching import Batcher, PendingDocument
from ingest.identity import Acceptor
from ingest.identity import prune as prune_gone_documents
from ingest.languages import index_languages
from ingest.preparation import Known, Prepared, prepare_file
from ingest.summary import Failure, IngestSummary
from ingest.unit_vectors import backfill_units

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
# 3: one numbered paragraph per passage, section prefix encoded; 4: one sentence splitter;
# 5: tables read as rows naming their headers (PDF, Word, HTML), scanned pages through OCR;
# 6: PDF table columns by x-position, multi-line and spanning headings, footnote marks off cells,
# a table's caption as the section of its rows; 7: a lone grand total is its row's cell;
# 8: a scanned report's date from its masthead (OCR-garbled month read), its symbol from the file
# name when the printed one is misread; 9: a middle initial ends no sentence ("Susan E. Rice"), a
# sentence naming people by their titles is prose, a long list's introduction keeps its statement
# (the answer units stored with their vectors change); 10: a scanned masthead's symbol read line
# by line and its date through a stray mark ("26.October 1990"), the file name's symbol where the
# printed one cannot be checked (only records change: every passage keeps its vector); 11: a
# numbered sub-heading inside a lettered section ("3. Attacks on UNTAC personnel") is a heading,
# not a paragraph that takes the paragraphs after it under its number
PIPELINE_VERSION = "11"
ProgressFn = Callable[[int, int, str], None]


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
    from ingest.discovery import UNNAMED, discover, has_utf8_name
    from ingest.tokens import TokenCounter

    started = time.perf_counter()
    summary = IngestSummary()
    if rebuild:
        wipe(settings)
    manifest = load_manifest_for(settings, paths)
    summary.failed.extend(_manifest_failure(e) for e in manifest.errors)
    files, missing = discover(paths, manifest)
    summary.failed.extend(Failure(str(p), "path does not exist") for p in missing)
    unnamed = [p for p in files if not has_utf8_name(p)]
    summary.failed.extend(Failure(str(p), UNNAMED) for p in unnamed)
    files = [p for p in files if p not in unnamed]

    embedder = embedder or Embedder.from_settings(settings)
    summary.repaired = _repair_first(settings, embedder)
    writer = IndexWriter(settings, embedder, encoder_fingerprint(settings))
    batcher = Batcher(writer, embedder, summary)
    writer.reconcile()
    fingerprint = pipeline_fingerprint(settings)
    if writer.ledger.get_state("fingerprint") not in ("", fingerprint):
        log.warning("splitter or encoder settings changed: every document will be indexed again")
    committed = writer.ledger.documents()
    counter = TokenCounter.from_model_path(settings.resolved_model_path())

    known = Known.of(committed)
    acceptor = Acceptor(writer, batcher, summary, committed)

    def prepare(path: Path) -> Prepared:
        return prepare_file(path, manifest, fingerprint, known, counter, settings)

    bar = _bar(len(files), progress)
    try:
        for i, prepared in enumerate(_prefetch(files, prepare), 1):
            if on_progress:
                on_progress(i - 1, len(files), str(prepared.path))
            summary.ocr_pages += prepared.ocr_pages
            summary.notes.extend(f"{prepared.path}: {note}" for note in prepared.notes)
            try:
                acceptor.accept(prepared)
            except PocdocError as exc:
                summary.failed.append(Failure(str(prepared.path), getattr(exc, "reason", str(exc))))
            if bar is not None:
                bar.update(1)
                bar.set_postfix(passages=summary.passages_written, refresh=False)
        batcher.flush()
        acceptor.finish()
        backfill_units(writer, embedder, summary)  # an index from before unit vectors
        if prune:
            summary.removed += prune_gone_documents(writer)
        writer.ledger.set_state("fingerprint", fingerprint)
        writer.publish()
        summary.passages_total = writer.ledger.count_passages()
        summary.documents_total = len(writer.ledger.documents())
        if settings.language.index_at_ingest:  # passage languages, multilingual vectors
            log.info(index_languages(settings))
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
    log.warning("repaired before writing (%s): %s", "; ".join(report.problems), report.line())
    return report.line()


def pipeline_fingerprint(settings: Settings) -> str:
    """What every passage depends on besides its file: the splitter and the encoder."""
    data = {
        "pipeline": PIPELINE_VERSION,
        "encoder": encoder_fingerprint(settings),
        "chunking": settings.chunking.model_dump(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


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
