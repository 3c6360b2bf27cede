"""An answer with its [n] markers and one card per citation; abstentions look different.

A card speaks the reader's language: title, UN symbol, page, paragraph or article, section and
the passage with its cited sentence marked. Scores, passage ids and file paths wait in a
collapsed "Details" element for whoever needs them.
"""

from __future__ import annotations

import streamlit as st

from assistant.types import Answer, AnswerSentence, Citation
from ui.answer_text import answering_line, sources_caption, with_upload
from ui.components import language, resources
from ui.components.feedback import render_feedback
from ui.components.resources import Context
from ui.components.sidebar import clear_filters, describe_filters
from ui.components.source import render_source
from ui.conversation import ChatEntry
from ui.formatting import escape_markdown, highlight_markdown, locator, ocr_note

_VERDICT_BADGE = {"supported": "green", "partly": "orange", "unsupported": "red"}
RELATED_HEADING = "Related passages (not an answer)"


def answer_markdown(answer: Answer) -> str:
    """The glossary's definitions (each with its source, one paragraph each), then the answer's
    sentences, escaped, each followed by its citation markers (and, in generative mode, a badge
    with the support verdict)."""
    body = " ".join(_sentence(s) for s in answer.sentences)
    if not answer.definitions:
        return body or escape_markdown(answer.answer)
    return "\n\n".join(
        [*(escape_markdown(d.line) for d in answer.definitions), *([body] if body else [])]
    )


def _sentence(s: AnswerSentence) -> str:
    marks = "".join(f"\\[{n}\\]" for n in s.citations)
    text = f"{escape_markdown(s.text)} **{marks}**" if marks else escape_markdown(s.text)
    if s.verdict:
        text += f" :{_VERDICT_BADGE.get(s.verdict, 'gray')}-badge[{s.verdict}]"
    return text


def card_heading(c: Citation) -> str:
    """``[n] Title`` and the UN symbol beside it, escaped."""
    symbol = f" · {escape_markdown(c.symbol)}" if c.symbol else ""
    return f"**\\[{c.n}\\] {escape_markdown(c.title or c.doc_id)}**{symbol}"


def card_meta(c: Citation) -> str:
    """Where the passage is: page, paragraph or article, section; then type and date."""
    bits = [locator(c), f"section: {c.section}" if c.section else "", c.doc_type, c.date]
    if c.ocr_confidence is not None:  # a scan: the reader may want to check the page itself
        bits.append(ocr_note(c.ocr_confidence))
    return " · ".join(escape_markdown(b) for b in bits if b)


def card_details(c: Citation) -> str:
    """What an engineer or evaluator may want: the retrieval score and where the passage lives."""
    rows = [("Retrieval score", f"{c.score:.4f}"), ("Passage id", c.passage_id), ("Document id", c.doc_id),
            ("Source file", c.source)]  # fmt: skip
    return "  \n".join(f"{name}: {escape_markdown(value)}" for name, value in rows if value)


def render_card(ctx: Context, entry: ChatEntry, c: Citation, *, related: bool = False) -> None:
    _ = language.texts(ctx)
    key = f"{entry.entry_id}-{'related' if related else 'cited'}-{c.n}"
    with st.container(border=True, key=f"citation-{key}"):
        st.markdown(card_heading(c))
        meta = card_meta(c)
        if meta:
            st.caption(meta)
        st.markdown(highlight_markdown(c.text, c.quote_start, c.quote_end))
        left, right = st.columns(2, vertical_alignment="center")
        show = left.toggle(_("Show in source"), key=f"source-{key}")
        right.button(
            _("Add passage to briefing"),
            key=f"brief-{key}",
            icon=":material/playlist_add:",
            on_click=_add_citation,
            args=(ctx, c, entry.question, related),
        )
        if show:
            render_source(ctx, c)
        with st.expander(_("Details"), icon=":material/tune:"):
            st.caption(card_details(c))


def _add_citation(ctx: Context, c: Citation, question: str, related: bool) -> None:
    resources.briefing(ctx).add_citation(c, question, related=related)
    resources.save_briefing(ctx)
    what = "the related passage (labelled “not an answer”)" if related else "the passage"
    st.toast(f"Added {what} to the briefing.", icon=":material/playlist_add_check:")


def _add_answer(ctx: Context, answer: Answer) -> None:
    resources.briefing(ctx).add_answer(answer)
    resources.save_briefing(ctx)
    st.toast(
        "Added the answer, with all its quotes and sources, to the briefing.",
        icon=":material/playlist_add_check:",
    )


def _ask_again(question: str) -> None:
    clear_filters()
    resources.queue_question(question)


def render_abstention(ctx: Context, entry: ChatEntry) -> None:
    _ = language.texts(ctx)
    answer = entry.answer
    st.warning(escape_markdown(with_upload(answer.answer)), icon=":material/block:")
    if entry.filters is not None:
        st.markdown(
            _(
                "This question was asked with filters on ({filters}); the answer may be in "
                "documents they leave out."
            ).format(filters=escape_markdown(describe_filters(entry.filters)))
        )
        st.button(
            _("Clear the filters and ask again"),
            key=f"unfilter-{entry.entry_id}",
            icon=":material/filter_alt_off:",
            on_click=_ask_again,
            args=(entry.question,),
        )
    if answer.related:
        st.markdown(f"**{_(RELATED_HEADING)}**")
    for c in answer.related:
        render_card(ctx, entry, c, related=True)


def render_answer(ctx: Context, entry: ChatEntry) -> None:
    _ = language.texts(ctx)
    answer = entry.answer
    if answer.notice:
        st.info(escape_markdown(with_upload(answer.notice)), icon=":material/info:")
    first = resources.conversation(ctx).entries[:1]
    follow_up = not first or first[0].entry_id != entry.entry_id
    if answering := answering_line(answer, follow_up=follow_up):
        st.caption(escape_markdown(answering))
    if answer.abstained:
        render_abstention(ctx, entry)
    else:
        st.markdown(answer_markdown(answer))
        st.caption(
            escape_markdown(sources_caption(answer, _))
            + (
                " · generated answer, checked against its sources"
                if answer.mode == "generative"
                else ""
            )
        )
        for c in answer.citations:
            render_card(ctx, entry, c)
        st.button(
            _("Add answer to briefing"),
            key=f"brief-answer-{entry.entry_id}",
            icon=":material/playlist_add:",
            on_click=_add_answer,
            args=(ctx, answer),
        )
    with st.expander(_("Details"), icon=":material/tune:"):
        st.caption(
            f"Mode: {escape_markdown(answer.mode)}  \nEvidence score: {answer.evidence_score:.2f} (the abstention "
            f"threshold applies to it)  \nCorpus version: {escape_markdown(entry.corpus_version)}"
        )
    render_feedback(ctx, entry)
