"""Tables on PDF pages, read from the positions of their characters and the rules drawn.

The SG reports' annex tables have horizontal rules at most (no vertical ones), so a ruling-line
table finder sees none of them (pdfplumber's found 0 in the bundled reports, and its text strategy
cut titles into columns). So the words, their boxes and the horizontal rules are read here from
pdfium (pypdfium2, much faster than pdfplumber, which first lays out the whole page with
pdfminer), and :mod:`ingest.loaders.table_layout` finds the tables in them. A footnote mark (a
raised character in a smaller size: ``Brazil`` :sup:`a`, ``42`` :sup:`a`) is taken off its word
here, so that ``42a`` is still a number and the table is not cut at that row. Each row is then
written as one block that names its headers ("Country: Benin; United Nations police officers,
Men: 3"), so a passage never holds half a row and a quoted row means something on its own.

Only pages whose text layer looks like a table are read (:func:`looks_tabular`): 20 of 241 pages
in a 16-report sample.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from ingest.loaders.pdf_lines import Page
from ingest.loaders.table_layout import MIN_ROWS, Cell, Rule, Table, tables_of
from ingest.ocr import PDFIUM_LOCK

__all__ = ["Table", "looks_tabular", "page_tables", "read_tables"]

CELL_GAP = 6.0  # points between two words of different cells (a space is 2-3 points at 10 pt)
CELL_GAP_CHARS = 1.2  # ... or more, in a wide font: this many of the word's mean character widths
JOIN_GAP = 3.0  # points: characters closer than this (no space between) make one word
LINE_TOLERANCE = 3.0  # points between the tops of words on one line
MARK_SIZE = 0.8  # a footnote mark is at most this share of the height of the character beside it
RULE_THICKNESS = 2.0  # points: a drawn path no taller than this is a horizontal rule
_NUMBER_LINE = re.compile(r"\s*\S.{0,60}?\s\d[\d,.]*[a-z]?%?\s*$")  # short: prose lines run longer
_TYPED_MARKS = "*†‡"
_DASHES = re.compile(r"[-_=–—]{5,}")


def looks_tabular(text: str) -> bool:
    """Whether a page's text layer has more than ``MIN_ROWS`` short lines ending in a number after
    a label: cheap enough to run on every page, so that only the likely ones are read."""
    return sum(bool(_NUMBER_LINE.match(line)) for line in text.split("\n")) > MIN_ROWS


def read_tables(path: Path, numbers: Sequence[int]) -> dict[int, list[Table]]:
    """The tables on pages ``numbers`` (1-based) of the PDF at ``path``; pages without none."""
    import pypdfium2 as pdfium

    found: dict[int, list[Table]] = {}
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            for number in numbers:
                page = pdf[number - 1]
                try:
                    lines, typed = _lines(_words(page))
                    tables = tables_of(lines, _rules(page) + typed)
                finally:
                    page.close()
                if tables:
                    found[number] = tables
        finally:
            pdf.close()
    return found


def _chars(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's characters with their loose boxes (left, bottom, right, top), top measured down
    from the page's top."""
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        text = textpage.get_text_range()
        out = []
        for i in range(min(textpage.count_chars(), len(text))):
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            out.append((text[i], (left, height - bottom, right, height - top)))
        return out
    finally:
        textpage.close()


def _is_mark(chars, i: int) -> bool:
    """A footnote mark: an asterisk or dagger, or a letter or digit smaller than the character
    beside it (the one before, or after at a line's start) and raised above its baseline."""
    char, (left, bottom, right, top) = chars[i]
    if char in _TYPED_MARKS:
        return True
    if not char.isalnum():
        return False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(chars) and abs(j - i) <= 3 and chars[j][0].isspace():
            j += step  # a space or line break the text layer puts between two runs of text
        if 0 <= j < len(chars) and not chars[j][0].isspace():
            _, (l2, b2, r2, t2) = chars[j]
            size, other = bottom - top, b2 - t2
            near = min(abs(left - r2), abs(l2 - right)) < 3.0 and abs(bottom - b2) < other
            if near and size < MARK_SIZE * other and bottom < b2 - 0.1 * other:
                return True
    return False


