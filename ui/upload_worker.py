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
    from ui.upload_jobs import UploadJobs, index_job
    from ui.workspace import Workspace

    result = index_job(UploadJobs(Workspace(Path(workspace_file))), job_id, load_settings())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:3]))
