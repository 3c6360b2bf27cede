"""Tables found in a page's lines of positioned cells: where the body is, which lines above it are
its column headers, which its caption, and which column each cell stands in.

Pure geometry, so that it can be checked on hand-made lines; :mod:`ingest.loaders.pdf_tables`
reads the cells and rules off a PDF page. The mechanisms, each for a layout seen in the SG
reports' annexes:

- **Columns by x-positions.** A column is a run of overlapping cell extents down the body (numbers
  are right-aligned, so a column's cells overlap); the first cell of a row that is not a number
  is its label, whatever its indent ("Total" is often set in).
- **Header lines** are the lines just above the body, at most ``MAX_HEADER_LINES``, no further
  apart than ``HEADER_PITCH`` body rows. A header cell over one column is a line of that column's
  heading, joined to the line below with a space ("Number of" / "military observers"); a cell over
  several columns is a spanning heading, joined with ", " ("Staff officers, Women"). A horizontal
  rule just under a heading shows how far it spans, where the rule is drawn.
- **Rules** (drawn, or typed as a row of dashes) are not lines of the table.
- **Footnote marks** are taken off the cells before this (a raised, smaller letter), and a
  footnote line under a table ends it rather than becoming the next table's caption.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.loaders.pdf_lines import is_running
from ingest.loaders.table_headings import Cell, Column, Rule, heading_texts, widen
from ingest.loaders.tables import table_texts

__all__ = ["Cell", "Rule", "Table", "is_number", "is_row", "tables_of"]

CAPTION_GAP = 20.0  # points from one caption line's top to the next: more is a blank line between
CAPTION_PITCH = 2.2  # ... or this many body-row pitches, if more
MAX_CAPTION_LINES = 3
MAX_HEADER_LINES = 4
HEADER_PITCH = 1.45  # header lines lie at most this many body-row pitches apart
MIN_ROWS = 3
HANGING_INDENT = 20.0  # points: the second line of a wrapped row label may be set in this far
ROW_GAP = 2.5  # body rows lie at most this many pitches apart (a blank line between groups)
_NUMBER = re.compile(r"[(\[]?[-–—+]?[$€£]?\d[\d,.\s]*%?[)\]]?|[-–—]")
_ANNEX = re.compile(r"(?:Annex|Appendix|Enclosure)(?:\s+[IVXLC\d]+[A-Z]?)?\.?", re.IGNORECASE)


@dataclass
class Table:
    """One table: its caption (may be empty), column headers, and rows of cells by column."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    lines: list[str] = field(default_factory=list)  # the page lines it was read from

    def row_texts(self) -> list[str]:
        """Each row as one line that names its column headers; the caption first, if any."""
        return table_texts(self.caption, self.headers, self.rows)


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def is_row(cells: list[Cell]) -> bool:
    """A body line: a number after its first cell, or one number alone (a total without a
    label); a footnote line is never one."""
    if cells and cells[0].note:
        return False
    return any(is_number(c.text) for c in cells[1:]) or (
        len(cells) == 1 and is_number(cells[0].text)
    )


def tables_of(lines: list[list[Cell]], rules: Sequence[Rule] = ()) -> list[Table]:
    """Tables among a page's lines of cells, top to bottom (see the module docstring)."""
    lines = list(lines)
    sources: dict[int, list[str]] = {}  # a row joined from wrapped lines: the lines it was
    tables: list[Table] = []
    floor = 0  # lines above this belong to an earlier table
    i = 0
    while i < len(lines):
        if not (len(lines[i]) >= 2 and is_row(lines[i])):
            i += 1
            continue
        end = i + 1
        while end < len(lines):
            if is_row(lines[end]) and not _apart(lines, i, end):
                end += 1
            elif not _join_wrapped_label(lines, i, end, sources):
                break
        if sum(len(line) >= 2 for line in lines[i:end]) >= MIN_ROWS:
            tables.append(_table(lines, i, end, floor, list(rules), sources))
            floor = end
        i = end
    return tables


