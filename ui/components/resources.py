"""What the app holds once per server process and what it keeps per session.

The app never opens the index: every read and write of it (answers, passages, page images, the
documents list, uploads, status) is a request to the one server that owns the home (``pocdoc
serve``, started by ``pocdoc ui``), through :class:`~ui.api.client.HomeClient`. Several
processes on one embedded Chroma broke answers after an upload ("Error finding id"); the server
swaps in each write for the next request.

``st.cache_resource`` objects are shared by every session, so they hold only read-only things
(the glossary, the language route). A user's conversations, feedback and briefing are the
server's too (its workspace under POCDOC_HOME): the app asks for them and mirrors the one on
screen in ``st.session_state``; the Streamlit process never opens the workspace.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import streamlit as st

from assistant.errors import PocdocError
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Filters
from ui.api.client import HomeClient
from ui.briefing import Briefing
from ui.conversation import Conversation
from ui.formatting import escape_markdown


class Context:
    """One run's view of the app: its settings and its home's server. The corpus (records,
    lists, version) is read from the server once per run, when first needed."""

    def __init__(self, settings: Settings, url: str) -> None:
        self.settings, self.url = settings, url

    @property
    def server(self) -> HomeClient:
        """The server, asked as this session's browser user."""
        return self.server_as(st.session_state.get(_USER, ""))

    def server_as(self, user: str) -> HomeClient:
        """The server, asked as browser user ``user`` (this browser's other workspaces)."""
        return HomeClient(self.url, self.settings.home, user)

    @cached_property
    def corpus(self) -> dict[str, Any]:
        """``/v1/documents`` for this user: ``corpus_version``, ``records``, ``indexed``,
        ``missing``, ``failed`` (:meth:`HomeClient.documents`)."""
        return self.server.documents()

    @property
    def records(self) -> dict[str, Any]:
        """doc id -> :class:`~assistant.types.DocumentRecord` of every indexed document."""
        return dict(self.corpus["records"])

    @property
    def glossary(self) -> Any:
        return _glossary(self.settings.model_dump_json())

    @property
    def languages(self) -> Any:
        return _languages(self.settings.model_dump_json())


@st.cache_resource
def _glossary(settings_json: str) -> Any:
    from assistant.open import open_glossary

    return open_glossary(Settings.model_validate_json(settings_json))


@st.cache_resource
def _languages(settings_json: str) -> Any:
    from assistant.answers import LanguageRoute

    return LanguageRoute(Settings.model_validate_json(settings_json))


def context() -> Context:
    """Settings from the environment (POCDOC_HOME, POCDOC_CONFIG, ...) and the home's server.

    A configuration error or no running server stops the page with a message that says the fix.
    """
    from ui.api.serverfile import find_server, settings_digest

    try:
        settings = load_settings()
        url = find_server(settings.home, digest=settings_digest(settings))
        if url is None:
            raise PocdocError(
                f"no pocdoc server runs for {settings.home} with these settings: start the app "
                f"with `pocdoc ui` (it starts one), or run `pocdoc serve --home {settings.home}`"
            )
    except PocdocError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        st.stop()
    return Context(settings, url)


def empty_note(ctx: Context) -> str:
    """What an empty home says: nothing is indexed, and how to add documents."""
    return (
        f"no index under {ctx.settings.home}: nothing is indexed yet. Add a document under "
        "“Add a document” in the sidebar, or run `pocdoc ingest` on a folder of documents"
    )


# -- the server's answer API: the only calls to it in the UI --------------------------------------
def ask(
    ctx: Context, conv_id: str, question: str, filters: Filters | None, mode: str
) -> tuple[Answer, str]:
    """Answer ``question`` as the next turn of conversation ``conv_id`` (saved there by the
    server): the answer and its entry id."""
    return ctx.server.ask(conv_id, question, filters, mode)


def corpus_version(ctx: Context) -> str:
    """The fingerprint of the indexed corpus, recorded with answers, feedback and exports."""
    return str(ctx.corpus["corpus_version"])


# -- per-session state, backed by the server's workspace -----------------------------------------
_USER, _CONV, _BRIEFING = "pocdoc_user", "pocdoc_conversation", "pocdoc_briefing"
_PENDING = "pocdoc_pending_question"  # a question chosen by a button (an example, "ask again")


def queue_question(question: str) -> None:
    """Ask ``question`` on the next run, as if typed (for buttons' callbacks)."""
    st.session_state[_PENDING] = question


def pop_question() -> str | None:
    return st.session_state.pop(_PENDING, None)


def user_id() -> str:
    """This browser's id (set by ui.components.identity before any page runs)."""
    return st.session_state[_USER]


def set_user(user: str) -> None:
    st.session_state[_USER] = user


def conversation(ctx: Context) -> Conversation:
    """The conversation on screen; a new, unsaved-until-used one when the user has none."""
    conv = st.session_state.get(_CONV)
    if conv is None or conv.user_id != user_id():
        conv = st.session_state[_CONV] = ctx.server.create_conversation()
    return conv


def conversations(ctx: Context) -> list[Any]:
    """This user's conversations (summaries), most recently used first."""
    return list(ctx.server.conversations())


def open_conversation(ctx: Context, conv_id: str) -> bool:
    """Show ``conv_id``; False when it is not this user's or no longer exists."""
    conv = ctx.server.conversation(conv_id)
    if conv is not None:
        st.session_state[_CONV] = conv
    return conv is not None


def new_conversation(ctx: Context) -> Conversation:
    conv = st.session_state[_CONV] = ctx.server.create_conversation()
    return conv


def briefing(ctx: Context) -> Briefing:
    """This user's briefing, loaded from the server once per session."""
    if _BRIEFING not in st.session_state:
        st.session_state[_BRIEFING] = ctx.server.briefing()
    return st.session_state[_BRIEFING]


def save_briefing(ctx: Context) -> None:
    """Write the briefing after every change, so a reload or a restart loses nothing."""
    ctx.server.save_briefing(briefing(ctx))
