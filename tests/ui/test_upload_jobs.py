"""Upload jobs: refused files fail at once; a job whose server died is reported, never left running."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import make_settings
from ui.upload_jobs import UploadJobs
from ui.workspace import Workspace, workspace_path


def jobs_for(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = make_settings(tmp_path / "home", corpus_dir=corpus)
    return settings, UploadJobs(Workspace(workspace_path(settings)))


def test_uploads_are_saved_under_home_not_corpus(tmp_path) -> None:
    settings, jobs = jobs_for(tmp_path)
    job = jobs.submit(settings, "u1", "alerts.md", b"# A\n\nText.\n")
    assert job.state == "queued" and job.path == str(
        (tmp_path / "home" / "uploads" / "alerts.md").resolve()
    )
    assert not (settings.corpus_dir / "uploads").exists()


def test_a_refused_file_is_a_failed_job_with_the_reason(tmp_path) -> None:
    settings, jobs = jobs_for(tmp_path)
    job = jobs.submit(settings, "u1", "slides.pptx", b"PK")
    assert job.state == "failed" and "not supported" in job.message and job.path == ""
    assert [j.job_id for j in jobs.failed("u1")] == [job.job_id]
    assert jobs.for_user("u2") == [] and jobs.failed("u2") == []  # a name is its owner's


def test_a_job_whose_server_died_is_failed_and_its_file_removed(tmp_path) -> None:
    settings, jobs = jobs_for(tmp_path)
    job = jobs.submit(settings, "u1", "alerts.md", b"# A\n\nText.\n")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    jobs.update(job.job_id, state="running", pid=dead.pid)
    (seen,) = jobs.for_user("u1")
    assert seen.state == "failed" and "stopped before it finished: upload it again" in seen.message
    assert not (settings.upload_dir / "alerts.md").exists()
