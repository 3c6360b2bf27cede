"""Adding a document from the browser: upload, index in a worker process with progress, report.

The file is checked and saved at once; a worker process indexes it (``ui.upload_jobs``), so
other users' questions are answered meanwhile. The uploader is emptied after every file, good or
bad; a failure's message stays here and on the Documents page.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from ui.components import resources
from ui.components.resources import Context
from ui.formatting import escape_markdown
from ui.upload_jobs import UploadJob, UploadJobs
from ui.uploads import MAX_UPLOAD_MB, supported_suffixes

_ROUND = "pocdoc_upload_round"  # bumped after each file, so the uploader widget starts empty
_SEEN = "pocdoc_upload_states"  # job id -> state last shown, to refresh the page when one finishes


def render_upload(ctx: Context) -> None:
    suffixes = supported_suffixes()
    jobs = UploadJobs(ctx.workspace)
    with st.sidebar.expander("Add a document", expanded=False, icon=":material/upload_file:"):
        uploaded = st.file_uploader(
            f"{', '.join(s.lstrip('.').upper() for s in suffixes)}; up to {MAX_UPLOAD_MB} MB",
            type=[s.lstrip(".") for s in suffixes],
            max_upload_size=MAX_UPLOAD_MB,
            key=f"upload-{st.session_state.get(_ROUND, 0)}",
        )
        if uploaded is not None:
            jobs.submit(ctx.settings, resources.user_id(), uploaded.name, uploaded.getvalue())
            st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
            st.rerun()
        _progress(ctx, jobs)


def _poll_every(jobs: UploadJobs, user: str) -> timedelta | None:
    return timedelta(seconds=1) if any(j.active for j in jobs.for_user(user)) else None


def _progress(ctx: Context, jobs: UploadJobs) -> None:
    user = resources.user_id()

    @st.fragment(run_every=_poll_every(jobs, user))
    def progress() -> None:
        seen: dict[str, str] = st.session_state.setdefault(_SEEN, {})
        latest = jobs.for_user(user, limit=3)
        finished = [
            j for j in latest if seen.get(j.job_id) in ("queued", "running") and not j.active
        ]
        for job in latest:
            seen[job.job_id] = job.state
            show_job(job)
        if finished:  # the corpus changed (or a job ended): redraw the sidebar and the pages
            ctx.engine.refresh()
            st.rerun(scope="app")

    progress()


def show_job(job: UploadJob) -> None:
    """One upload's state, in words that say what to do next."""
    name = escape_markdown(job.name)
    if job.state == "done":
        st.success(escape_markdown(job.message), icon=":material/check_circle:")
    elif job.state == "failed":
        st.error(
            escape_markdown(job.message) + " (also listed on the Documents page)",
            icon=":material/error:",
        )
    else:
        share = job.done / job.total if job.total else 0.0
        st.progress(
            share,
            text=f"Adding {name}: {escape_markdown(job.message)}. You can keep asking questions.",
        )
