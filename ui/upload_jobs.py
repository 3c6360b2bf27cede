"""Upload jobs: an upload is checked and saved at once, then indexed by the home's server
(`pocdoc serve`'s one writer, :meth:`ui.api.owner.Owner.submit_upload`, which runs
:func:`index_job`). Progress and the outcome are written to the workspace, where the server's
``/v1/uploads`` and the Documents list read them. A job whose server died (a restart, a kill)
is reported as failed with the fix, never left "running".
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from ui.conversation import new_id
from ui.uploads import UploadRejectedError, UploadResult, ingest_saved, save_upload
from ui.workspace import Workspace

ACTIVE = ("queued", "running")


@dataclass(frozen=True)
class UploadJob:
    job_id: str
    user_id: str
    name: str
    path: str
    state: str  # queued, running, done, failed
    done: int
    total: int
    message: str
    pid: int | None
    created: float
    updated: float

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


class UploadJobs:
    """The upload jobs in the workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def submit(self, settings: Settings, user_id: str, name: str, data: bytes) -> UploadJob:
        """Check and save the file and record the job, queued for the server's writer; a
        refused file is a failed job at once, its message saying why and what to do."""
        job_id, now = new_id(), time.time()
        try:
            path, state, message = (
                str(save_upload(settings, name, data)),
                "queued",
                "waiting to be indexed",
            )
        except UploadRejectedError as exc:
            path, state, message = "", "failed", str(exc)
        with self.workspace.connect() as db:
            db.execute(
                "INSERT INTO uploads (job_id, user_id, name, path, state, message, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, user_id, name, path, state, message, now, now),
            )
        return self.get(job_id)

    def update(self, job_id: str, **fields: object) -> None:
        names = ", ".join(f"{k} = ?" for k in fields)
        with self.workspace.connect() as db:
            db.execute(
                f"UPDATE uploads SET {names}, updated = ? WHERE job_id = ?",
                (*fields.values(), time.time(), job_id),
            )

    def get(self, job_id: str) -> UploadJob:
        (job,) = self._select("WHERE job_id = ?", (job_id,))
        return job

    def for_user(self, user_id: str, *, limit: int = 5) -> list[UploadJob]:
        """The user's latest jobs, newest first."""
        return self._select("WHERE user_id = ? ORDER BY created DESC LIMIT ?", (user_id, limit))

    def failed(self, user_id: str) -> list[UploadJob]:
        """The user's failed uploads, newest first: what the Documents page lists to them (an
        upload's name is its owner's to see, failed or not)."""
        return self._select(
            "WHERE user_id = ? AND state = 'failed' ORDER BY created DESC", (user_id,)
        )

    def owners(self) -> dict[str, str]:
        """Who added each upload that was indexed: its saved path -> the user id (the latest
        finished job of that path)."""
        with self.workspace.connect() as db:
            rows = db.execute(
                "SELECT path, user_id FROM uploads WHERE state = 'done' AND path != '' "
                "ORDER BY created"
            ).fetchall()
        return dict(rows)

    def _select(self, where: str, args: tuple) -> list[UploadJob]:
        with self.workspace.connect() as db:
            rows = db.execute(
                "SELECT job_id, user_id, name, path, state, done, total, message, pid, created, updated "
                f"FROM uploads {where}",
                args,
            ).fetchall()
        jobs = [UploadJob(*row) for row in rows]
        return [self._check_alive(j) for j in jobs]

    def _check_alive(self, job: UploadJob) -> UploadJob:
        if not job.active or job.pid is None or _alive(job.pid):
            return job
        message = f"{job.name} was not added: the indexing process stopped before it finished: upload it again"
        self.update(job.job_id, state="failed", message=message)
        if job.path:
            Path(job.path).unlink(missing_ok=True)
        return self.get(job.job_id)


def index_job(
    jobs: UploadJobs,
    job_id: str,
    settings: Settings,
    *,
    embedder: Any = None,
    committed: Callable[[], None] | None = None,
) -> UploadResult:
    """Index the saved upload of ``job_id``, writing progress and the outcome into its row
    (`pocdoc serve`'s writer thread runs this, with its encoder; ``committed`` moves its
    readers to the new index before the row says "done")."""
    job = jobs.get(job_id)
    jobs.update(job_id, state="running", message="reading and splitting")

    def progress(done: int, total: int, path: str) -> None:
        jobs.update(
            job_id,
            done=done,
            total=total,
            message="embedding and indexing" if done < total else "finishing",
        )

    try:
        result = ingest_saved(
            settings, job.name, Path(job.path), embedder=embedder, on_progress=progress
        )
    except BaseException as exc:  # reported in the UI, and the file is removed: nothing half-added
        Path(job.path).unlink(missing_ok=True)
        jobs.update(job_id, state="failed", message=f"{job.name} was not added: {exc}")
        raise
    if committed is not None:
        committed()
    jobs.update(
        job_id, state="done" if result.ok else "failed", message=result.message, done=1, total=1
    )
    return result


def _alive(pid: int) -> bool:
    """Whether the server process that runs a job (its pid, recorded by the writer) lives."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
