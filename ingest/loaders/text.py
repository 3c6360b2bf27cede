"""Plain-text loader: paragraphs between blank lines, short title-like lines as headings.

The first non-empty line is the title when it is title-sized and the document goes on after it;
otherwise (a one-line file, a first line of a whole paragraph) it stays body text and the title
is its opening words, so a title never eats the content. A one-line paragraph under 100 characters that does not
end with sentence punctuation is a heading; headings in plain text carry no level, so the section
path is one deep. Paragraphs that start with superscript digits (``¹ UN Security Council, ...``)
are footnotes, kept at the end of their section.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import UnreadableDocumentError
from assistant.types import ExtractedDocument
from ingest.loaders.assembly import EMPTY_REASON, DocumentAssembler, HeadingPath, SectionFlow

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE = re.compile(r"^(?:([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[(\d{1,3})\])\s*")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+\S")
_HEADING_MAX_CHARS = 100
_TITLE_MAX_CHARS = 200


def read_text(path: Path) -> str:
    """The file decoded as UTF-8 (a BOM is dropped), with newlines normalised.

    Raises:
        UnreadableDocumentError: missing or unreadable file, bytes that are not UTF-8 (no guessing
            of other encodings), a binary file, or a file with nothing but whitespace.
    """
    return decode_utf8(path, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is an :class:`UnreadableDocumentError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocumentError(path, "file not found: check the path") from exc
    except OSError as exc:
        raise UnreadableDocumentError(
            path, f"cannot read the file ({exc.strerror}): check that it is a readable file"
        ) from exc


def decode_utf8(path: Path, raw: bytes) -> str:
    """``raw`` decoded as strict UTF-8; see :func:`read_text` for the errors."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocumentError(
            path, f"not valid UTF-8 text at byte {exc.start}: re-save the file as UTF-8"
        ) from exc
    if "\x00" in text:
        raise UnreadableDocumentError(
            path,
            f"contains NUL bytes (at character {text.index(chr(0))}), so it is binary, not text: check the file type",
        )
    if not text.strip():
        raise UnreadableDocumentError(path, EMPTY_REASON)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_text(path: Path) -> ExtractedDocument:
    """Load a UTF-8 plain-text file."""
    text = read_text(path)
    out = DocumentAssembler(str(path))
    headings = HeadingPath()
    flow = SectionFlow()
    title = ""
    for chunk in _BLANK_LINES.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if not title:
            first, _, rest = chunk.partition("\n")
            first, rest = first.strip(), rest.strip()
            if len(first) <= _TITLE_MAX_CHARS and (rest or text.strip() != chunk):
                title = first
                out.add(title, kind="heading")
                chunk = rest
                if not chunk:
                    continue
            else:
                title = _opening_words(first)
        note = _FOOTNOTE.match(chunk)
        if note:
            label = (note.group(1) or "").translate(_SUPERSCRIPTS) or note.group(2)
            flow.footnote(chunk, label)
        elif _is_heading(chunk):
            flow.flush(out, headings.path)
            section = headings.push(1, chunk)
            out.add(chunk, kind="heading", section=section)
        else:
            numbered = _NUMBERED.match(chunk)
            flow.body(chunk, paragraph=numbered.group(1) if numbered else "")
    flow.flush(out, headings.path)
    return out.build(title_hint=title)


def _opening_words(line: str, limit: int = 80) -> str:
    """A title for a document whose first line is its content: the line's first words."""
    if len(line) <= limit:
        return line
    cut = line[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _is_heading(chunk: str) -> bool:
    return (
        "\n" not in chunk
        and len(chunk) < _HEADING_MAX_CHARS
        and not re.search(r"[.!?,;:]$", chunk)
        and (chunk[0].isupper() or chunk[0].isdigit())
    )
