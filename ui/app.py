"""The pocdoc Streamlit app: composition only. Start it with `pocdoc ui` (see ui/server.py).

Settings come from the environment the server sets (POCDOC_HOME, POCDOC_CONFIG, ...).
"""

from __future__ import annotations

# Before anything imports huggingface_hub: nothing may download.
from assistant.offline import go_offline

go_offline()

from pathlib import Path  # noqa: E402

import streamlit as st  # noqa: E402

from ui.components.conversations import render_conversations  # noqa: E402
from ui.components.identity import establish  # noqa: E402
from ui.components.resources import context, empty_note  # noqa: E402
from ui.components.sidebar import CHOICES_KEY, render_sidebar  # noqa: E402
from ui.components.upload import render_upload  # noqa: E402
from ui.formatting import escape_markdown  # noqa: E402

HERE = Path(__file__).resolve().parent
VIEWS = HERE / "views"
# A bundled file: a Material or emoji page icon makes the browser fetch it from a CDN.
ICON = HERE / "static" / "favicon.png"

st.set_page_config(page_title="pocdoc: POC doctrine", page_icon=str(ICON), layout="wide")
page = st.navigation(
    [
        st.Page(VIEWS / "ask.py", title="Ask", icon=":material/forum:", default=True),
        st.Page(VIEWS / "briefing.py", title="Briefing", icon=":material/description:"),
        st.Page(VIEWS / "documents.py", title="Documents", icon=":material/library_books:"),
        st.Page(VIEWS / "compare.py", title="Compare", icon=":material/difference:"),
    ]
)
ctx = context()
establish(ctx)
if not ctx.records:  # an empty home: the upload is the way in
    st.error(escape_markdown(empty_note(ctx)), icon=":material/error:")
    render_upload(ctx)
    st.stop()
render_conversations(ctx)
st.session_state[CHOICES_KEY] = render_sidebar(ctx)
render_upload(ctx)
page.run()
