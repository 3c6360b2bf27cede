"""HTML loader (BeautifulSoup with the standard-library ``html.parser``).

Page furniture (script, style, nav, header, footer, ...) is dropped. ``h1``-``h6`` give the section
path by level; ``p``, ``li``, ``blockquote``, ``td``/``th``, ``pre``, ``dd``/``dt`` and loose text
become blocks. The title is ``<title>``, else the first ``h1``; a heading that comes before any
text is the page title, not a section.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from assistant.errors import UnreadableDocumentError
from assistant.types import ExtractedDocument
from ingest.loaders.assembly import BlockKind, DocumentAssembler, HeadingPath
from ingest.loaders.tables import table_texts
from ingest.loaders.text import decode_utf8, read_bytes

_DROP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "noscript",
    "template",
    "svg",
    "head",
    "iframe",
    "button",
    "form",
}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LEAVES: dict[str, BlockKind] = {
    "p": "paragraph",
    "li": "list",
    "blockquote": "paragraph",
    "td": "table",
    "th": "table",
    "pre": "paragraph",
    "dd": "paragraph",
    "dt": "paragraph",
    "figcaption": "paragraph",
    "caption": "table",
    "address": "paragraph",
}
_CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "aside",
    "body",
    "html",
    "ul",
    "ol",
    "dl",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "figure",
    "details",
    "summary",
    "center",
    "hr",
}
_BLOCKISH = set(_HEADINGS) | set(_LEAVES) | _CONTAINERS
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.I)


def load_html(path: Path) -> ExtractedDocument:
    """Load an HTML file (UTF-8, or the charset its ``<meta>`` declares).

    Raises:
        UnreadableDocumentError: undecodable, empty, or nested too deeply to walk (thousands of
            levels), with the remedy.
    """
    markup = _decode(path)
    try:
        soup = BeautifulSoup(markup, "html.parser")
        title_tag = soup.find("title")
        title = " ".join(title_tag.get_text(" ").split()) if title_tag else ""
        walker = _Walker(DocumentAssembler(str(path)), title)
        walker.walk(soup)
        walker.flush_inline()
    except RecursionError as exc:
        raise UnreadableDocumentError(
            path,
            "the HTML is nested too deeply to read (thousands of levels of elements): flatten the markup, or save the "
            "page as plain text (.txt) and ingest that",
        ) from exc
    return walker.out.build(title_hint=walker.title)


def _decode(path: Path) -> str:
    raw = read_bytes(path)
    try:
        return decode_utf8(path, raw)
    except UnreadableDocumentError:
        declared = _CHARSET.search(raw[:4096])
        if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
            raise
        charset = declared.group(1).decode("ascii")
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise UnreadableDocumentError(
                path,
                f"declares charset '{charset}' but cannot be decoded with it ({exc}): re-save the file as UTF-8",
            ) from exc


class _Walker:
    def __init__(self, out: DocumentAssembler, title: str) -> None:
        self.out = out
        self.title = title
        self.headings = HeadingPath()
        self.started = False
        self.inline: list[str] = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, _SKIP_STRINGS):
                continue
            if isinstance(child, NavigableString):
                self.inline.append(str(child))
            elif isinstance(child, Tag):
                self._tag(child)

    def _tag(self, tag: Tag) -> None:
        name = tag.name.lower()
        if name in _DROP:
            return
        if name == "br":
            self.inline.append(" ")
        elif name in _HEADINGS:
            self.flush_inline()
            self._heading(_HEADINGS[name], _text(tag))
        elif name == "table" and (grid := _grid(tag)) is not None:
            self.flush_inline()
            caption = _text(tag.find("caption")) if tag.find("caption") else ""
            section = (*self.headings.path, caption) if caption else self.headings.path
            for text in table_texts(caption, *grid):  # the caption is its rows' section, as in PDFs
                self._add(text, "table", section)
        elif name in _LEAVES and not tag.find(_BLOCKISH):
            self.flush_inline()
            self._add(_text(tag), _LEAVES[name])
        elif name in _BLOCKISH:
            self.flush_inline()
            kind = _LEAVES.get(name)
            self.walk(tag)
            self.flush_inline(kind or "paragraph")
        else:
            self.walk(tag)  # inline markup: its text joins the run around it

    def flush_inline(self, kind: BlockKind = "paragraph") -> None:
        text = " ".join("".join(self.inline).split())
        self.inline = []
        self._add(text, kind)

    def _add(self, text: str, kind: BlockKind, section: tuple[str, ...] | None = None) -> None:
        if text:
            self.started = True
            self.out.add(
                text, kind=kind, section=self.headings.path if section is None else section
            )

    def _heading(self, level: int, text: str) -> None:
        if not text:
            return
        if not self.started:
            self.started = True
            self.title = self.title or text
            self.out.add(text, kind="heading")
            return
        self.out.add(text, kind="heading", section=self.headings.push(level, text))


def _grid(table: Tag) -> tuple[list[str], list[list[str]]] | None:
    """A plain table's header cells (its first row, when all of it is ``th``) and its rows of
    cell texts; None for a table that holds block content (nested tables, lists), walked as text."""
    if table.find(["table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div"]):
        return None
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells = [tr.find_all(["td", "th"], recursive=False) for tr in rows]
    if not any(cells):
        return None
    first = cells[0]
    if first and all(c.name == "th" for c in first):
        return [_text(c) for c in first], [[_text(c) for c in row] for row in cells[1:]]
    return [], [[_text(c) for c in row] for row in cells]


def _text(tag: Tag) -> str:
    """The tag's text, with ``<br>`` as a space and dropped elements left out."""
    parts: list[str] = []
    _collect(tag, parts)
    return " ".join("".join(parts).split())


def _collect(tag: Tag, parts: list[str]) -> None:
    for child in tag.children:
        if isinstance(child, _SKIP_STRINGS):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and child.name.lower() not in _DROP:
            if child.name.lower() == "br":
                parts.append(" ")
            else:
                _collect(child, parts)
