"""Download buttons whose file is in the page itself: a click turns the embedded bytes into a
``blob:`` URL in the browser and saves it, with no request to the server.

Why not ``st.download_button``: its file lives on the server for a run or two. A deferred
(callable) file answers through the session's message queue, which every script run clears, so
a rerun at the moment of the click (a notes field committing on blur) dropped the answer and the
button spun for minutes; a plain file is dropped by the runs that follow, and a click racing
them got a cancelled download (measured: 12 and 16 of 20 exports arrived; these: 20 of 20).
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass

import streamlit as st

_STYLE = """<style>
.pocdoc-exports { display: flex; gap: .75rem; flex-wrap: wrap; }
.pocdoc-exports button { font: inherit; font-size: .875rem; padding: .25rem .75rem;
  border: 1px solid rgba(49, 51, 63, .2); border-radius: .5rem; background: transparent;
  color: inherit; cursor: pointer; min-height: 2.5rem; }
.pocdoc-exports button:hover { border-color: rgb(255, 75, 75); color: rgb(255, 75, 75); }
</style>"""
_SCRIPT = """<script>
(() => {
  const files = %s;
  for (const [id, f] of Object.entries(files)) {
    const button = document.getElementById(id);
    if (!button) continue;
    button.onclick = () => {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }));
      const link = document.createElement("a");
      link.href = url;
      link.download = f.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    };
  }
})();
</script>"""


@dataclass(frozen=True)
class ExportFile:
    label: str
    name: str
    mime: str
    data: bytes


def export_buttons(key: str, files: list[ExportFile]) -> None:
    """One button per file, side by side; ``key`` makes the element ids unique in the page."""
    ids = [f"pocdoc-{key}-{i}" for i in range(len(files))]
    buttons = "".join(
        f'<button type="button" id="{i}">⬇ {html.escape(f.label)}</button>'
        for i, f in zip(ids, files, strict=True)
    )
    payload = {
        i: {"name": f.name, "mime": f.mime, "data": base64.b64encode(f.data).decode("ascii")}
        for i, f in zip(ids, files, strict=True)
    }
    st.html(
        f'{_STYLE}<div class="pocdoc-exports">{buttons}</div>' + _SCRIPT % json.dumps(payload),
        unsafe_allow_javascript=True,
    )
