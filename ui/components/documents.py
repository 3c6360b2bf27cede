"""The Documents page: what is indexed, what the manifest lists but is not on this machine, and
which files failed, so a reader can tell a gap in the corpus from a poor answer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ui.components.resources import Context
from ui.corpus_inventory import IndexedDocument
from ui.formatting import escape_markdown, local_time

COLUMNS = ("Name", "Title", "Type", "Date", "Symbol", "Pages", "Passages", "Indexed", "Added by")
NO_PAGES = "none (text)"  # a text document is cited by section and paragraph, never by page


def render_documents(ctx: Context) -> None:
    st.title("Documents")
    corpus = ctx.corpus  # the server's lists, for this user
    documents, indexed, missing = corpus["records"], corpus["indexed"], corpus["missing"]
    others = len(documents) - len(indexed)  # other users' uploads: their names are theirs
    failed = corpus["failed"]["uploads"]
    stray = [Path(p) for p in corpus["failed"]["files"]]
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
    # A static table: every title in full, wrapped (a data grid cuts them), and no "None" cells.
    with st.container(key="documents-indexed"):
        st.table(indexed_table(indexed), hide_index=True)
    if any(d.pages is None for d in indexed):
        st.caption(
            f"Pages “{NO_PAGES}”: a Markdown, text or HTML document has no pages; its passages are "
            "cited by section and paragraph."
        )
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
        when = escape_markdown(local_time(job["created"]))
        st.error(f"Your upload, {when}: {escape_markdown(job['message'])}", icon=":material/error:")
    for path in stray:
        st.warning(
            f"{escape_markdown(path.name)} is in the corpus folder but not indexed: upload it under "
            "“Add a document” in the sidebar to index it now, or to see why it fails.",
            icon=":material/warning:",
        )


def indexed_table(indexed: list[IndexedDocument]) -> pd.DataFrame:
    """One row per indexed document, every cell a string: the name, the full title, and pages
    only where the document has them."""
    return pd.DataFrame(
        [
            {
                "Name": d.name,
                "Title": d.title,
                "Type": d.doc_type,
                "Date": d.date,
                "Symbol": d.symbol,
                "Pages": NO_PAGES if d.pages is None else str(d.pages),
                "Passages": f"{d.passages:,}",
                "Indexed": d.indexed,
                "Added by": "you (upload)" if d.uploaded else "corpus",
            }
            for d in indexed
        ],
        columns=COLUMNS,
    )
