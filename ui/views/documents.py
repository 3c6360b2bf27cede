"""The Documents page (a st.navigation page file)."""

from ui.components.documents import render_documents
from ui.components.resources import context

render_documents(context())
