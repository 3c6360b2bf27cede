"""The Ask page (a st.navigation page file)."""

import streamlit as st

from ui.components.chat import render_chat
from ui.components.resources import context
from ui.components.sidebar import CHOICES_KEY

render_chat(context(), st.session_state[CHOICES_KEY])
