"""The Compare page: a series, two of its editions (the last two by default), an optional topic;
a topic's paragraphs in every report of the series (a bar chart and where they are); then the
aligned paragraphs side by side, the diff highlighted, each side cited and openable in
its page view, a pair addable to the briefing, the whole exportable to Markdown and .docx.

The series, the comparison and the topic's trend are the home's server's (``/v1/series``,
``/v1/compare``): the page reads no ledger and loads no encoder."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.editions import ADDED, REMOVED, Comparison, Edition, Paragraph, Row
from assistant.errors import PocdocError
from assistant.types import Citation
from ui import compare_format
from ui.components import resources
from ui.components.resources import Context
from ui.components.source import render_source
from ui.formatting import escape_markdown

_STATUS_ICON = {
    "unchanged": ":material/check:",
    "revised": ":material/edit:",
    "new": ":material/add:",
    "dropped": ":material/remove:",
}


def render_compare(ctx: Context) -> None:
    st.title("Compare editions")
    try:
        listed = ctx.server.series()["series"]
    except PocdocError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    if not listed:
        st.info(
            "No two indexed documents are editions of one another yet: index successive reports "
            "on one mission (their titles or file names name it), or give documents the same "
            "`series` in the manifest."
        )
        return
    names = [f"{s['name']} ({len(s['documents'])})" for s in listed]
    chosen = listed[names.index(st.selectbox("Series", names, key="compare-series"))]
    members = chosen["documents"]
    labels = [f"{r['symbol'] or r['doc_id']} ({r['date'] or 'undated'})" for r in members]
    left, right = st.columns(2)
    key = chosen["key"]
    old_at = left.selectbox("Older", labels, index=len(labels) - 2, key=f"compare-old-{key}")
    new_at = right.selectbox("Newer", labels, index=len(labels) - 1, key=f"compare-new-{key}")
    topic = st.text_input(
        "Topic (optional)", key="compare-topic", placeholder="police, cholera, elections…"
    )
    unchanged = st.toggle("Show unchanged paragraphs", key="compare-unchanged")
    old_id = members[labels.index(old_at)]["doc_id"]
    new_id = members[labels.index(new_at)]["doc_id"]
    if old_id == new_id:
        st.warning("Choose two different editions.")
        return
    try:
        with st.spinner("Aligning paragraphs…"):
            comparison = ctx.server.compare((old_id, new_id), topic=topic, records=ctx.records)
            trend = ctx.server.series(key, comparison.topic) if comparison.topic else None
    except PocdocError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    _summary(comparison)
    if trend is not None:
        _trend(ctx, chosen, trend)
    _exports(comparison, unchanged)
    rows = compare_format.shown_rows(comparison, unchanged=unchanged)
    if not rows:
        st.caption("Nothing to show: no paragraph of either edition is about this topic.")
    for k, (row, repeated) in enumerate(zip(rows, compare_format.as_above(rows), strict=True)):
        _row(ctx, comparison, row, k, repeated)


def _trend(ctx: Context, series: dict[str, Any], trend: dict[str, Any]) -> None:
    """Paragraphs about the topic in every report of the series (the server's ``/v1/series``
    with a topic): a bar per report, and where."""
    points, first = trend["documents"], trend["first"]
    with st.expander(f"“{trend['topic']}” across {series['name']}", expanded=False):
        table = pd.DataFrame(
            {
                "Report": [_name(ctx, p) for p in points],
                "Date": [p["date"] for p in points],
                "Paragraphs": [p["paragraphs"] for p in points],
                "Where": ["; ".join(p["where"]) for p in points],
            }
        )
        st.bar_chart(table, x="Report", y="Paragraphs", sort=False)
        st.dataframe(table, hide_index=True, key="compare-trend")
        if first is not None:
            st.caption(
                escape_markdown(
                    f"First in {_name(ctx, first)} ({first['date']}), {first['where'][0]}."
                )
            )


def _name(ctx: Context, point: dict[str, Any]) -> str:
    """How a citation names a report of the trend (:attr:`Edition.name`)."""
    record = ctx.records.get(point["doc_id"])
    if record is None:
        return str(point["symbol"] or point["doc_id"])
    return str(record.symbol or record.short_title or record.title)


def _summary(comparison: Comparison) -> None:
    counts = comparison.counts()
    cols = st.columns(5)
    for col, status in zip(cols, ("revised", "new", "dropped", "unchanged", "moved"), strict=True):
        col.metric(status.capitalize(), counts[status])
    st.caption(escape_markdown(compare_format.summary(comparison)))


def _exports(comparison: Comparison, unchanged: bool) -> None:
    stem = f"compare-{comparison.old.record.doc_id}-{comparison.new.record.doc_id}"
    md, docx = st.columns(2)
    md.download_button(
        "Export Markdown",
        compare_format.to_markdown(comparison, unchanged=unchanged),
        file_name=f"{stem}.md",
        mime="text/markdown",
        key="compare-export-md",
    )
    docx.download_button(
        "Export .docx",
        compare_format.to_docx(comparison, unchanged=unchanged),
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="compare-export-docx",
    )


def _row(ctx: Context, comparison: Comparison, row: Row, k: int, repeated: bool = False) -> None:
    """One row; ``repeated``: its newer paragraph is the row before's (merged), written once."""
    pair = row.pair
    with st.container(border=True, key=f"compare-row-{k}"):
        st.markdown(f"{_STATUS_ICON[pair.status]} **{compare_format.status_label(row)}**")
        left, right = st.columns(2)
        _side(left, comparison.old, row.old, _marked(row, REMOVED))
        shown = (
            f"_{compare_format.AS_ABOVE}_" if repeated and not compare_format.diffed(row) else ""
        )
        _side(right, comparison.new, row.new, shown or _marked(row, ADDED))
        a, b = st.columns(2)
        if a.button("Add to briefing", key=f"compare-brief-{k}"):
            _to_briefing(ctx, comparison, row)
            st.toast("Added to the briefing")
        if b.toggle("Page view", key=f"compare-pages-{k}"):
            left, right = st.columns(2)
            for col, edition, paragraph in (
                (left, comparison.old, row.old),
                (right, comparison.new, row.new),
            ):
                if paragraph is not None:
                    with col:
                        render_source(ctx, citation(edition, paragraph))


