"""Markdown loader: ATX headings into section paths, treaty structure, footnotes out of the flow.

``doc.text`` is the *cleaned* text: emphasis, HTML tags and image links are gone, a footnote
reference ``<sup>3</sup>`` reads ``[3]``, and runs of spaces are single. Block offsets index that
cleaned text.

Section paths:

* The first heading, when it comes before any text, is the document's title (``title_hint``), not
  a section.
* Treaty divisions rank by their keyword, whatever their number of ``#``: PART / ANNEX, then
  SECTION, then CHAPTER, then Article. A bare label (``### PART  I``) takes the heading right
  after it as its title: ``PART I — GENERAL PROVISIONS``, ``Article 48 — Basic rule``. Blocks
  under an article get ``paragraph = "Art. 48"``.
* Other headings: when the document structures itself with enumerated (``A. MANDATING``,
  ``II. ...``) or capitalised headings, those are the outer tier and every other heading sits one
  tier below them (their ``#`` counts are unreliable in such files); otherwise the ``#`` count is
  the level.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.types import ExtractedDocument
from ingest.loaders.assembly import BlockKind, DocumentAssembler, HeadingPath, SectionFlow
from ingest.loaders.tables import is_caption_line, table_texts
from ingest.loaders.text import read_text

_ATX = re.compile(r"^ {0,3}(#{1,6})(?!#)\s*(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_FOOTNOTE = re.compile(r"^(?:<sup>\s*(\w{1,4})\s*</sup>|\[\^(\w+)\]:|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s*")

_DIVISION = re.compile(
    r"^(PART|ANNEX|TITLE|BOOK|SECTION|CHAPTER)\s+([IVXLC]+|\d+)\b\.?\s*[-–—:.]?\s*(.*)$", re.I
)
_ARTICLE = re.compile(
    r"^(?:Article|Art\.)\s+(\d+[A-Za-z]?(?:\s+(?:bis|ter|quater))?)\b\.?\s*[-–—:.]?\s*(.*)$", re.I
)
_DIVISION_RANK = {"part": 1, "annex": 1, "title": 1, "book": 1, "section": 2, "chapter": 3}
_ARTICLE_RANK = 4
_ROMAN_RANK, _MAJOR_RANK, _MINOR_RANK = 5, 6, 10
_ROMAN_ENUM = re.compile(r"^[IVXLC]+\.\s")
_LETTER_ENUM = re.compile(r"^[A-Z]\.\s")

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def load_markdown(path: Path) -> ExtractedDocument:
    """Load a UTF-8 Markdown file (see the module docstring for what the blocks look like)."""
    lines = read_text(path).split("\n")
    parser = _Parser(DocumentAssembler(str(path)), _has_major_headings(lines))
    for line in lines:
        parser.feed(line)
    return parser.finish()


@dataclass
class _Open:
    """The heading written out only once the next line shows whether it takes a title."""

    rank: int
    text: str
    is_label: bool


class _Parser:
    def __init__(self, out: DocumentAssembler, has_majors: bool) -> None:
        self.out = out
        self.has_majors = has_majors
        self.headings = HeadingPath()
        self.flow = SectionFlow()
        self.title = ""
        self.started = False  # a heading or text has been seen
        self.open: _Open | None = None
        self.article = ""
        self.lines: list[str] = []
        self.kind: BlockKind = "paragraph"
        self.note = ""  # footnote label of the block being read
        self.fenced = False
        self.last_letter = ""  # of the last "A."-style heading, to read "C." after "B." as a letter
        self.last_body = ""  # the paragraph just written, if the last block was one: a caption?

    def feed(self, line: str) -> None:
        if self.fenced or _FENCE.match(line):
            self._fenced_line(line)
        elif (match := _ATX.match(line)) and match.group(2):
            self._close()
            self._heading(len(match.group(1)), match.group(2))
        elif (
            _SETEXT.match(line)
            and len(self.lines) == 1
            and self.kind == "paragraph"
            and not self.note
        ):
            text, self.lines = self.lines[0], []
            self._heading(1 if line.strip()[0] == "=" else 2, text)
        elif not line.strip() or _RULE.match(line):
            self._close()
        elif note := _FOOTNOTE.match(_unescape_sup(line)):
            self._close()
            self.note = (
                note.group(1) or note.group(2) or (note.group(3) or "").translate(_SUPERSCRIPTS)
            )
            self.lines = [_unescape_sup(line)[note.end() :]]
        elif _TABLE_ROW.match(line):
            if self.kind != "table":
                self._close()
                self.kind = "table"
            if not _TABLE_RULE.match(line):
                self.lines.append(" | ".join(c.strip() for c in line.strip().strip("|").split("|")))
        elif _LIST_ITEM.match(line):
            self._close()
            self.kind = "list" if not _NUMBERED.match(line) else "paragraph"
            self.lines = [line]
        else:
            if self.kind == "table":
                self._close()
            self.lines.append(line)

    def finish(self) -> ExtractedDocument:
        self._close()
        self._write_open()
        self.flow.flush(self.out, self.headings.path)
        return self.out.build(title_hint=self.title)

    def _fenced_line(self, line: str) -> None:
        if _FENCE.match(line):
            if self.fenced:
                self.fenced = False
                text = "\n".join(self.lines)
                self.lines = []
                self._body(text, "paragraph", clean=False)
                return
            self._close()
            self.fenced = True
            return
        self.lines.append(line)

    def _close(self) -> None:
        """End the block being read."""
        lines, kind, note = self.lines, self.kind, self.note
        self.lines, self.kind, self.note = [], "paragraph", ""
        if not lines:
            return
        if kind == "table" and len(lines) > 1:  # header row, then one block per row naming it
            grid = [[_inline(cell) for cell in row.split(" | ")] for row in lines]
            caption = self.last_body if is_caption_line(self.last_body) else ""
            for text in table_texts("", grid[0], grid[1:]):  # a caption line heads its rows
                self._body(text, "table", clean=False, caption=caption)
        elif kind == "table":
            self._body("\n".join(_inline(row) for row in lines), "table", clean=False)
        elif note:
            text = _inline(" ".join(lines))
            if re.search(r"[^\W_]", text):
                self.started = True
                self.flow.footnote(f"[{note}] {text}", note)
        else:
            self._body(" ".join(line.strip() for line in lines), kind)

    def _body(self, text: str, kind: BlockKind, clean: bool = True, caption: str = "") -> None:
        text = _inline(text) if clean else text.strip()
        if not re.search(r"[^\W_]", text):
            return  # stray punctuation lines such as "." or "\_"
        self.started = True
        self.last_body = text if kind == "paragraph" else ""
        self._write_open()
        numbered = _NUMBERED.match(text)
        paragraph = self.article or (numbered.group(1) if numbered else "")
        self.flow.body(text, kind, paragraph, joinable=clean, caption=caption)

    def _heading(self, level: int, raw: str) -> None:
        self.last_body = ""
        text = _inline(re.sub(r"<sup>.*?</sup>", "", raw))
        if not text:
            return
        if not self.started:
            self.started = True
            self.title = text
            self.out.add(text, kind="heading")
            return
        if (
            self.open is not None
            and self.open.is_label
            and not self.flow.has_body
            and not _is_structural(text)
        ):
            self.open = _Open(self.open.rank, f"{self.open.text} — {text}", is_label=False)
            self.headings.push(self.open.rank, self.open.text)
            return
        self._write_open()
        self.flow.flush(self.out, self.headings.path)
        rank, label, is_label = self._classify(level, text)
        if rank <= _ARTICLE_RANK:
            self.article = f"Art. {_ARTICLE.match(label).group(1)}" if rank == _ARTICLE_RANK else ""  # type: ignore[union-attr]
        self.headings.push(rank, label)
        self.open = _Open(rank, label, is_label)

    def _classify(self, level: int, text: str) -> tuple[int, str, bool]:
        """(rank, normalised heading text, whether it is a bare label awaiting a title)."""
        if match := _DIVISION.match(text):
            keyword, number, rest = match.groups()
            label = f"{keyword.upper() if keyword.isupper() else keyword.capitalize()} {number}"
            return _DIVISION_RANK[keyword.lower()], f"{label} — {rest}" if rest else label, not rest
        if match := _ARTICLE.match(text):
            number, rest = match.groups()
            label = f"Article {' '.join(number.split())}"
            return _ARTICLE_RANK, f"{label} — {rest}" if rest else label, not rest
        if self.has_majors:
            if _is_roman(text, self.last_letter):
                return _ROMAN_RANK, text, False
            if _LETTER_ENUM.match(text):
                self.last_letter = text[0]
            return (_MAJOR_RANK if _is_major(text) else _MINOR_RANK), text, False
        return _MINOR_RANK + level, text, False

    def _write_open(self) -> None:
        if self.open is not None:
            paragraph = self.article if self.open.rank == _ARTICLE_RANK else ""
            self.out.add(
                self.open.text, kind="heading", section=self.headings.path, paragraph=paragraph
            )
            self.open = None


def _is_structural(text: str) -> bool:
    return bool(_DIVISION.match(text) or _ARTICLE.match(text))


def _is_roman(text: str, last_letter: str) -> bool:
    """``II. Scope`` is roman; ``C. Scope`` is roman only when it does not follow ``B.`` (and so on)."""
    match = _ROMAN_ENUM.match(text)
    if not match:
        return False
    numeral = text.split(".", 1)[0]
    if len(numeral) > 1:
        return True
    return numeral in "IVX" and not (last_letter and ord(numeral) == ord(last_letter) + 1)


def _is_major(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(
        _LETTER_ENUM.match(text)
        or _ROMAN_ENUM.match(text)
        or (len(letters) >= 3 and not any(c.islower() for c in letters))
    )


def _has_major_headings(lines: list[str]) -> bool:
    """Whether any heading after the first is enumerated or in capitals (and not a treaty division)."""
    texts = [_inline(m.group(2)) for line in lines if (m := _ATX.match(line)) and m.group(2)]
    return any(_is_major(t) and not _is_structural(t) for t in texts[1:])


def _unescape_sup(line: str) -> str:
    """``<sup>&</sup>lt;sup>1</sup>`` (an escaped tag mangled by a converter) -> ``<sup>1</sup>``."""
    return re.sub(
        r"<sup>&</sup>(lt|gt|quot|amp|apos|#\d+);", lambda m: html.unescape(f"&{m.group(1)};"), line
    )


def _inline(text: str) -> str:
    """Markdown inline markup to plain text."""
    text = _unescape_sup(text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(
        r"<sup>\s*(.*?)\s*</sup>",
        lambda m: f"[{m.group(1)}]" if m.group(1) else "",
        text,
        flags=re.S,
    )
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)  # other HTML tags
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=[\w\"“])(.+?)(?<=[\w.!?)\"”])\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=[\w\"“])(.+?)(?<=[\w.!?)\"”])_(?![\w_])", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()
