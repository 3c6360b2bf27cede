"""What the app loads once per server process (model, engine) and what it keeps per session.

``st.cache_resource`` objects are shared by every session of the server, so they hold only
read-only or internally locked things (the engine). A user's conversation and briefing are kept
in the workspace (``ui.workspace``) under POCDOC_HOME and mirrored in ``st.session_state``.

This module is the one place the UI calls the engine's answer API (:func:`ask`,
:func:`corpus_version`); every other component goes through it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.answers import Assistant
from assistant.encoders import Embedder
from assistant.errors import PocdocError
from assistant.retrieval import Engine
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Filters, Turn
from ui.briefing import Briefing
from ui.conversation import Conversation
from ui.feedback import FeedbackStore
from ui.formatting import escape_markdown
from ui.workspace import Workspace, workspace_path


@dataclass(frozen=True)
class Context:
    settings: Settings
    assistant: Assistant
    workspace: Workspace

    @property
    def feedback(self) -> FeedbackStore:
        return FeedbackStore(self.workspace)

    @property
    def engine(self) -> Engine:
        return self.assistant.engine


@st.cache_resource(show_spinner="Loading the embedding model…")
def _embedder(key: str, _settings: Settings) -> Embedder:
    # Keyed by what the encoder depends on (``key``); ``_settings`` is not hashed by Streamlit.
    embedder = Embedder.from_settings(_settings)
    embedder.encode_query("warm up")  # load the model now, not on the first question
    return embedder


@st.cache_resource(show_spinner="Opening the index…")
def _assistant(settings_json: str) -> Assistant:
    # Keyed by the whole settings, so a server (or a test) pointed at another home gets its own;
    # assistants with the same embedding settings share one loaded model.
    from assistant.open import open_assistant

    settings = Settings.model_validate_json(settings_json)
    key = f"{settings.embedding.model_dump_json()}|{settings.resolved_model_path()}|{settings.models_dir}"
    embedder = _embedder(key, settings)
    return open_assistant(settings, embedder=embedder)


@st.cache_resource
def _workspace(path: str) -> Workspace:
    return Workspace(path)


def context() -> Context:
    """Settings from the environment (POCDOC_HOME, POCDOC_CONFIG, ...) and the shared engine.

    A configuration error or a missing index stops the page with a message that says the fix.
    """
    try:
        settings = load_settings()
        assistant = _assistant(settings.model_dump_json())
    except PocdocError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        st.stop()
    assistant.engine.refresh()  # cheap when nothing changed; picks up another session's upload
    return Context(settings, assistant, _workspace(str(workspace_path(settings))))


# -- the engine's answer API: the only calls to it in the UI --------------------------------------
def ask(
    ctx: Context, question: str, history: list[Turn], filters: Filters | None, mode: str
) -> Answer:
    """Answer ``question`` in the conversation so far."""
    return ctx.assistant.ask(question, history=history, filters=filters, mode=mode)


def corpus_version(ctx: Context) -> str:
    """The fingerprint of the indexed corpus, recorded with answers, feedback and exports."""
    return ctx.engine.fingerprint()


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
