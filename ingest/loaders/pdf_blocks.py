"""Cleaned PDF page lines -> blocks: headings, numbered paragraphs, list items and footnotes.

UN reports number their paragraphs (``7. The arrest ...``) and their sections (``I. Introduction``,
``A. Political situation``, ``Annex IV``). Section ranks, outermost first: annex, roman, letter,
unnumbered heading. Unnumbered headings on pages 1-2 before any numbered text make up the title.
Unnumbered text after a numbered paragraph (sub-items ``(a) ...``, a paragraph's second half)
keeps that paragraph's number.

A paragraph that runs over a page break becomes one block per page, joined by a space (or by
nothing, for a word hyphenated over the break): see :func:`ingest.loaders.assembly.continues`.
The page's footnotes follow the paragraph that was open at the page's end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.loaders.assembly import BlockKind, DocumentAssembler, HeadingPath, ends_sentence
from ingest.loaders.pdf_lines import Page, Vocabulary, clean_inline, group_notes, join_lines

_ROMAN = re.compile(r"^([IVXL]{1,6})\.\s+(\S.*)$")
_LETTER = re.compile(r"^([A-Z])\.\s+([A-Z\d“\"'(].*)$")
_ANNEX = re.compile(
    r"^(Annex(?:es)?|ANNEX(?:ES)?|Appendix|APPENDIX|Enclosure|ENCLOSURE|Attachment)(\s+[IVXLC\d]+)?\.?$"
)
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S)")
_SUBITEM = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)|[•▪●◦·–-])\s+\S")
_RANK = {"annex": 1, "roman": 2, "letter": 3, "plain": 4}
_MAX_HEADING_CHARS = 250
_NOT_TITLE = re.compile(
    r"(Agenda item|Item \d|Provisional agenda|[\w-]+ (?:session|year)\b|Annex\b|Enclosure\b)", re.I
)


@dataclass
class _Paragraph:
    kind: BlockKind
    label: str
    pieces: list[tuple[int, list[str]]] = field(default_factory=list)  # (page, lines)

    def add(self, page: int, line: str) -> None:
        if not self.pieces or self.pieces[-1][0] != page:
            self.pieces.append((page, []))
        self.pieces[-1][1].append(line)

    @property
    def last_line(self) -> str:
        return self.pieces[-1][1][-1] if self.pieces else ""


class PageBlocks:
    """Feeds pages in order, writes blocks to an assembler; ``title`` is the title found."""

    def __init__(self, out: DocumentAssembler, vocab: Vocabulary) -> None:
        self.out = out
        self.vocab = vocab
        self.headings = HeadingPath()
        self.title_parts: list[str] = []
        self.title_open = True  # until the first numbered paragraph or numbered heading
        self.last_number: int | None = None
        self.label = ""
        self.para: _Paragraph | None = None
        self.notes: list[
            tuple[int, str, list[str]]
        ] = []  # (page, marker, lines) waiting for the paragraph
        self.open_label: tuple[int, str] | None = None  # an "Annex IV" waiting for its title line
        self.last_letter = ""  # of the last "A." heading: "I." right after "H." is a letter

    def feed(self, page: Page) -> None:
        lines = [" ".join(ln.text.split()) for ln in page.lines]
        boundary = True  # at page start a heading may begin; continuing text is decided below
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line:
                boundary = True
                i += 1
                continue
            if (
                self.para is not None
                and i == _first_filled(lines)
                and not self._starts_block(line)
                and (not ends_sentence(self.para.last_line) or line[0].islower())
            ):
                self.para.add(page.number, line)
                boundary = False
                i += 1
                continue
            at_boundary = boundary or self.para is None or ends_sentence(self.para.last_line)
            taken = self._heading(lines, i, page.number) if at_boundary else 0
            if taken:
                i += taken
                boundary = True
                continue
            self._text_line(line, page.number, boundary)
            boundary = False
            i += 1
        for marker, note_lines in group_notes(page.notes):
            self.notes.append((page.number, marker, note_lines))

    def finish(self) -> None:
        self._close()
        self._write_label()

    def table(self, page: int, rows: Sequence[str], caption: str = "") -> None:
        """Write a table's blocks (its caption, then one per row) after the page's text so far.

        The caption is the innermost section of its rows: a passage holds one table's rows, the
        passages of a table's rows all carry its caption (in the words the index reads and in
        their citations, however the table is cut), and an answer quoting a row can name its
        table."""
        self._close()
        self._write_label()
        path = self.headings.path
        named = bool(path) and _words(path[-1]) == _words(
            caption
        )  # "Annex II — X" is "Annex II. X"
        section = (*path, caption) if caption and not named else path
        for row in rows:
            self.out.add(row, kind="table", section=section, page=page)

    # -- lines -------------------------------------------------------------------------------

    def _text_line(self, line: str, page: int, after_blank: bool) -> None:
        numbered = _NUMBERED.match(line)
        if numbered and self._is_next_number(int(numbered.group(1))):
            self._close()
            self.last_number = int(numbered.group(1))
            self.label = numbered.group(1)
            self.title_open = False
            self.para = _Paragraph("paragraph", self.label)
        elif _SUBITEM.match(line) and (
            after_blank or self.para is None or re.search(r"[.:;]$", self.para.last_line)
        ):
            self._close()
            self.para = _Paragraph("list", self.label)
        elif self.para is None or (
            after_blank and not (line[0].islower() and not ends_sentence(self.para.last_line))
        ):
            self._close()
            self.para = _Paragraph("paragraph", self.label)
        self.para.add(page, line)

    def _next_letter(self, letter: str) -> bool:
        return bool(self.last_letter) and ord(letter) == ord(self.last_letter) + 1

    def _is_next_number(self, n: int) -> bool:
        if self.last_number is None:
            return n <= 3
        return 1 <= n - self.last_number <= 3 or n == 1

    def _starts_block(self, line: str) -> bool:
        numbered = _NUMBERED.match(line)
        return bool(
            (numbered and self._is_next_number(int(numbered.group(1))))
            or _ROMAN.match(line)
            or _ANNEX.match(line)
            or _SUBITEM.match(line)
        )

    # -- headings ----------------------------------------------------------------------------

    def _heading(self, lines: list[str], i: int, page: int) -> int:
        """If a heading starts at ``lines[i]``, record it and return how many lines it took."""
        line = lines[i]
        if match := _ANNEX.match(line):
            self._close()
            self._write_label()
            label = " ".join(f"{match.group(1).capitalize()} {match.group(2) or ''}".split())
            self.headings.push(_RANK["annex"], label)
            self.open_label = (page, label)
            self.last_number = None
            self.label = ""
            self.title_open = False
            return 1
        group = _heading_group(lines, i, self._is_next_number)
        text = self.vocab.repair(" ".join(group))
        if not text or len(text) > _MAX_HEADING_CHARS or re.search(r"[.,;:]$", text):
            return 0
        if (roman := _ROMAN.match(text)) and not (
            len(roman.group(1)) == 1 and self._next_letter(roman.group(1))
        ):
            rank = _RANK["roman"]
        elif _LETTER.match(text) and len(text) < 150:
            rank = _RANK["letter"]
            self.last_letter = text[0]
        elif self.open_label is not None and text[0].isupper() and len(text.split()) <= 40:
            rank = _RANK["plain"]  # the annex's title
        elif self._is_title_part(lines, i + len(group), text, page):
            self._close()
            self.title_parts.append(text)
            self.out.add(text, kind="heading", page=page)
            return len(group)
        elif self._is_plain_heading(lines, i + len(group), text) or self._is_numbered_heading(
            lines, i + len(group), text
        ):
            rank = _RANK["plain"]
        else:
            return 0
        self._close()
        self.title_open = False
        if self.open_label is not None and rank == _RANK["plain"]:
            label_page, label = self.open_label
            self.open_label = None
            merged = f"{label} — {text}"
            self.out.add(
                merged,
                kind="heading",
                section=self.headings.push(_RANK["annex"], merged),
                page=label_page,
            )
            return len(group)
        self._write_label()
        self.out.add(text, kind="heading", section=self.headings.push(rank, text), page=page)
        if rank <= _RANK["roman"]:
            self.last_letter = ""
        if rank <= _RANK["letter"]:
            self.label = ""
        return len(group)

    @property
    def title(self) -> str:
        return ": ".join(self.title_parts)

    def _is_title_part(self, lines: list[str], after: int, text: str, page: int) -> bool:
        """Before the first numbered paragraph or numbered heading of pages 1-2: the title's lines."""
        if not (self.title_open and page <= 2 and text[0].isupper() and len(text.split()) <= 40):
            return False
        if _NOT_TITLE.match(text):
            return False
        nxt = _first_filled(lines, after)
        return not (self.title_parts and nxt is not None and _NUMBERED.match(lines[nxt]))

    def _is_plain_heading(self, lines: list[str], after: int, text: str) -> bool:
        """A short capitalised line that is followed by a numbered paragraph or another heading."""
        if not (text[0].isupper() and len(text.split()) <= 14):
            return False
        nxt = _first_filled(lines, after)
        if nxt is None:
            return self.open_label is not None
        return _opens_block(lines[nxt], self._is_next_number)

    def _is_numbered_heading(self, lines: list[str], after: int, text: str) -> bool:
        """A numbered sub-heading, as old reports number them inside a lettered section ("3.
        Attacks on UNTAC personnel"): short, its number off the paragraphs' sequence, and
        followed by the paragraph that continues it ("39. Circumstances ..."); read as a
        paragraph, it took the paragraphs after it under its own number. The section itself is
        not checked. Unlike :meth:`_is_next_number`, a "1." here is no restart."""
        own, nxt = _NUMBERED.match(text), _first_filled(lines, after)
        if own is None or nxt is None or self.last_number is None or len(text.split()) > 12:
            return False
        following = _NUMBERED.match(lines[nxt])
        return (
            following is not None
            and not 1 <= int(own.group(1)) - self.last_number <= 3
            and 1 <= int(following.group(1)) - self.last_number <= 3
        )

    def _write_label(self) -> None:
        if self.open_label is not None:
            page, label = self.open_label
            self.open_label = None
            self.out.add(label, kind="heading", section=self.headings.path, page=page)

    # -- output ------------------------------------------------------------------------------

    def _close(self) -> None:
        para, self.para = self.para, None
        if para is not None:
            self._write_label()
            self._write(para.pieces, para.kind, para.label)
        for page, marker, note_lines in self.notes:
            text, _ = join_lines(note_lines, self.vocab)
            text = clean_inline(text, self.vocab)
            self.out.add(
                f"[{marker}] {text}" if marker else text,
                kind="footnote",
                section=self.headings.path,
                paragraph=f"note {marker}" if marker else "",
                page=page,
            )
        self.notes = []

    def _write(self, pieces: list[tuple[int, list[str]]], kind: BlockKind, label: str) -> None:
        lines = [ln for _, piece in pieces for ln in piece]
        text, starts = join_lines(lines, self.vocab)
        cuts, first = [], 0
        for _, piece in pieces:
            cuts.append(starts[first])
            first += len(piece)
        cuts.append(len(text))
        for n, (page, _) in enumerate(pieces):
            gap = "\n\n" if n == 0 else (" " if text[cuts[n] - 1] == " " else "")
            self.out.add(
                clean_inline(text[cuts[n] : cuts[n + 1]].strip(), self.vocab),
                kind=kind,
                section=self.headings.path,
                paragraph=label,
                page=page,
                gap=gap,
            )


def _heading_group(lines: list[str], i: int, is_next_number: Callable[[int], bool]) -> list[str]:
    """The heading's lines, up to a blank line or the start of a block; more than four: none."""
    group = [lines[i]]
    for line in lines[i + 1 :]:
        if not line or _opens_block(line, is_next_number):
            return group
        if len(group) == 4:
            return []
        group.append(line)
    return group


def _opens_block(line: str, is_next_number: Callable[[int], bool]) -> bool:
    numbered = _NUMBERED.match(line)
    return bool(
        (numbered and is_next_number(int(numbered.group(1))))
        or _ROMAN.match(line)
        or _LETTER.match(line)
        or _ANNEX.match(line)
    )


def _first_filled(lines: list[str], start: int = 0) -> int | None:
    return next((k for k in range(start, len(lines)) if lines[k]), None)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
