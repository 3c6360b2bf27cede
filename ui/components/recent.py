"""This browser's recent workspaces, so an address without its ``?user=`` part offers the work
done here instead of an empty page.

The user ids this browser used are kept, most recent first, in a cookie (``pocdoc_recent``, set by
a line of JavaScript: Streamlit can read cookies but not set them). The cookie stays in this
browser and is sent only to this loopback app; like the address, it is a bearer of that work.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from ui.components.resources import Context
from ui.formatting import escape_markdown, local_time

COOKIE = "pocdoc_recent"
KEPT = 5  # workspaces remembered per browser
_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")  # ui.conversation.new_id, twice
_YEAR = 365 * 24 * 3600


def recent_ids() -> list[str]:
    """The user ids this browser sent in its cookie, most recent first (valid ids only)."""
    raw = st.context.cookies.get(COOKIE, "") or ""
    return [i for i in dict.fromkeys(raw.split(".")) if _ID.fullmatch(i)][:KEPT]


def remember(user_id: str) -> None:
    """Put ``user_id`` first in this browser's cookie (a script in the page sets it)."""
    ids = [user_id, *(i for i in recent_ids() if i != user_id)][:KEPT]
    value = json.dumps(f"{COOKIE}={'.'.join(ids)}; path=/; max-age={_YEAR}; SameSite=Strict")
    with st.sidebar:
        st.html(f"<script>document.cookie = {value};</script>", unsafe_allow_javascript=True)


def offer_recent(ctx: Context, choose) -> bool:
    """On a bare address: list this browser's workspaces that hold work, each with a button that
    calls ``choose(user_id)`` (``choose(None)``: a new one). False when there is nothing to offer."""
    servers = {uid: ctx.server_as(uid) for uid in recent_ids()}
    found = [(uid, [c for c in s.conversations() if c.entries]) for uid, s in servers.items()]
    found = [(uid, convs) for uid, convs in found if convs or servers[uid].briefing().items]
    if not found:
        return False
    st.title("Welcome back")
    st.markdown(
        "This address has no workspace in it. **This browser used these workspaces**: open one "
        "to find its conversations and briefing, or start a new one."
    )
    for uid, convs in found:
        with st.container(border=True, key=f"recent-{uid}"):
            if convs:
                when = local_time(max(c.updated for c in convs))
                titles = "; ".join(f"“{escape_markdown(c.title)}”" for c in convs[:3])
                more = f" and {len(convs) - 3} more" if len(convs) > 3 else ""
                noun = "conversation" if len(convs) == 1 else "conversations"
                st.markdown(f"{len(convs)} {noun}: {titles}{more}")
                st.caption(f"Last question {escape_markdown(when)}")
            else:
                st.markdown("A briefing, no conversations yet.")
            st.button("Open this workspace", key=f"recent-open-{uid}", on_click=choose,
                      args=(uid,), icon=":material/folder_open:", type="primary")  # fmt: skip
    st.button("Start a new workspace", key="recent-new", on_click=choose, args=(None,),
              icon=":material/add:")  # fmt: skip
    return True
