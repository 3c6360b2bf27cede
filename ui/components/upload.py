"""Adding a document from the browser: upload, index with progress, report the outcome."""

from __future__ import annotations

import streamlit as st

from ui.components.resources import Context
from ui.formatting import escape_markdown
from ui.uploads import MAX_UPLOAD_MB, UploadResult, ingest_upload, supported_suffixes

_DONE = "pocdoc_uploads"  # file_id -> UploadResult, so a rerun never indexes a file twice


def render_upload(ctx: Context) -> None:
    suffixes = supported_suffixes()
    with st.sidebar.expander("Add a document", expanded=False):
        uploaded = st.file_uploader(
            f"{', '.join(s.lstrip('.').upper() for s in suffixes)}; up to {MAX_UPLOAD_MB} MB",
            type=[s.lstrip(".") for s in suffixes],
            max_upload_size=MAX_UPLOAD_MB,
            key="upload",
        )
        if uploaded is None:
            return
        done: dict[str, UploadResult] = st.session_state.setdefault(_DONE, {})
        if uploaded.file_id not in done:
            result = done[uploaded.file_id] = _ingest(ctx, uploaded.name, uploaded.getvalue())
            if result.ok:
                st.rerun()  # so the corpus status and the filters above show the new document
        show_result(done[uploaded.file_id])


def _ingest(ctx: Context, name: str, data: bytes) -> UploadResult:
    with st.status(f"Adding {escape_markdown(name)}…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading and splitting")

        def progress(done: int, total: int, path: str) -> None:
            bar.progress(done / max(total, 1), text="Embedding and indexing" if done < total else "Indexed")

        result = ingest_upload(ctx.settings, name, data, embedder=ctx.engine.embedder, on_progress=progress)
        if result.ok:
            ctx.engine.refresh()
            status.update(label=f"Added {escape_markdown(name)}", state="complete", expanded=False)
        else:
            status.update(label=f"Could not add {escape_markdown(name)}", state="error", expanded=False)
    return result


def show_result(result: UploadResult) -> None:
    """The outcome of an upload, in words that say what to do next."""
    if result.ok:
        st.success(escape_markdown(result.message))
    else:
        st.error(escape_markdown(result.message))
