"""Tables on PDF pages, read from the positions of their text runs, kept as tables.

The SG reports' annex tables (strength by country and category, budget lines) have horizontal
rules at most, so pdfplumber's ruling-line detector found none of them in the bundled reports,
and its text strategy cut titles into columns ("Composition and stren" | "gth of the polic").
So rows and cells are read here from the words and their boxes: a line is the words on one
baseline, a cell a run of words closer than ``CELL_GAP``; a table is a run of at least
``MIN_ROWS`` lines that hold a number in a second cell, its header the lines of several cells just
above it, and its columns the cells of the header's last line. Each row is then written as one
block that names its headers ("Country: Benin; United Nations police officers, Men: 3"), so a
passage never holds half a row and a quoted row means something on its own.

The words come from pdfium's characters and their boxes (pypdfium2), much faster than
pdfplumber's words, which first lay out the whole page with pdfminer. Only pages whose text layer
looks like a table are read (:func:`looks_tabular`): 20 of 241 pages in a 16-report sample.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.loaders.pdf_lines import Page, is_running
from ingest.loaders.tables import table_texts
from ingest.ocr import PDFIUM_LOCK

CELL_GAP = 6.0  # points between two words of different cells (a space is 2-3 points at 10 pt)
JOIN_GAP = (
    3.0  # points: characters closer than this (no space between) make one word (as pdfplumber)
)
LINE_TOLERANCE = 3.0  # points between the tops of words on one line
CAPTION_GAP = 20.0  # points from one caption line's top to the next: more is a blank line between
# (a caption may stand up to two blank lines above its header)
MIN_ROWS = 3
_NUMBER = re.compile(r"[(\[]?[-–—+]?[$€£]?\d[\d,.\s]*%?[)\]]?|[-–—]")
_NUMBER_LINE = re.compile(r"\s*\S.{0,60}?\s\d[\d,.]*%?\s*$")  # short: prose lines run longer


@dataclass
class _Cell:
    text: str
    x0: float
    x1: float
    top: float = 0.0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Table:
    """One table: its caption (may be empty), column headers, and rows of cells by column."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    lines: list[str] = field(
        default_factory=list
    )  # the page lines it was read from (headers, rows)

    def row_texts(self) -> list[str]:
        """Each row as one line that names its column headers; the caption first, if any."""
        return table_texts(self.caption, self.headers, self.rows)


def looks_tabular(text: str) -> bool:
    """Whether a page's text layer has more than ``MIN_ROWS`` short lines ending in a number after
    a label: cheap enough to run on every page, so pdfplumber reads only the likely ones."""
    return sum(bool(_NUMBER_LINE.match(line)) for line in text.split("\n")) > MIN_ROWS


def read_tables(path: Path, numbers: Sequence[int]) -> dict[int, list[Table]]:
    """The tables on pages ``numbers`` (1-based) of the PDF at ``path``; pages without none."""
    import pypdfium2 as pdfium

    found: dict[int, list[Table]] = {}
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            for number in numbers:
                tables = tables_of(_lines(_runs(pdf, number)))
                if tables:
                    found[number] = tables
        finally:
            pdf.close()
    return found


def _runs(pdf, number: int) -> list[dict]:
    """The page's words with their boxes, from pdfium's characters: a word ends at a space, a
    line break, or a gap wider than ``JOIN_GAP`` (top is measured down from the page's top)."""
    page = pdf[number - 1]
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        words: list[dict] = []
        current: dict | None = None
        text = textpage.get_text_range()
        for i in range(min(textpage.count_chars(), len(text))):
            char = text[i]
            if char.isspace():
                current = None
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            if (
                current is None
                or left - current["x1"] > JOIN_GAP
                or abs(height - top - current["top"]) > LINE_TOLERANCE
            ):
                current = {"text": "", "x0": left, "x1": right, "top": height - top}
                words.append(current)
            current["text"] += char
            current["x1"] = max(current["x1"], right)
        return words
    finally:
        textpage.close()
        page.close()


def _lines(words: list[dict]) -> list[list[_Cell]]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(word["top"]) - float(rows[-1][0]["top"])) <= LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        cells: list[_Cell] = []
        for word in sorted(row, key=lambda w: float(w["x0"])):
            x0, x1 = float(word["x0"]), float(word["x1"])
            if cells and x0 - cells[-1].x1 <= CELL_GAP:
                cells[-1].text += " " + str(word["text"])
                cells[-1].x1 = x1
            else:
                cells.append(_Cell(str(word["text"]), x0, x1, float(word["top"])))
        lines.append(cells)
    return lines


