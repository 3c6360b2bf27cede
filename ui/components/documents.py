"""The Documents page: what is indexed, what the manifest lists but is not on this machine, and
which files failed, so a reader can tell a gap in the corpus from a poor answer."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from ui.components import resources
from ui.components.resources import Context
from ui.corpus_inventory import indexed_documents, missing_documents, unindexed_files
from ui.formatting import escape_markdown
from ui.upload_jobs import UploadJobs

COLUMNS = ("Title", "Type", "Date", "Symbol", "Pages", "Passages", "Indexed", "Added by")


def render_documents(ctx: Context) -> None:
    st.title("Documents")
    user, jobs = resources.user_id(), UploadJobs(ctx.workspace)
    documents = ctx.engine.documents
    indexed = indexed_documents(documents, ctx.settings, user, jobs.owners())
    others = len(documents) - len(indexed)  # other users' uploads: their names are theirs
    missing = missing_documents(ctx.settings, documents)
    failed = jobs.failed(user)
    stray = unindexed_files(ctx.settings, documents)
    passages = sum(d.passages for d in indexed)
    hidden = (
        f" in the {len(indexed)} listed here; {others} more "
        + ("was uploaded by another user" if others == 1 else "were uploaded by other users")
        if others
        else ""
    )
    st.markdown(
        f"**{len(documents)} documents are indexed** ({passages:,} passages{hidden}). "
        + (f"**{len(missing)} documents of the manifest are not**: questions about them cannot be answered "
           "until they are added." if missing else "Every document of the manifest is indexed.")
    )  # fmt: skip
    st.subheader("Indexed")
    table = pd.DataFrame(
        [
            {
                "Title": d.title,
                "Type": d.doc_type,
                "Date": d.date,
                "Symbol": d.symbol,
                "Pages": d.pages,
                "Passages": d.passages,
                "Indexed": d.indexed,
                "Added by": "you (upload)" if d.uploaded else "corpus",
            }
            for d in indexed
        ],
        columns=COLUMNS,
    ).astype({"Pages": "Int64"})  # a text document has no pages: shown empty, not "None"
    st.dataframe(table, hide_index=True, width="stretch", key="documents-indexed",
                 column_config={"Title": st.column_config.TextColumn(width="large")})  # fmt: skip
    st.subheader(f"Listed in the manifest, not indexed ({len(missing)})")
    if not missing:
        st.caption("None.")
    for d in missing:
        with st.container(border=True, key=f"missing-{d.doc_id}"):
            bits = " · ".join(escape_markdown(b) for b in (d.doc_type, d.date, d.symbol) if b)
            st.markdown(f"**{escape_markdown(d.title)}**  \n{bits}")
            st.caption(
                escape_markdown(d.how_to_add)
                + (f" Published at {escape_markdown(d.source_url)}" if d.source_url else "")
            )
    st.subheader(f"Files that failed ({len(failed) + len(stray)})")
    if not failed and not stray:
        st.caption("None.")
    for job in failed:
        when = datetime.fromtimestamp(job.created).strftime("%Y-%m-%d %H:%M")
        st.error(f"Your upload, {when}: {escape_markdown(job.message)}", icon=":material/error:")
    for path in stray:
        st.warning(
            f"{escape_markdown(path.name)} is in the corpus folder but not indexed: run pocdoc ingest to index it or "
            "to see why it fails.",
            icon=":material/warning:",
        )
