"""The Briefing page (a st.navigation page file)."""

from ui.components.briefing import render_briefing
from ui.components.resources import context

render_briefing(context())
