"""The briefing page: collected answers and citations, reordered, retitled, annotated, exported."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui.briefing import (
    Briefing,
    BriefingItem,
    item_label,
    item_text,
    passage_parts,
    to_docx,
    to_markdown,
)
from ui.components import resources
from ui.components.export_links import ExportFile, export_buttons
from ui.components.resources import Context
from ui.formatting import escape_markdown, reference

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _edit(ctx: Context, item_id: str, field: str) -> None:
    value = st.session_state[f"briefing-{field}-{item_id}"]
    resources.briefing(ctx).edit(item_id, **{field: value})
    resources.save_briefing(ctx)


def _set_title(ctx: Context) -> None:
    b = resources.briefing(ctx)
    b.title = st.session_state["briefing-title"].strip() or b.title
    resources.save_briefing(ctx)


def _change(ctx: Context, method: str, *args: object) -> None:
    """Move or remove an item, then save the briefing."""
    getattr(resources.briefing(ctx), method)(*args)
    resources.save_briefing(ctx)


def _seed(key: str, value: str) -> None:
    """Give a text widget its initial value once; afterwards the widget owns it."""
    if key not in st.session_state:
        st.session_state[key] = value


def _item_markdown(item: BriefingItem, mapping: dict[int, int]) -> str:
    if item.kind == "answer":
        return escape_markdown(item_text(item, mapping))
    before, quote, after = passage_parts(item.citations[0])
    marks = "".join(f"\\[{mapping[c.n]}\\]" for c in item.citations if c.n in mapping)
    body = escape_markdown(before) + (
        f":orange-background[**{escape_markdown(quote)}**]" + escape_markdown(after)
        if quote
        else ""
    )
    return f"“{body.strip()}” **{marks}**"


def render_item(
    ctx: Context, b: Briefing, i: int, item: BriefingItem, mapping: dict[int, int]
) -> None:
    with st.container(border=True, key=f"briefing-item-{item.item_id}"):
        title, up, down, remove = st.columns([8, 1, 1, 1], vertical_alignment="bottom")
        _seed(f"briefing-title-{item.item_id}", item.title)
        title.text_input(
            f"Item {i} title",
            key=f"briefing-title-{item.item_id}",
            on_change=_edit,
            args=(ctx, item.item_id, "title"),
        )
        up.button(
            "",
            icon=":material/arrow_upward:",
            key=f"up-{item.item_id}",
            help="Move up",
            on_click=_change,
            args=(ctx, "move", item.item_id, -1),
            disabled=i == 1,
        )
        down.button(
            "",
            icon=":material/arrow_downward:",
            key=f"down-{item.item_id}",
            help="Move down",
            on_click=_change,
            args=(ctx, "move", item.item_id, 1),
            disabled=i == len(b),
        )
        remove.button(
            "",
            icon=":material/delete:",
            key=f"remove-{item.item_id}",
            help="Remove",
            on_click=_change,
            args=(ctx, "remove", item.item_id),
        )
        label = item_label(item)
        if item.kind == "related":
            st.warning(
                f"{label}: the corpus did not answer the question it was found for.",
                icon=":material/block:",
            )
        elif label:
            st.caption(label)
        if item.question and item.question != item.title:
            st.caption(f"Question: {escape_markdown(item.question)}")
        st.markdown(_item_markdown(item, mapping))
        _seed(f"briefing-notes-{item.item_id}", item.notes)
        st.text_area(
            "Notes",
            key=f"briefing-notes-{item.item_id}",
            on_change=_edit,
            args=(ctx, item.item_id, "notes"),
            placeholder="Your notes for this item (exported with it)",
        )


def render_briefing(ctx: Context) -> None:
    st.title("Briefing")
    _briefing_fragment(ctx)


@st.fragment
def _briefing_fragment(ctx: Context) -> None:
    """The page below its title; a fragment, so an edit reruns only this part of the app."""
    b = resources.briefing(ctx)
    _seed("briefing-title", b.title)
    st.text_input("Briefing title", key="briefing-title", on_change=_set_title, args=(ctx,))
    if not b.items:
        st.info(
            "Nothing here yet: use “Add to briefing” under an answer or a citation on the Ask page."
        )
        return
    refs, mappings = b.references()
    for i, (item, mapping) in enumerate(zip(b.items, mappings), 1):
        render_item(ctx, b, i, item, mapping)
    st.subheader("References")
    for ref in refs:
        related = " *(related passage, not an answer)*" if ref.related else ""
        st.markdown(escape_markdown(f"[{ref.n}] {reference(ref.citation)}") + related)
    version, today = resources.corpus_version(ctx), date.today()
    export_buttons(
        "briefing-export",
        [
            ExportFile("Export Markdown", "briefing.md", "text/markdown",
                       to_markdown(b, corpus_version=version, on=today).encode()),
            ExportFile("Export Word (.docx)", "briefing.docx", DOCX_MIME,
                       to_docx(b, corpus_version=version, on=today)),
        ],
    )  # fmt: skip
    st.caption(
        "Saved as you go: the briefing is still here after a reload. Quotes are exported word for word, "
        "each with its reference; related passages keep their “not an answer” label."
    )
