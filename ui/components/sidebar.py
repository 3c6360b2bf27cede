"""The sidebar: corpus status, filters, answer mode and glossary lookup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from assistant.modes import AnswerMode
from assistant.settings import Settings
from assistant.types import Filters
from ui.components.resources import Context, corpus_version
from ui.formatting import escape_markdown, local_time

MODES = AnswerMode.choices()
CHOICES_KEY = "pocdoc_choices"  # the sidebar's Choices, for the page that runs after it


@dataclass(frozen=True)
class Choices:
    """What the sidebar asks of the next answer."""

    filters: Filters | None
    mode: str


FILTER_KEYS = ("filter_types", "filter_bodies", "filter_docs", "filter_years")
_TITLES = "pocdoc_filter_titles"  # doc_id -> how the filter lists it, for describe_filters


def render_status(ctx: Context) -> None:
    status = ctx.server.status()  # what `pocdoc status --json` prints
    with st.expander("Corpus", expanded=False, icon=":material/library_books:"):
        left, right = st.columns(2)
        left.metric("Documents", status["documents"])
        right.metric("Passages", status["passages"])
        when = local_time(status["last_ingest"]) if status["last_ingest"] else "never"
        st.caption(
            f"Last indexed: {escape_markdown(when)}. The Documents page lists what is indexed and what is missing."
        )
        with st.popover("Technical details", icon=":material/tune:"):
            model = Path(status["embedding_model"])
            st.caption(f"Embedding model: {escape_markdown(f'{model.parent.name}/{model.name}')}")
            st.caption(
                f"Index: {escape_markdown(status['index_location'])} (collection {escape_markdown(status['collection'])})"
            )
            st.caption(f"Corpus version: {corpus_version(ctx)}")


def document_label(record) -> str:
    """How a filter lists a document: its title, with its UN symbol beside it."""
    title = record.title or record.short_title or record.doc_id
    return f"{title} ({record.symbol})" if record.symbol else title


def describe_filters(filters: Filters) -> str:
    """The filters in words: document titles, types, bodies, years."""
    titles = st.session_state.get(_TITLES, {})
    parts = []
    if filters.doc_ids:
        parts.append("documents: " + "; ".join(titles.get(d, d) for d in filters.doc_ids))
    if filters.doc_types:
        parts.append("type: " + ", ".join(filters.doc_types))
    if filters.issuing_bodies:
        parts.append("issued by: " + ", ".join(filters.issuing_bodies))
    if filters.date_from or filters.date_to:
        parts.append(f"dated {filters.date_from or '…'} to {filters.date_to or '…'}")
    return " · ".join(parts)


def clear_filters() -> None:
    """Reset every filter widget (from a callback, before the widgets are drawn again)."""
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def render_filters(records: dict) -> Filters | None:
    types = sorted({r.doc_type for r in records.values() if r.doc_type})
    bodies = sorted({r.issuing_body for r in records.values() if r.issuing_body})
    years = sorted({int(r.date[:4]) for r in records.values() if r.date[:4].isdigit()})
    titles = st.session_state[_TITLES] = {
        doc_id: document_label(r) for doc_id, r in records.items()
    }
    active = any(st.session_state.get(k) for k in FILTER_KEYS[:3])
    with st.expander(
        "Filters" + (" (on)" if active else ""), expanded=False, icon=":material/filter_alt:"
    ):
        doc_types = st.multiselect("Document type", types, key="filter_types")
        issuers = st.multiselect("Issuing body", bodies, key="filter_bodies")
        doc_ids = st.multiselect(
            "Documents",
            sorted(titles, key=lambda d: titles[d].casefold()),
            format_func=titles.get,
            key="filter_docs",
        )
        date_from = date_to = ""
        if len(years) >= 2:
            low, high = st.slider(
                "Date (year)", years[0], years[-1], (years[0], years[-1]), key="filter_years"
            )
            if (low, high) != (
                years[0],
                years[-1],
            ):  # undated documents stay in unless the range narrows
                date_from, date_to = str(low), str(high)
    filters = Filters(tuple(doc_ids), tuple(doc_types), tuple(issuers), date_from, date_to)
    return None if filters.is_empty() else filters


def render_mode(settings: Settings) -> str:
    if settings.llm.provider == "none":
        st.radio("Answer mode", MODES[:1], key="answer_mode", horizontal=True)
        st.caption(
            "Generative answers need an LLM endpoint: set `llm.provider` and `llm.base_url`."
        )
        return "extractive"
    default = MODES.index(settings.answer.mode)
    return st.radio("Answer mode", MODES, index=default, key="answer_mode", horizontal=True)


def render_glossary(glossary) -> None:
    with st.expander("Glossary", expanded=False, icon=":material/dictionary:"):
        if glossary is None:
            st.caption("No glossary: add corpus/glossary.toml.")
            return
        term = st.text_input(
            "Look up a term or acronym", key="glossary_term", placeholder="e.g. TCC, A4P"
        )
        if not term.strip():
            return
        entries = glossary.lookup(term, limit=5)
        if not entries:
            st.caption(f"Nothing in the glossary matches “{escape_markdown(term)}”.")
        for e in entries:
            st.markdown(f"**{escape_markdown(e.term)}**: {escape_markdown(e.full)}")
            st.caption(f"{escape_markdown(e.definition)} ({escape_markdown(e.kind)})")


def render_sidebar(ctx: Context) -> Choices:
    """Draw the sidebar; return the filters and mode the next question uses."""
    with st.sidebar:
        filters = render_filters(ctx.records)
        mode = render_mode(ctx.settings)
        render_glossary(ctx.glossary)
        render_status(ctx)
    return Choices(filters, mode)