def _join_wrapped_label(
    lines: list[list[Cell]], start: int, end: int, sources: dict[int, list[str]]
) -> bool:
    """Join line ``end`` to a row of ``start:end`` or to the row after it, if it is a row label
    wrapped over two lines ("United Kingdom of Great Britain" / "and Northern Ireland  30"):
    one text cell at the labels' left edge, no further than a row's pitch from its neighbours
    (the row below may be set in by a hanging indent).
    A part that begins in lower case ends the row above; any other begins the row below."""
    line = lines[end]
    pitch = _pitch(lines[start:end]) if end - start > 1 else 14.0
    if len(line) != 1 or line[0].note or is_number(line[0].text):
        return False
    if (
        abs(line[0].x0 - lines[start][0].x0) > 3
        or line[0].top - lines[end - 1][0].top > 1.5 * pitch
    ):
        return False
    after = lines[end + 1] if end + 1 < len(lines) else None
    follows = (
        after is not None
        and is_row(after)
        and not is_number(after[0].text)
        and -3 <= after[0].x0 - line[0].x0 <= HANGING_INDENT
        and after[0].top - line[0].top <= 1.5 * pitch
        and not _repeated(after[0].text, lines)
    )
    if line[0].text[:1].islower() and not is_number(lines[end - 1][0].text):
        target, at, parts = end - 1, 0, (lines[end - 1], line)
    elif follows:
        target, at, parts = end + 1, 0, (line, after)
    else:
        return False
    first, second = parts
    row = lines[target]
    merged = Cell(
        f"{first[0].text} {second[0].text}",
        first[0].x0,
        max(c.x1 for c in (first[0], second[0])),
        row[at].top,
        False,
        f"{first[0].raw or first[0].text} {second[0].raw or second[0].text}",
    )
    joined = [merged, *row[1:]]
    sources[id(joined)] = [*_raw(first, sources), *_raw(second, sources)]
    lines[target] = joined
    del lines[end]
    return True


def _repeated(label: str, lines: list[list[Cell]]) -> bool:
    """Whether a row label stands on more lines of the page than one ("Total to date" under
    each group's heading): the line above it is then a group's heading, not part of it."""
    return sum(line[0].text == label for line in lines) > 1


def _raw(line: list[Cell], sources: dict[int, list[str]]) -> list[str]:
    return sources.get(id(line)) or [" ".join(c.raw or c.text for c in line)]


def _apart(lines: list[list[Cell]], start: int, end: int) -> bool:
    """Whether line ``end`` stands too far below the rows ``start:end`` to be one of them (a page
    number under a table): more than ``ROW_GAP`` times their pitch (or the first row's height)."""
    pitch = _pitch(lines[start:end]) if end - start > 1 else 14.0
    return lines[end][0].top - lines[end - 1][0].top > ROW_GAP * pitch


def _table(
    lines: list[list[Cell]],
    start: int,
    end: int,
    floor: int,
    rules: list[Rule],
    sources: dict[int, list[str]],
) -> Table:
    body = lines[start:end]
    pitch = _pitch(body)
    columns, has_label = _columns(body)
    head = _header_start(lines, start, floor, pitch, columns, has_label, rules)
    header_lines = lines[head:start]
    if header_lines:
        widen(columns, header_lines[-1])
    headers = heading_texts(header_lines, columns, rules, lines[start][0].top)
    rows = [_place(line, columns, has_label) for line in body]
    caption = _caption(lines, head, floor, max(CAPTION_GAP, CAPTION_PITCH * pitch))
    raw = [text for line in lines[head:end] for text in _raw(line, sources)]
    return Table(caption, headers, rows, raw)


def _pitch(body: list[list[Cell]]) -> float:
    gaps = [b[0].top - a[0].top for a, b in zip(body, body[1:]) if b[0].top > a[0].top]
    return max(statistics.median(gaps) if gaps else 12.0, 10.0)


