"""The chat page: example questions on an empty conversation, the conversation so far (older
turns collapsed so the page stays short), and the next question with its history."""

from __future__ import annotations

import time

import streamlit as st

from assistant.errors import PocdocError
from assistant.types import Filters
from ui.components import language, resources
from ui.components.citations import render_answer
from ui.components.resources import Context
from ui.components.sidebar import Choices, describe_filters
from ui.conversation import ChatEntry
from ui.formatting import escape_markdown
from ui.suggestions import example_questions

PLACEHOLDER = "Ask about Protection of Civilians doctrine…"
OPEN_TURNS = 3  # the latest turns shown in full; older ones fold into one line each


def ask(ctx: Context, question: str, choices: Choices) -> ChatEntry:
    """Answer ``question`` as the next turn of the conversation on screen (the server answers it
    with the earlier turns as its history and saves it there)."""
    conv = resources.conversation(ctx)
    answer, entry_id = resources.ask(ctx, conv.conv_id, question, choices.filters, choices.mode)
    now = time.time()
    entry = ChatEntry(
        entry_id, question, answer, choices.filters, resources.corpus_version(ctx), now
    )
    conv.add(entry, now)
    return entry


def render_examples(ctx: Context) -> None:
    _ = language.texts(ctx)
    st.markdown(
        _(
            "Answers quote the indexed documents and cite them, page and paragraph. When the corpus "
            "does not address a question, the assistant says so and lists the closest passages "
            "instead. The **Documents** page shows what is indexed and what is missing."
        )
    )
    examples = example_questions(ctx.records, limit=5)
    if not examples:
        return
    st.markdown(f"**{_('Try one of these:')}**")
    for i, q in enumerate(examples):
        st.button(
            q,
            key=f"example-{i}",
            on_click=resources.queue_question,
            args=(q,),
            icon=":material/help:",
            type="tertiary",
        )


def render_chat(ctx: Context, choices: Choices) -> None:
    _ = language.texts(ctx)
    typed = st.chat_input(_(PLACEHOLDER), key="question")  # pinned to the bottom wherever called
    question = typed or resources.pop_question()
    if question:
        language.note_question(ctx, question)
        _ = language.texts(ctx)
    st.title(_("POC doctrine assistant"))
    conv = resources.conversation(ctx)
    if not conv.entries and not question:
        render_examples(ctx)
    older, recent = conv.entries[:-OPEN_TURNS], conv.entries[-OPEN_TURNS:]
    if older:
        st.caption(
            _("{count} earlier questions are folded: “Show in full” opens one again.").format(
                count=len(older)
            )
        )
    for entry in older:
        _render_folded(ctx, entry)
    for entry in recent:
        _render_entry(ctx, entry)
    if not question:
        return
    with st.chat_message("user"):
        _render_question(question, choices.filters)
    with st.chat_message("assistant"):
        try:
            with st.spinner("Searching the corpus…"):
                entry = ask(ctx, question, choices)
        except PocdocError as exc:
            st.error(escape_markdown(str(exc)))
            return
        render_answer(ctx, entry)
    if len(conv.entries) > OPEN_TURNS or len(conv.entries) == 1:
        st.rerun()  # fold the oldest turn; a first question also titles the conversation in the sidebar


def _render_entry(ctx: Context, entry: ChatEntry) -> None:
    with st.chat_message("user"):
        _render_question(entry.question, entry.filters)
    with st.chat_message("assistant"):
        render_answer(ctx, entry)


def _render_folded(ctx: Context, entry: ChatEntry) -> None:
    """An older turn in two lines: the question, the start of the answer, and a switch to open it."""
    with st.container(border=True, key=f"folded-{entry.entry_id}"):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"**{escape_markdown(entry.question)}**")
        full = right.toggle("Show in full", key=f"unfold-{entry.entry_id}")
        if full:
            _render_entry(ctx, entry)
        else:
            st.caption(escape_markdown(_clip(entry.answer.answer, 220)))


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def _render_question(question: str, filters: Filters | None) -> None:
    st.markdown(escape_markdown(question))
    if filters is not None:
        st.caption(f"Filters: {escape_markdown(describe_filters(filters))}")
