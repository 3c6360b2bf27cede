"""The upload worker: ``python -m ui.upload_worker WORKSPACE JOB_ID`` indexes one saved upload.

Started by ``ui.upload_jobs`` in its own process, with the settings the server passes in the
environment; it reports progress and the outcome into the job's row of the workspace.
"""

from __future__ import annotations

import sys

from assistant.offline import go_offline

go_offline()


def run(workspace_file: str, job_id: str) -> int:
    from pathlib import Path

    from assistant.settings import load_settings
    from ui.upload_jobs import UploadJobs
    from ui.uploads import ingest_saved
    from ui.workspace import Workspace

    jobs = UploadJobs(Workspace(Path(workspace_file)))
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
        result = ingest_saved(load_settings(), job.name, Path(job.path), on_progress=progress)
    except BaseException as exc:  # reported in the UI, and the file is removed: nothing half-added
        Path(job.path).unlink(missing_ok=True)
        jobs.update(job_id, state="failed", message=f"{job.name} was not added: {exc}")
        raise
    jobs.update(
        job_id, state="done" if result.ok else "failed", message=result.message, done=1, total=1
    )
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:3]))
