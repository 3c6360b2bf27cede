"""What the app says around an answer, in the reader's words: the "Answering: ..." line of a
follow-up, the sources caption, and how to add a document that is not indexed (in the app, the
upload). No Streamlit here; ``ui.components.citations`` draws it."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.types import Answer

UPLOAD_PLACE = "“Add a document” in the sidebar"
# The sentence the assistant appends to a not-indexed note (assistant.catalogue.CatalogueEntry.
# how_to_add), written for the command line; in the app, the upload is the way.
_COMMAND_LINE_WAY = re.compile(
    r"To add it, run `pocdoc fetch` where a network is available, or drop (?P<what>.+?) into "
    r"corpus/(?: \(from (?P<from>\S+)\))?, then run `pocdoc ingest corpus/`\."
)
_FILE = re.compile(r"^(?P<file>\S+\.\w+) \(the PDF(?: from (?P<url>\S+))?\)$")


def answering_line(answer: Answer, *, follow_up: bool = True) -> str:
    """ "Answering: ..." for a follow-up read together with the question before it; "" when the
    question was answered as asked, or was the first of its conversation (its standalone form
    then differs only by spelling: "tier 3" read as "Tier III")."""
    standalone = " ".join(answer.standalone_question.split())
    if not follow_up or not standalone or standalone == " ".join(answer.question.split()):
        return ""
    focus, sep, base = standalone.partition(" — ")  # the extractive mode's "focus — previous"
    if not sep:
        return f"Answering: {standalone}"
    return f"Answering: {focus}, following on from “{base}”"


def sources_caption(answer: Answer, _: Callable[[str], str] = str) -> str:
    """How many passages the answer cites, or, for a glossary definition alone, its source;
    ``_`` translates the count (the interface's gettext)."""
    n = len(answer.citations)
    if n == 1:
        return _("1 source")
    if n:
        return _("{count} sources").format(count=n)
    sources = list(dict.fromkeys(d.source for d in answer.definitions if d.source))
    if not sources:
        return "No source"
    label = "Source" if len(sources) == 1 else "Sources"
    return f"{label}: {'; '.join(sources)} (glossary definition; no indexed passage uses the term)"


def with_upload(text: str) -> str:
    """``text`` with the command-line way to add a not-indexed document replaced by the upload."""

    def upload(match: re.Match[str]) -> str:
        what, url = match.group("what"), match.group("from") or ""
        if m := _FILE.match(what):
            what, url = m.group("file"), m.group("url") or ""
        what = "its file" if what == "its file" else f"its file as {what}"
        got = f" (published at {url})" if url else ""
        return f"To add it, upload {what}{got} under {UPLOAD_PLACE}."

    return _COMMAND_LINE_WAY.sub(upload, text)
