"""The owner's write jobs (uploads, ingests, deletions) as clients see them: queued, running,
done or failed, with progress. Kept in memory, the latest :data:`MAX_JOBS` only; an upload's
job is also recorded in the workspace (:class:`ui.upload_jobs.UploadJobs`), where the UI's
Documents page reads it."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, replace
from typing import Any

MAX_JOBS = 500
ACTIVE = ("queued", "running")


@dataclass(frozen=True)
class Job:
    job_id: str
    kind: str  # upload, ingest, delete
    user_id: str
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 0
    message: str = "waiting for the writer"
    result: dict[str, Any] = field(default_factory=dict)
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class JobBoard:
    """The jobs of this server, thread-safe; :meth:`wait` blocks until a job ends."""

    def __init__(self, limit: int = MAX_JOBS) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._limit = limit
        self._changed = threading.Condition()

    def add(self, job: Job) -> Job:
        with self._changed:
            self._jobs[job.job_id] = job
            while len(self._jobs) > self._limit:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].active:  # never forget a job still queued or running
                    break
                del self._jobs[oldest]
            self._changed.notify_all()
        return job

    def update(self, job_id: str, **fields: Any) -> Job:
        with self._changed:
            job = self._jobs[job_id] = replace(self._jobs[job_id], updated=time.time(), **fields)
            self._changed.notify_all()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._changed:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """The job once it has ended, or as it is after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                job = self._jobs.get(job_id)
                left = deadline - time.monotonic()
                if job is None or not job.active or left <= 0:
                    return job
                self._changed.wait(left)

    def active(self) -> list[Job]:
        with self._changed:
            return [j for j in self._jobs.values() if j.active]
