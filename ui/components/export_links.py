"""Download buttons whose file is in the page itself: a click turns the embedded bytes into a
``blob:`` URL in the browser and saves it, with no request to the server.

Why not ``st.download_button``: its file lives on the server for a run or two. A deferred
(callable) file answers through the session's message queue, which every script run clears, so
a rerun at the moment of the click (a notes field committing on blur) dropped the answer and the
button spun for minutes; a plain file is dropped by the runs that follow, and a click racing
them got a cancelled download (measured: 12 and 16 of 20 exports arrived; these: 20 of 20).

The buttons and their files are separate elements, and one page-wide listener serves every
button: a rerun that changes a file does not redraw the buttons under a click in progress (a CI
run lost one export in 20 that way when the buttons carried their files and a script each).
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
.stElementContainer:has(.pocdoc-export-files) { display: none; }
</style>"""
# One listener for the whole page, installed once: a button finds its file at the moment of the
# click, in the files element, so a button drawn a moment ago needs no script of its own.
_SCRIPT = """<script>
(() => {
  if (window.pocdocExports) return;
  window.pocdocExports = true;
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-pocdoc-file]");
    const files = button && document.getElementById(button.dataset.pocdocFiles);
    if (!files) return;
    const f = JSON.parse(files.dataset.files)[button.dataset.pocdocFile];
    if (!f) return;
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }));
    const link = document.createElement("a");
    link.href = url;
    link.download = f.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
})();
</script>"""


@dataclass(frozen=True)
class ExportFile:
    label: str
    name: str
    mime: str
    data: bytes


def export_buttons(key: str, files: list[ExportFile]) -> None:
    """One button per file, side by side; ``key`` makes the element ids unique in the page.

    The buttons and the files are two elements. The buttons' HTML depends only on their labels,
    so a rerun that changes a file (a note saved on blur) leaves them in place: a click that
    straddles that rerun still reaches the button it pressed, where before the button was
    redrawn between press and release and the click fell on no button at all.
    """
    files_id = f"pocdoc-{key}-files"
    buttons = "".join(
        f'<button type="button" data-pocdoc-files="{files_id}" data-pocdoc-file="{i}">'
        f"⬇ {html.escape(f.label)}</button>"
        for i, f in enumerate(files)
    )
    st.html(f'{_STYLE}<div class="pocdoc-exports">{buttons}</div>{_SCRIPT}',
            unsafe_allow_javascript=True)  # fmt: skip
    payload = [
        {"name": f.name, "mime": f.mime, "data": base64.b64encode(f.data).decode("ascii")}
        for f in files
    ]
    st.html(
        f'<div class="pocdoc-export-files" id="{files_id}" hidden '
        f'data-files="{html.escape(json.dumps(payload))}"></div>'
    )
