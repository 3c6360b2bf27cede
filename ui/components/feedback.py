"""Thumbs up/down and an optional comment on every answer, appended to the feedback log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ui.components.resources import Context
from ui.feedback import feedback_record

if TYPE_CHECKING:
    from ui.components.chat import ChatEntry

_SAVED = "pocdoc_feedback_saved"  # entry ids whose feedback was written this session
_VOTES = {0: "down", 1: "up"}  # st.feedback("thumbs") values


def _vote_key(entry: ChatEntry) -> str:
    return f"vote-{entry.entry_id}"


def _write(ctx: Context, entry: ChatEntry, comment: str = "") -> None:
    vote = _VOTES.get(st.session_state.get(_vote_key(entry)))
    if vote is None and not comment.strip():
        return
    record = feedback_record(
        entry.answer,
        answer_id=entry.entry_id,
        vote=vote,
        comment=comment,
        settings=ctx.settings.public_dict(),
        corpus_version=entry.corpus_version,
    )
    ctx.feedback.append(record)
    st.session_state.setdefault(_SAVED, set()).add(entry.entry_id)


def _on_comment(ctx: Context, entry: ChatEntry) -> None:
    key = f"comment-{entry.entry_id}"
    _write(ctx, entry, st.session_state.get(key, ""))
    st.session_state[key] = ""


def render_feedback(ctx: Context, entry: ChatEntry) -> None:
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        st.feedback("thumbs", key=_vote_key(entry), on_change=_write, args=(ctx, entry))
    with right:
        with st.expander("Comment on this answer"):
            with st.form(f"comment-form-{entry.entry_id}", clear_on_submit=False, border=False):
                st.text_area("Comment", key=f"comment-{entry.entry_id}", label_visibility="collapsed",
                             placeholder="What was wrong or missing?")
                st.form_submit_button("Send", on_click=_on_comment, args=(ctx, entry))
    if entry.entry_id in st.session_state.get(_SAVED, set()):
        st.caption(f"Feedback saved to {ctx.settings.feedback_path.name}. Thank you.")
