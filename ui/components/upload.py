"""Adding a document from the browser: upload to the home's server, which indexes it on its one
writer while questions are answered; progress and the outcome shown here.

The file is checked and saved by the server at once (a refused file is a failed job saying
why); the uploader is emptied after every file, good or bad; a failure's message stays here and
on the Documents page. Once a job reads "done", the server answers from the new document.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import streamlit as st

from ui.components.resources import Context
from ui.formatting import escape_markdown
from ui.uploads import MAX_UPLOAD_MB, supported_suffixes

_ROUND = "pocdoc_upload_round"  # bumped after each file, so the uploader widget starts empty
_SEEN = "pocdoc_upload_states"  # job id -> state last shown, to refresh the page when one finishes
ACTIVE = ("queued", "running")


def render_upload(ctx: Context) -> None:
    suffixes = supported_suffixes()
    with st.sidebar.expander("Add a document", expanded=False, icon=":material/upload_file:"):
        uploaded = st.file_uploader(
            f"{', '.join(s.lstrip('.').upper() for s in suffixes)}; up to {MAX_UPLOAD_MB} MB",
            type=[s.lstrip(".") for s in suffixes],
            max_upload_size=MAX_UPLOAD_MB,
            key=f"upload-{st.session_state.get(_ROUND, 0)}",
        )
        if uploaded is not None:
            ctx.server.upload(uploaded.name, uploaded.getvalue())
            st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
            st.rerun()
        _progress(ctx)


def _progress(ctx: Context) -> None:
    latest = ctx.server.uploads(limit=3)
    active = any(j["state"] in ACTIVE for j in latest)

    @st.fragment(run_every=timedelta(seconds=1) if active else None)
    def progress() -> None:
        seen: dict[str, str] = st.session_state.setdefault(_SEEN, {})
        jobs = ctx.server.uploads(limit=3)
        finished = [j for j in jobs if seen.get(j["job_id"]) in ACTIVE and j["state"] not in ACTIVE]
        for job in jobs:
            seen[job["job_id"]] = job["state"]
            show_job(job)
        if finished:  # the corpus changed (or a job ended): redraw the sidebar and the pages
            st.rerun(scope="app")

    progress()


def show_job(job: dict[str, Any]) -> None:
    """One upload's state, in words that say what to do next."""
    name = escape_markdown(job["name"])
    if job["state"] == "done":
        st.success(escape_markdown(job["message"]), icon=":material/check_circle:")
    elif job["state"] == "failed":
        st.error(
            escape_markdown(job["message"]) + " (also listed on the Documents page)",
            icon=":material/error:",
        )
    else:
        share = job["done"] / job["total"] if job["total"] else 0.0
        st.progress(
            share,
            text=f"Adding {name}: {escape_markdown(job['message'])}. You can keep asking questions.",
        )