def _side(
    col: st.delta_generator.DeltaGenerator, e: Edition, p: Paragraph | None, text: str
) -> None:
    if p is None:
        col.caption("—")
        return
    col.caption(escape_markdown(compare_format.cite(e, p)))
    col.markdown(text)


def _marked(row: Row, keep: str) -> str:
    """One side of a row as Markdown: a revised pair's own changes in colour (taken out: red and
    struck on the older side; put in: green and bold on the newer side)."""
    if not compare_format.diffed(row):
        paragraph = row.old if keep == REMOVED else row.new
        return escape_markdown(paragraph.text) if paragraph is not None else ""
    parts = []
    for span in row.pair.diff:
        text = escape_markdown(span.text)
        if span.op == keep == REMOVED:
            parts.append(f":red[~~{text}~~]")
        elif span.op == keep == ADDED:
            parts.append(f":green[**{text}**]")
        elif span.op not in (REMOVED, ADDED):
            parts.append(text)
    return " ".join(parts)


def citation(edition: Edition, paragraph: Paragraph) -> Citation:
    """A paragraph as a citation (for the page view and the briefing)."""
    r = edition.record
    return Citation(
        n=1,
        passage_id=paragraph.passage_ids[0] if paragraph.passage_ids else "",
        doc_id=r.doc_id,
        title=r.title,
        doc_type=r.doc_type,
        date=r.date,
        symbol=r.symbol,
        page=paragraph.page,
        section=paragraph.section,
        paragraph=paragraph.number,
        source=r.path,
        text=paragraph.text,
        score=1.0,
    )


def _to_briefing(ctx: Context, comparison: Comparison, row: Row) -> None:
    question = (
        f"What changed between {comparison.old.name} and {comparison.new.name}"
        + (f" on {comparison.topic}" if comparison.topic else "")
        + f" ({compare_format.status_label(row)})"
    )
    brief = resources.briefing(ctx)
    for edition, paragraph in ((comparison.old, row.old), (comparison.new, row.new)):
        if paragraph is not None:
            brief.add_citation(citation(edition, paragraph), question)
    resources.save_briefing(ctx)
