"""Who is using the app, without a login: a stable per-browser id kept in the page address.

The first visit gets a random id, written into the URL as ``?user=<id>&c=<conversation>``; a
reload, a bookmark or a server restart brings back the same user, and with it the
conversation on screen and the briefing. The id is a bearer token of this machine's loopback
app, not an authentication: anyone with the URL sees that work.

An address without ``?user=`` (typed, or an old bookmark) first offers the workspaces this
browser used (``ui.components.recent``), so the work is not taken for lost.
"""

from __future__ import annotations

import re

import streamlit as st

from ui.components import resources
from ui.components.recent import offer_recent, remember
from ui.components.resources import Context
from ui.conversation import new_id

USER_PARAM, CONVERSATION_PARAM = "user", "c"
_CHOSEN = "pocdoc_chosen_user"  # the bare address's choice: a recent user id, or "" for a new one
_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")  # ui.conversation.new_id, twice


def _param(name: str) -> str:
    value = st.query_params.get(name, "")
    return value if _ID.fullmatch(value or "") else ""


def establish(ctx: Context) -> None:
    """Set this session's user and conversation (from the URL on a new session) and write them
    back into the URL, where a reload finds them."""
    if "pocdoc_user" not in st.session_state:
        chosen = st.session_state.get(_CHOSEN)
        if not _param(USER_PARAM) and chosen is None and offer_recent(ctx, _choose):
            st.stop()
        resources.set_user(_param(USER_PARAM) or chosen or new_id() + new_id())
        wanted = _param(CONVERSATION_PARAM)
        if not (wanted and resources.open_conversation(ctx, wanted)):
            latest = resources.conversations(ctx)
            if not (latest and resources.open_conversation(ctx, latest[0].conv_id)):
                resources.new_conversation(ctx)
    conv = resources.conversation(ctx)
    if st.query_params.get(USER_PARAM) != resources.user_id():
        st.query_params[USER_PARAM] = resources.user_id()
    if st.query_params.get(CONVERSATION_PARAM) != conv.conv_id:
        st.query_params[CONVERSATION_PARAM] = conv.conv_id
    remember(resources.user_id())


def _choose(user_id: str | None) -> None:
    st.session_state[_CHOSEN] = user_id or ""
