"""The Compare page (a st.navigation page file)."""

from ui.components.compare import render_compare
from ui.components.resources import context

render_compare(context())
