"""The one owner of a home: it alone opens the home's stores, serves reads from the current
snapshot and runs every write (uploads, ingests, deletions) on one writer thread.

Why one process: embedded Chroma does not support several processes on one folder, and a
long-lived reader in another process never sees a writer's new segments ("Error finding id").
Here the writer and the readers share one Chroma client, and after each write commits the writer
opens a fresh assistant (engine, catalogue) and swaps the reference: a request takes the
reference once, so in-flight reads finish on the old view and the next request sees the new
documents. A job reads "done" only after that swap.

A write by another process (`pocdoc ingest --no-server`) is noticed by the ledger's stamp and
answered the same way: the writer reopens the home from disk.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError, IndexMissingError, PocdocError
from assistant.settings import Settings
from ui.api.jobs import Job, JobBoard

log = logging.getLogger(__name__)

STAMP_CHECK_S = 1.0  # how often a read looks for a write by another process


class Owner:
    """Reads from a snapshot, writes through one queue. Thread-safe."""

    def __init__(self, settings: Settings, *, embedder: Any = None) -> None:
        from assistant.encoders import Embedder
        from ui.api.serverfile import settings_digest
        from ui.upload_jobs import UploadJobs
        from ui.workspace import Workspace, workspace_path

        self.settings = settings
        self.settings_digest = settings_digest(settings)
        self.embedder = embedder or Embedder.from_settings(settings)
        self.workspace = Workspace(workspace_path(settings))
        self.uploads = UploadJobs(self.workspace)
        self.jobs = JobBoard()
        self._assistant: Any = None
        self._stamp: tuple[str, int, str] | None = None
        self._checked = 0.0
        self._reload_queued = threading.Event()
        self._swap_lock = threading.Lock()
        self._queue: queue.Queue[tuple[Job, Callable[[Job], dict[str, Any]]] | None] = queue.Queue()
        self._repair_first()
        self._reopen()
        self._writer = threading.Thread(target=self._write_loop, name="pocdoc-writer", daemon=True)
        self._writer.start()

    # -- reads ---------------------------------------------------------------------------------
    def assistant(self) -> Any:
        """The current assistant (take it once per request: one consistent view).

        Raises:
            IndexMissingError: nothing is indexed under the home yet.
        """
        self._notice_outside_writes()
        current = self._assistant
        if current is None:
            raise IndexMissingError(
                f"nothing is indexed under {self.settings.home} yet: upload a document "
                "(POST /v1/uploads) or run `pocdoc ingest`"
            )
        return current

    def ask(self, question: str, **kwargs: Any) -> Any:
        return self.assistant().ask(question, **kwargs)

    def search(self, query: str, **kwargs: Any) -> list[Any]:
        return self.assistant().engine.retrieve(query, **kwargs)

    def status(self) -> dict[str, Any]:
        """What `pocdoc status --json` prints."""
        from dataclasses import asdict

        return {**asdict(self.assistant().engine.status()), "health": "ok"}

    @property
    def generation(self) -> int:
        current = self._assistant
        return -1 if current is None else current.engine.snapshot.generation

    def _notice_outside_writes(self) -> None:
        now = time.monotonic()
        if now - self._checked < STAMP_CHECK_S or self._reload_queued.is_set():
            return
        self._checked = now
        if not self.settings.ledger_path.exists() or self.jobs.active():
            return
        from assistant.index import read_stamp

        try:
            stamp = read_stamp(self.settings)
        except PocdocError:
            return
        if stamp != self._stamp:
            log.warning(
                "the index under %s changed outside this server: reopening", self.settings.home
            )
            self._reload_queued.set()
            self._queue.put((self.jobs.add(Job(_job_id(), "reload", "")), self._reload))

    # -- writes --------------------------------------------------------------------------------
    def submit_upload(self, user_id: str, name: str, data: bytes) -> Job:
        """Save the file (refused at once when its name, type or size is wrong) and queue it."""
        row = self.uploads.submit(self.settings, user_id, name, data)
        job = Job(row.job_id, "upload", user_id, message=row.message)
        if row.state == "failed":
            return self.jobs.add(replace(job, state="failed"))

        def work(job: Job) -> dict[str, Any]:
            from ui.upload_jobs import index_job

            self.uploads.update(job.job_id, pid=_own_pid())
            result = index_job(
                self.uploads, job.job_id, self.settings, embedder=self.embedder,
                committed=self._reopen,
            )  # fmt: skip
            if not result.ok:
                raise ConfigError(result.message)
            return {"message": result.message, "passages": result.passages}

        return self._enqueue(job, work)

    def submit_ingest(
        self,
        user_id: str,
        paths: Sequence[Path | str],
        *,
        prune: bool = False,
        rebuild: bool = False,
    ) -> Job:
        """Queue `pocdoc ingest PATHS`; every path must lie inside the home or the corpus folder."""
        checked = [self.allowed_path(p) for p in paths] or [Path(self.settings.corpus_dir)]

        def work(job: Job) -> dict[str, Any]:
            from ingest.pipeline import ingest_paths

            def progress(done: int, total: int, path: str) -> None:
                self.jobs.update(job.job_id, done=done, total=total, message="indexing")

            summary = ingest_paths(
                self.settings, checked, prune=prune, rebuild=rebuild, progress=False,
                on_progress=progress,
                embedder=self.embedder,
            )  # fmt: skip
            self._reopen()
            return {"summary": summary.to_dict(), "line": summary.line(), "ok": summary.ok}

        return self._enqueue(Job(_job_id(), "ingest", user_id), work)

    def submit_delete(self, user_id: str, doc_id: str) -> Job:
        """Queue the removal of one document from the index (an upload's saved file goes too)."""

        def work(job: Job) -> dict[str, Any]:
            from assistant.encoders import encoder_fingerprint
            from assistant.index import IndexWriter, exclusive

            with exclusive(self.settings):
                writer = IndexWriter(
                    self.settings, self.embedder, encoder_fingerprint(self.settings)
                )
                try:
                    entry = writer.ledger.documents().get(doc_id)
                    if entry is None:
                        raise ConfigError(f"no document {doc_id!r} is indexed: nothing to delete")
                    writer.remove([doc_id])
                    writer.publish()
                finally:
                    writer.close()
            uploads = Path(self.settings.upload_dir).resolve()
            for place in {Path(p).resolve() for p in (*entry.locations, entry.source) if p}:
                if place.parent == uploads:
                    place.unlink(missing_ok=True)
            self._reopen()
            return {"deleted": doc_id}

        return self._enqueue(Job(_job_id(), "delete", user_id), work)

    def wait(self, job_id: str, timeout: float) -> Job | None:
        return self.jobs.wait(job_id, timeout)

    def allowed_path(self, path: Path | str) -> Path:
        """``path`` resolved, if it lies inside the home or the corpus folder.

        Raises:
            ConfigError: it lies elsewhere (the server never reads what the client names).
        """
        resolved = Path(path).resolve()
        roots = [Path(self.settings.home).resolve(), Path(self.settings.corpus_dir).resolve()]
        if not any(resolved == r or resolved.is_relative_to(r) for r in roots):
            raise ConfigError(
                f"{path} is outside the home and the corpus folder of this server: "
                f"put it under {roots[1]} (or upload it)"
            )
        return resolved

    def close(self, timeout: float = 30.0) -> None:
        """Finish the queued jobs, then stop the writer."""
        self._queue.put(None)
        self._writer.join(timeout)

    # -- the writer ----------------------------------------------------------------------------
    def _enqueue(self, job: Job, work: Callable[[Job], dict[str, Any]]) -> Job:
        self.jobs.add(job)
        self._queue.put((job, work))
        return job

    def _write_loop(self) -> None:
        while (item := self._queue.get()) is not None:
            job, work = item
            self.jobs.update(job.job_id, state="running", message="running")
            try:
                result = work(job)
            except Exception as exc:  # reported on the job; the server goes on
                log.warning("job %s (%s) failed: %s", job.job_id, job.kind, exc)
                self.jobs.update(job.job_id, state="failed", message=str(exc))
                self._safe_reopen()
            else:
                message = str(result.get("line") or result.get("message") or "done")
                self.jobs.update(job.job_id, state="done", message=message, result=result)

    def _reload(self, job: Job) -> dict[str, Any]:
        from chromadb.api.shared_system_client import SharedSystemClient

        try:
            SharedSystemClient.clear_system_cache()  # another process wrote the folder
            self._reopen()
        finally:
            self._reload_queued.clear()
        return {"generation": self.generation}

    def _repair_first(self) -> None:
        """Rebuild a damaged or borrowed derived store (a copied home, a killed run) before the
        first reader opens it: a write's own repair would replace the collection under readers."""
        if not self.settings.ledger_path.exists():
            return
        from assistant.index import repair

        try:
            report = repair(self.settings, self.embedder)
        except IndexMissingError:  # a ledger with nothing in it yet: nothing to repair
            return
        if not report.healthy_before:
            log.warning("repaired before serving: %s", report.line())

    def _safe_reopen(self) -> None:
        try:
            self._reopen()
        except PocdocError as exc:  # keep serving the last good view
            log.warning("kept the current index view: %s", exc)

    def _reopen(self) -> None:
        """Open a fresh assistant over the home as it is now, then swap it in."""
        from assistant.index import read_stamp
        from assistant.open import open_assistant

        with self._swap_lock:
            if not self.settings.ledger_path.exists():
                return
            stamp = read_stamp(self.settings)
            try:
                fresh = open_assistant(self.settings, embedder=self.embedder)
            except IndexMissingError:
                return
            self._assistant, self._stamp = fresh, stamp


def _job_id() -> str:
    return secrets.token_urlsafe(12)


def _own_pid() -> int:
    import os

    return os.getpid()
