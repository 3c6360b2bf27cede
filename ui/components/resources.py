"""What the app loads once per server process (model, engine) and what it keeps per session.

``st.cache_resource`` objects are shared by every session of the server, so they hold only
read-only or internally locked things (the engine). A user's conversation, briefing and upload
messages live in ``st.session_state`` and are never shared.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.answering import Assistant
from assistant.embeddings import Embedder
from assistant.engine import Engine
from assistant.errors import PocdocError
from assistant.settings import Settings, load_settings
from ui.briefing import Briefing
from ui.feedback import FeedbackLog
from ui.formatting import escape_markdown


@dataclass(frozen=True)
class Context:
    settings: Settings
    assistant: Assistant
    feedback: FeedbackLog

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
    from ingest.catalogue import open_assistant

    settings = Settings.model_validate_json(settings_json)
    key = f"{settings.embedding.model_dump_json()}|{settings.resolved_model_path()}|{settings.models_dir}"
    embedder = _embedder(key, settings)
    return open_assistant(settings, embedder=embedder)


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
    return Context(settings, assistant, FeedbackLog(settings.feedback_path))


# -- per-session state -------------------------------------------------------------------------
def turns() -> list:
    """This session's conversation: a list of ui.components.chat.ChatEntry."""
    return st.session_state.setdefault("pocdoc_turns", [])


def briefing() -> Briefing:
    """This session's briefing."""
    return st.session_state.setdefault("pocdoc_briefing", Briefing())
