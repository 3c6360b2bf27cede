"""Thumbs up/down and an optional comment on every answer: one record per answer and user,
updated whenever either changes, with a visible confirmation each time."""

from __future__ import annotations

import streamlit as st

from ui.components import language, resources
from ui.components.resources import Context
from ui.conversation import ChatEntry
from ui.formatting import escape_markdown

_VOTES = {0: "down", 1: "up"}  # st.feedback("thumbs") values
_VALUES = {v: k for k, v in _VOTES.items()}
_WORDS = {"up": "helpful", "down": "not helpful"}


def _keys(entry: ChatEntry) -> tuple[str, str]:
    return f"vote-{entry.entry_id}", f"comment-{entry.entry_id}"


def _save(ctx: Context, entry: ChatEntry, what: str) -> None:
    vote_key, comment_key = _keys(entry)
    vote = _VOTES.get(st.session_state.get(vote_key))
    comment = st.session_state.get(comment_key, "")
    conv_id = resources.conversation(ctx).conv_id  # the answers on screen are its entries
    ctx.server.feedback(conv_id, entry.entry_id, vote, comment)
    st.toast(f"Thank you: your {what} is saved.", icon=":material/check_circle:")


def _seed(ctx: Context, entry: ChatEntry) -> dict | None:
    """The stored record, also put into the widgets on a session's first view of this answer."""
    record = ctx.server.feedback_of(entry.entry_id)
    vote_key, comment_key = _keys(entry)
    if record and vote_key not in st.session_state and record["vote"] in _VALUES:
        st.session_state[vote_key] = _VALUES[record["vote"]]
    if record and comment_key not in st.session_state:
        st.session_state[comment_key] = record["comment"]
    return record


def confirmation(record: dict | None) -> str:
    """What is saved for this answer, in words; empty when nothing is."""
    if not record or (record["vote"] is None and not record["comment"]):
        return ""
    bits = [f"you found this answer {_WORDS[record['vote']]}"] if record["vote"] else []
    if record["comment"]:
        bits.append("your comment")
    return f"Feedback saved ({' and '.join(bits)}, {record['updated'][11:16]} UTC). Thank you."


def render_feedback(ctx: Context, entry: ChatEntry) -> None:
    _ = language.texts(ctx)
    record = _seed(ctx, entry)
    vote_key, comment_key = _keys(entry)
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        st.feedback("thumbs", key=vote_key, on_change=_save, args=(ctx, entry, "vote"))
    with (
        right,
        st.expander(_("Comment on this answer")),
        st.form(f"comment-form-{entry.entry_id}", clear_on_submit=False, border=False),
    ):
        st.text_area(
            "Comment",
            key=comment_key,
            label_visibility="collapsed",
            placeholder=_("What was wrong or missing?"),
        )
        st.form_submit_button(_("Send"), on_click=_save, args=(ctx, entry, "comment"))
    saved = confirmation(record)
    if saved:
        st.caption(
            escape_markdown(saved),
            help="One record per answer: a new vote or comment replaces the old one.",
        )