def _words(page) -> list[dict]:
    """The page's words with their boxes: a word ends at a space, a line break, or a gap wider
    than ``JOIN_GAP``. Footnote marks are left out of ``text`` (kept in ``raw``); a word that
    follows a mark at the start of a line is flagged ``note`` (the line is a footnote)."""
    chars = _chars(page)
    words: list[dict] = []
    current: dict | None = None
    pending: tuple[float, float] | None = None  # (right, top) of a mark that may start a line
    for i, (char, (left, _bottom, right, top)) in enumerate(chars):
        if char.isspace():
            current = None
            continue
        mark = _is_mark(chars, i)
        if current is not None and (
            left - current["x1"] > JOIN_GAP or abs(top - current["top"]) > LINE_TOLERANCE
        ):
            current = None
        if mark:
            if current is None:
                pending = (right, top)
            else:
                current["raw"] += char
            continue
        if current is None:
            note = bool(pending) and abs(top - pending[1]) <= LINE_TOLERANCE and left > pending[0]
            current = {"text": "", "raw": "", "x0": left, "x1": right, "top": top, "note": note}
            words.append(current)
            pending = None
        current["text"] += char
        current["raw"] += char
        current["x1"] = max(current["x1"], right)
    return words


def _rules(page) -> list[Rule]:
    """The page's drawn horizontal rules, touching pieces joined (a table's rule is often drawn
    one piece per column)."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    pieces = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= RULE_THICKNESS and right - left > 3:
            pieces.append(Rule(left, right, height - top))
    pieces.sort(key=lambda r: (round(r.top), r.x0))
    rules: list[Rule] = []
    for piece in pieces:
        last = rules[-1] if rules else None
        if last and abs(last.top - piece.top) <= 1 and piece.x0 - last.x1 <= 1.5:
            rules[-1] = Rule(last.x0, max(last.x1, piece.x1), last.top)
        else:
            rules.append(piece)
    return rules


def _lines(words: list[dict]) -> tuple[list[list[Cell]], list[Rule]]:
    """Words on one baseline make a line, words closer than the cell gap a cell; a line typed as
    a row of dashes is a rule, not a line."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[list[Cell]] = []
    typed: list[Rule] = []
    for row in rows:
        cells: list[Cell] = []
        for word in sorted(row, key=lambda w: w["x0"]):
            if cells and word["x0"] - cells[-1].x1 <= _gap(cells[-1]):
                cells[-1].text += " " + word["text"]
                cells[-1].raw += " " + word["raw"]
                cells[-1].x1 = word["x1"]
            else:
                cells.append(
                    Cell(
                        word["text"], word["x0"], word["x1"], word["top"], word["note"], word["raw"]
                    )
                )
        cells = [c for c in cells if c.text]
        if len(cells) == 1 and _DASHES.fullmatch(cells[0].text):
            typed.append(Rule(cells[0].x0, cells[0].x1, cells[0].top))
        elif cells:
            cells[0].note = cells[0].note or row[0]["note"]
            lines.append(cells)
    return lines, typed


def _gap(cell: Cell) -> float:
    """The widest gap between two words of one cell: a space, which in a wide (typewriter) font
    is as wide as a character."""
    chars = max(len(cell.text.replace(" ", "")), 1)
    return max(CELL_GAP, CELL_GAP_CHARS * (cell.x1 - cell.x0) / chars)


def page_tables(
    path: Path, pages: Sequence[Page], skip: Collection[int] = ()
) -> dict[int, list[Table]]:
    """The tables of a PDF's text-layer pages (``skip``: OCR'd pages, whose words pdfium cannot
    see), their lines taken off ``pages`` (in place) so that they are not also prose.

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
            page.lines = [
                line
                for line in page.lines
                if _squash(line.text) not in drop and not _DASHES.fullmatch(_squash(line.text))
            ]
    return found


def _same_columns(table: Table, previous: Table) -> bool:
    def tail(headers: list[str]) -> list[str]:
        return [h.rsplit(", ", 1)[-1] for h in headers]

    return tail(table.headers) == tail(previous.headers)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
