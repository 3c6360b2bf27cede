"""An answer with its [n] markers and one card per citation; abstentions look different."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assistant.types import Answer, AnswerSentence, Citation
from ui.components import resources
from ui.components.feedback import render_feedback
from ui.components.resources import Context
from ui.components.source import render_source
from ui.formatting import escape_markdown, highlight_markdown, locator

if TYPE_CHECKING:
    from ui.components.chat import ChatEntry

_VERDICT_BADGE = {"supported": "green", "partly": "orange", "unsupported": "red"}
RELATED_HEADING = "Related passages (not an answer)"


def answer_markdown(answer: Answer) -> str:
    """The answer's sentences, escaped, each followed by its citation markers (and, in
    generative mode, a badge with the support verdict)."""
    return " ".join(_sentence(s) for s in answer.sentences) or escape_markdown(answer.answer)


def _sentence(s: AnswerSentence) -> str:
    marks = "".join(f"\\[{n}\\]" for n in s.citations)
    text = f"{escape_markdown(s.text)} **{marks}**" if marks else escape_markdown(s.text)
    if s.verdict:
        text += f" :{_VERDICT_BADGE.get(s.verdict, 'gray')}-badge[{s.verdict}]"
    return text


def card_meta(c: Citation) -> str:
    """Type, date, UN symbol, page, section, paragraph and score, escaped for a caption."""
    bits = [c.doc_type, c.date, c.symbol, locator(c), f"section: {c.section}" if c.section else "", f"score {c.score:.4f}"]
    return " · ".join(escape_markdown(b) for b in bits if b)


def render_card(ctx: Context, entry: ChatEntry, c: Citation, *, related: bool = False) -> None:
    key = f"{entry.entry_id}-{'related' if related else 'cited'}-{c.n}"
    with st.container(border=True, key=f"citation-{key}"):
        st.markdown(f"**\\[{c.n}\\] {escape_markdown(c.title or c.doc_id)}**")
        st.caption(card_meta(c))
        st.markdown(highlight_markdown(c.text, c.quote_start, c.quote_end))
        left, right = st.columns(2, vertical_alignment="center")
        show = left.toggle("Show in source", key=f"source-{key}")
        right.button(
            "Add to briefing",
            key=f"brief-{key}",
            icon=":material/playlist_add:",
            on_click=_add_citation,
            args=(c, entry.question),
        )
        if show:
            render_source(ctx, c)


def _add_citation(c: Citation, question: str) -> None:
    resources.briefing().add_citation(c, question)
    st.toast("Added the passage to the briefing.")


def _add_answer(answer: Answer) -> None:
    resources.briefing().add_answer(answer)
    st.toast("Added the answer to the briefing.")


def render_answer(ctx: Context, entry: ChatEntry) -> None:
    answer = entry.answer
    if answer.notice:
        st.info(escape_markdown(answer.notice), icon=":material/info:")
    if answer.standalone_question and answer.standalone_question != answer.question:
        st.caption(f"Understood as: {escape_markdown(answer.standalone_question)}")
    if answer.abstained:
        st.warning(escape_markdown(answer.answer), icon=":material/block:")
        if answer.related:
            st.markdown(f"**{RELATED_HEADING}**")
        for c in answer.related:
            render_card(ctx, entry, c, related=True)
    else:
        st.markdown(answer_markdown(answer))
        n = len(answer.citations)
        st.caption(f"{answer.mode} answer · evidence {answer.evidence_score:.2f} · {n} source{'s' if n != 1 else ''}")
        for c in answer.citations:
            render_card(ctx, entry, c)
        st.button(
            "Add answer to briefing",
            key=f"brief-answer-{entry.entry_id}",
            icon=":material/playlist_add:",
            on_click=_add_answer,
            args=(answer,),
        )
    render_feedback(ctx, entry)
