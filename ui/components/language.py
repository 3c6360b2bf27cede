"""The interface's language: English, French or Spanish, from the last question or the setting.

``language.interface`` (auto, en, fr, es) chooses it; auto follows the language the latest
question was asked in. Components call :func:`texts` for their ``_()`` (gettext catalogues under
``assistant/locales``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assistant.language import ENGLISH
from assistant.translation import gettext_for
from ui.components.resources import Context

_KEY = "interface-language"


def note_question(ctx: Context, question: str) -> None:
    """Follow ``question``'s language (when the setting is auto)."""
    route = ctx.languages
    if route is not None and question:
        st.session_state[_KEY] = route.interface(route.language_of(question))


def current(ctx: Context) -> str:
    chosen = ctx.settings.language.interface
    if chosen != "auto":
        return chosen
    return str(st.session_state.get(_KEY, ENGLISH))


def texts(ctx: Context) -> Callable[[str], str]:
    """The ``_()`` of the interface's current language."""
    return gettext_for(current(ctx))
