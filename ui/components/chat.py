"""The chat page: the conversation so far, and the next question with its history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from assistant.errors import PocdocError
from assistant.types import Answer, Filters, Turn
from ui.components import resources
from ui.components.citations import render_answer
from ui.components.resources import Context
from ui.components.sidebar import Choices
from ui.formatting import escape_markdown

PLACEHOLDER = "Ask about Protection of Civilians doctrine…"


@dataclass(frozen=True)
class ChatEntry:
    """One question and its answer, with what it was asked under."""

    entry_id: str
    question: str
    answer: Answer
    filters: Filters | None
    corpus_version: str

    def turn(self) -> Turn:
        return Turn(
            question=self.question,
            standalone_question=self.answer.standalone_question,
            filters=self.filters or Filters(),
            answer=self.answer.answer,
        )


def ask(ctx: Context, question: str, choices: Choices, history: list[ChatEntry]) -> ChatEntry:
    """Answer ``question`` with the earlier turns as its history."""
    answer = ctx.assistant.ask(
        question, history=[e.turn() for e in history], filters=choices.filters, mode=choices.mode
    )
    return ChatEntry(uuid.uuid4().hex[:12], question, answer, choices.filters, ctx.engine.fingerprint())


def render_chat(ctx: Context, choices: Choices) -> None:
    st.title("POC doctrine assistant")
    turns: list[ChatEntry] = resources.turns()
    question = st.chat_input(PLACEHOLDER, key="question")  # pinned to the bottom wherever it is called
    if not turns and not question:
        st.caption(
            "Answers quote the indexed documents and cite them; when the corpus does not address a "
            "question, the assistant says so and lists the closest passages instead."
        )
    for entry in turns:
        _render_entry(ctx, entry)
    if not question:
        return
    with st.chat_message("user"):
        _render_question(question, choices.filters)
    with st.chat_message("assistant"):
        try:
            with st.spinner("Searching the corpus…"):
                entry = ask(ctx, question, choices, turns)
        except PocdocError as exc:
            st.error(escape_markdown(str(exc)))
            return
        turns.append(entry)
        render_answer(ctx, entry)


def _render_entry(ctx: Context, entry: ChatEntry) -> None:
    with st.chat_message("user"):
        _render_question(entry.question, entry.filters)
    with st.chat_message("assistant"):
        render_answer(ctx, entry)


def _render_question(question: str, filters: Filters | None) -> None:
    st.markdown(escape_markdown(question))
    if filters is not None:
        st.caption(f"Filters: {escape_markdown(_describe(filters))}")


def _describe(filters: Filters) -> str:
    return "; ".join(f"{k.replace('_', ' ')}: {', '.join(v) if isinstance(v, list) else v}" for k, v in filters.to_dict().items())
