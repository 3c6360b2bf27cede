"""The sidebar's conversations: new, open, rename, delete and export; all kept by the server."""

from __future__ import annotations

import streamlit as st

from ui.components import resources
from ui.components.resources import Context
from ui.conversation import conversation_markdown
from ui.formatting import escape_markdown

LISTED = 20  # the most recent conversations shown in the sidebar


def _new(ctx: Context) -> None:
    if resources.conversation(ctx).entries:  # an empty conversation is already a new one
        resources.new_conversation(ctx)


def _open(ctx: Context, conv_id: str) -> None:
    if not resources.open_conversation(ctx, conv_id):
        st.toast("That conversation was deleted in another tab.", icon=":material/error:")


def _rename(ctx: Context) -> None:
    conv = resources.conversation(ctx)
    title = st.session_state.get("conversation-title", "")
    if " ".join(title.split()):
        ctx.server.rename_conversation(conv.conv_id, title)
        conv.title = " ".join(title.split())
        st.toast("Renamed the conversation.", icon=":material/check:")


def _delete(ctx: Context) -> None:
    conv = resources.conversation(ctx)
    ctx.server.delete_conversation(conv.conv_id)
    left = [c for c in resources.conversations(ctx) if c.entries]
    if not (left and resources.open_conversation(ctx, left[0].conv_id)):
        resources.new_conversation(ctx)
    st.toast(f"Deleted “{conv.title}”.", icon=":material/delete:")


def render_conversations(ctx: Context) -> None:
    current = resources.conversation(ctx)
    with st.sidebar.expander("Conversations", expanded=True, icon=":material/forum:"):
        st.button(
            "New conversation",
            icon=":material/add:",
            key="conversation-new",
            on_click=_new,
            args=(ctx,),
            width="stretch",
            disabled=not current.entries,
        )
        listed = [
            c for c in resources.conversations(ctx) if c.entries
        ]  # an empty one is the button
        for summary in listed[:LISTED]:
            is_current = summary.conv_id == current.conv_id
            label = f"{summary.title} ({summary.entries})" if summary.entries else summary.title
            st.button(
                label,
                key=f"conversation-{summary.conv_id}",
                on_click=_open,
                args=(ctx, summary.conv_id),
                type="primary" if is_current else "tertiary",
                width="stretch",
                disabled=is_current,
            )
        if len(listed) > LISTED:
            st.caption(f"{len(listed) - LISTED} older conversations are not shown.")
        if not current.entries:
            return
        with st.popover("Rename, export or delete", icon=":material/edit:", width="stretch"):
            st.session_state.setdefault("conversation-title", current.title)
            if st.session_state.get("conversation-title-of") != current.conv_id:
                st.session_state["conversation-title"] = current.title
                st.session_state["conversation-title-of"] = current.conv_id
            st.text_input("Title", key="conversation-title", on_change=_rename, args=(ctx,))
            st.download_button(
                "Export (Markdown)",
                data=conversation_markdown(current),
                file_name="conversation.md",
                mime="text/markdown",
                icon=":material/download:",
                key="conversation-export",
            )
            st.button(
                "Delete this conversation",
                icon=":material/delete:",
                key="conversation-delete",
                on_click=_delete,
                args=(ctx,),
            )
            st.caption(f"{len(current.entries)} questions in “{escape_markdown(current.title)}”.")