def _columns(body: list[list[Cell]]) -> tuple[list[Column], bool]:
    """The body's columns, left to right: the labels' column first (when rows have labels),
    then each run of overlapping cell extents."""
    labels = [line[0] for line in body if not is_number(line[0].text)]
    spans = sorted(
        (c.x0, c.x1) for line in body for c in line if not (c is line[0] and c in labels)
    )
    columns: list[Column] = []
    for x0, x1 in spans:
        if columns and x0 < columns[-1].x1:
            columns[-1].x1 = max(columns[-1].x1, x1)
        else:
            columns.append(Column(x0, x1))
    if labels:
        left = min(c.x0 for c in labels)
        right = min([max(c.x1 for c in labels)] + [c.x0 - 1 for c in columns[:1]])
        columns.insert(0, Column(left, max(right, left + 1)))
    return columns, bool(labels)


def _header_start(
    lines: list[list[Cell]],
    start: int,
    floor: int,
    pitch: float,
    columns: list[Column],
    has_label: bool,
    rules: list[Rule],
) -> int:
    """The first of the header lines just above the body (``start`` when there are none); a
    rule across the table ends them, or, between them and the body, leaves room for one more
    line between."""
    head = start
    label_right = columns[0].x1 if has_label else float("-inf")
    width = columns[-1].x1 - columns[0].x0  # before the headings widen the columns
    while head > floor and start - head < MAX_HEADER_LINES:
        line = lines[head - 1]
        top, below = line[0].top, lines[head][0].top
        across = any(top < r.top < below and r.x1 - r.x0 > 0.9 * width for r in rules)
        if across and head < start:
            break  # the rule above the headings
        if line[0].note or below - top > (HEADER_PITCH + across) * pitch:
            break
        if len(line) == 1 and not (line[0].x0 > label_right and head < start):
            break  # a one-cell line is a heading only over the number columns, above another
        if len(line) > 1 and not _is_header(line, len(columns)):
            break
        head -= 1
    return head


def _is_header(cells: list[Cell], width: int) -> bool:
    """Several cells, not over twice the table's columns and one, few of them ending like prose
    ("Kabul.", "(UNDOF),"): a line of a widely spaced paragraph (old OCR'd text layers set each
    word apart) is not a header."""
    prose = sum(bool(re.search(r"[.,;:!]$", c.text)) for c in cells)
    return len(cells) <= 2 * width + 1 and prose * 3 <= len(cells)


def _place(line: list[Cell], columns: list[Column], has_label: bool) -> list[str]:
    """The line's cells in their columns: a label first, then the column it overlaps, else the
    nearest by centre."""
    row = [""] * len(columns)
    for n, cell in enumerate(line):
        if n == 0 and has_label and not is_number(cell.text):
            k = 0
        else:
            over = [k for k, c in enumerate(columns) if c.overlaps(cell.x0, cell.x1)]
            k = (
                over[-1]
                if over
                else min(range(len(columns)), key=lambda k: abs(columns[k].center - cell.center))
            )
        row[k] = f"{row[k]} {cell.text}".strip()
    return row


def _caption(lines: list[list[Cell]], head: int, floor: int, gap: float) -> str:
    """The lines just above the header (up to ``MAX_CAPTION_LINES``, the first up to two blank
    lines above it), with an "Annex III" line right above them as its prefix."""
    start = head
    while start > floor and head - start < MAX_CAPTION_LINES:
        line = lines[start - 1]
        limit = gap if start < head else 2.5 * CAPTION_GAP
        if (
            len(line) != 1
            or line[0].note
            or lines[start][0].top - line[0].top > limit
            or _ANNEX.fullmatch(_text(line))
        ):
            break
        start -= 1
    text = " ".join(
        t for line in lines[start:head] if not is_running(t := _text(line)) and re.search(r"\w", t)
    )
    if start > floor and start < head:
        above = _text(lines[start - 1])
        near = lines[start][0].top - lines[start - 1][0].top <= 2.5 * CAPTION_GAP
        if _ANNEX.fullmatch(above) and near:
            text = f"{above.rstrip('.')}. {text}"
    return text


def _text(line: list[Cell]) -> str:
    return " ".join(c.text for c in line).strip()
