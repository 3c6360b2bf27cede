"""What the app holds once per server process and what it keeps per session.

The app never opens the index: every read and write of it (answers, passages, page images, the
documents list, uploads, status) is a request to the one server that owns the home (``pocdoc
serve``, started by ``pocdoc ui``), through :class:`~ui.api.client.HomeClient`. Several
processes on one embedded Chroma broke answers after an upload ("Error finding id"); the server
swaps in each write for the next request.

``st.cache_resource`` objects are shared by every session, so they hold only read-only things
(the glossary, the language route). A user's conversation and briefing are kept in the workspace
(``ui.workspace``, SQLite under POCDOC_HOME, shared with the server) and mirrored in
``st.session_state``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import streamlit as st

from assistant.errors import PocdocError
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Filters, Turn
from ui.api.client import HomeClient
from ui.briefing import Briefing
from ui.conversation import Conversation
from ui.feedback import FeedbackStore
from ui.formatting import escape_markdown
from ui.workspace import Workspace, workspace_path


class Context:
    """One run's view of the app: its settings, its home's server and the workspace. The corpus
    (records, lists, version) is read from the server once per run, when first needed."""

    def __init__(self, settings: Settings, url: str, workspace: Workspace) -> None:
        self.settings, self.url, self.workspace = settings, url, workspace

    @property
    def server(self) -> HomeClient:
        """The server, asked as this session's browser user."""
        return HomeClient(self.url, self.settings.home, st.session_state.get(_USER, ""))

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

    @property
    def feedback(self) -> FeedbackStore:
        return FeedbackStore(self.workspace)


@st.cache_resource
def _glossary(settings_json: str) -> Any:
    from assistant.open import open_glossary

    return open_glossary(Settings.model_validate_json(settings_json))


@st.cache_resource
def _languages(settings_json: str) -> Any:
    from assistant.answers import LanguageRoute

    return LanguageRoute(Settings.model_validate_json(settings_json))


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder(key: str, _settings: Settings) -> Any:
    """The encoder, for the Compare page's topic only (keyed by the embedding settings)."""
    from assistant.encoders import Embedder

    return Embedder.from_settings(_settings)


@st.cache_resource
def _workspace(path: str) -> Workspace:
    return Workspace(path)


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
    return Context(settings, url, _workspace(str(workspace_path(settings))))


def empty_note(ctx: Context) -> str:
    """What an empty home says: nothing is indexed, and how to add documents."""
    return (
        f"no index under {ctx.settings.home}: nothing is indexed yet. Add a document under "
        "“Add a document” in the sidebar, or run `pocdoc ingest` on a folder of documents"
    )


# -- the server's answer API: the only calls to it in the UI --------------------------------------
def ask(
    ctx: Context, question: str, history: list[Turn], filters: Filters | None, mode: str
) -> Answer:
    """Answer ``question`` in the conversation so far."""
    return ctx.server.ask(question, history, filters, mode)


def corpus_version(ctx: Context) -> str:
    """The fingerprint of the indexed corpus, recorded with answers, feedback and exports."""
    return str(ctx.corpus["corpus_version"])


# -- per-session state, backed by the workspace ---------------------------------------------------
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
        conv = st.session_state[_CONV] = ctx.workspace.create(user_id())
    return conv


def open_conversation(ctx: Context, conv_id: str) -> bool:
    """Show ``conv_id``; False when it is not this user's or no longer exists."""
    conv = ctx.workspace.load(conv_id, user_id())
    if conv is not None:
        st.session_state[_CONV] = conv
    return conv is not None


def new_conversation(ctx: Context) -> Conversation:
    conv = st.session_state[_CONV] = ctx.workspace.create(user_id())
    return conv


def briefing(ctx: Context) -> Briefing:
    """This user's briefing, loaded from the workspace once per session."""
    if _BRIEFING not in st.session_state:
        st.session_state[_BRIEFING] = ctx.workspace.briefing(user_id())
    return st.session_state[_BRIEFING]


def save_briefing(ctx: Context) -> None:
    """Write the briefing after every change, so a reload or a restart loses nothing."""
    ctx.workspace.save_briefing(user_id(), briefing(ctx))