def _is_row(cells: list[_Cell]) -> bool:
    return any(_NUMBER.fullmatch(c.text) for c in cells[1:]) or (
        len(cells) == 1 and bool(_NUMBER.fullmatch(cells[0].text))
    )


def tables_of(lines: list[list[_Cell]]) -> list[Table]:
    """Tables among a page's lines of cells (see the module docstring)."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if not (len(lines[i]) >= 2 and _is_row(lines[i])):
            i += 1
            continue
        end = i
        while end < len(lines) and _is_row(lines[end]):
            end += 1
        if sum(len(line) >= 2 for line in lines[i:end]) >= MIN_ROWS:
            tables.append(_table(lines, i, end))
        i = end
    return tables


def _table(lines: list[list[_Cell]], start: int, end: int) -> Table:
    head = start
    width = max(len(line) for line in lines[start:end])
    while head > 0 and start - head < 3 and _is_header(lines[head - 1], width):
        head -= 1
    caption_start = head
    while (
        caption_start > 0
        and head - caption_start < 3
        and len(lines[caption_start - 1]) == 1
        and lines[caption_start][0].top - lines[caption_start - 1][0].top
        <= (
            CAPTION_GAP if caption_start < head else 2.5 * CAPTION_GAP
        )  # blank lines before a header
    ):
        caption_start -= 1
    body = lines[start:end]
    columns = lines[start - 1] if head < start else _columns(body)
    headers = [c.text if head < start else "" for c in columns]
    for upper in reversed(lines[head : start - 1]):  # spanning headers over the last header line
        for n, cell in enumerate(upper):  # a spanning header reaches to where the next one starts
            right = upper[n + 1].x0 if n + 1 < len(upper) else float("inf")
            for k, col in enumerate(columns):
                if cell.x0 - CELL_GAP <= col.center < right - CELL_GAP:
                    headers[k] = f"{cell.text}, {headers[k]}"
    rows = [_place(line, columns) for line in body]
    caption = " ".join(
        c.text
        for line in lines[caption_start:head]
        for c in line
        if not is_running(c.text) and re.search(r"\w", c.text)
    )
    text_lines = [" ".join(c.text for c in line) for line in lines[head:end]]
    return Table(caption, headers, rows, text_lines)


def _is_header(cells: list[_Cell], width: int) -> bool:
    """Several cells, not over twice the widest row's and one, few of them ending like prose
    ("Kabul.", "(UNDOF),"): a line of a widely spaced paragraph (old OCR'd text layers set each
    word apart) is not a header."""
    prose = sum(bool(re.search(r"[.,;:!]$", c.text)) for c in cells)
    return 2 <= len(cells) <= 2 * width + 1 and prose * 3 <= len(cells)


def _columns(body: list[list[_Cell]]) -> list[_Cell]:
    """Columns of a table without a header: the cells of its widest row."""
    return max(body, key=len)


def _place(line: list[_Cell], columns: list[_Cell]) -> list[str]:
    """The line's cells in their columns: the column whose span holds the cell's centre, else the
    nearest by centre (numbers are right-aligned under their heading)."""
    row = [""] * len(columns)
    for cell in line:
        inside = [
            k for k, c in enumerate(columns) if c.x0 - CELL_GAP <= cell.center <= c.x1 + CELL_GAP
        ]
        k = (
            inside[0]
            if inside
            else min(range(len(columns)), key=lambda k: abs(columns[k].center - cell.center))
        )
        row[k] = f"{row[k]} {cell.text}".strip()
    return row


def page_tables(
    path: Path, pages: Sequence[Page], skip: Collection[int] = ()
) -> dict[int, list[Table]]:
    """The tables of a PDF's text-layer pages (``skip``: OCR'd pages, whose words pdfplumber
    cannot see), their lines taken off ``pages`` (in place) so that they are not also prose.

    A table without a caption under the previous table's column headers (continued on the next
    page, its spanning headers perhaps not repeated) takes that table's caption and headers.
    """
    found = read_tables(
        path, [p.number for p in pages if p.number not in skip and looks_tabular(p.raw)]
    )
    previous: Table | None = None
    for page in pages:
        for table in found.get(page.number, []):
            if not table.caption and previous is not None and _same_columns(table, previous):
                table.caption = f"{previous.caption} (continued)" if previous.caption else ""
                table.headers = previous.headers  # with spanning headers the page may not repeat
            previous = table
        if page.number in found:
            drop = {_squash(line) for table in found[page.number] for line in table.lines}
            page.lines = [line for line in page.lines if _squash(line.text) not in drop]
    return found


def _same_columns(table: Table, previous: Table) -> bool:
    def tail(headers: list[str]) -> list[str]:
        return [h.rsplit(", ", 1)[-1] for h in headers]

    return tail(table.headers) == tail(previous.headers)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
