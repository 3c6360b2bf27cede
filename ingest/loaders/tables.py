"""How a table row is written as passage text, for every loader (PDF, Word, HTML): the row's
cells each after their column header, so that a row quoted alone still says what its numbers are.

A **grand total** printed alone on the line under the ``Total`` row, with no label (the SG
reports' police annexes: ``Total ... 784 ... 1 650`` then ``2 434`` under it; 7 of 7 such lines
in the 337 reports, each the sum of the Total row's figures but one, where the report's own
subtotal is misprinted) is that Total row's ``Grand total`` cell: written as a row of its own it
said neither what it counts nor that it is the whole table's figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

GRAND_TOTAL = "Grand total"
# "Table 2. Police strength", "Annex I: ...", "TABLE 3 Budget": a caption, not "Table 2 shows that"
_CAPTION_LINE = re.compile(
    r"(?:Table|TABLE|Annex|ANNEX|Appendix|APPENDIX|Exhibit|EXHIBIT)\s+(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z])"
    r"(?:\s*[.:\u2013\u2014-]|\s+(?=[A-Z(])|\s*$)"
)
_CAPTION_WORDS = 40
_TOTAL = re.compile(r"total\b", re.IGNORECASE)
_FIGURE = re.compile(r"[(\[]?[-–+]?[$€£]?\d[\d,.\s\u00a0\u202f]*%?[)\]]?")


def row_text(headers: Sequence[str], row: Sequence[str]) -> str:
    """``["Country", "Men"], ["Benin", "3"]`` -> ``"Country: Benin; Men: 3"``; blank cells are
    left out, a cell without a header stands alone."""
    pairs = [f"{head}: {cell}" if head else cell for head, cell in zip(headers, row) if cell]
    pairs += [cell for cell in row[len(headers) :] if cell]  # a row wider than its header
    return "; ".join(pairs)


def is_caption_line(text: str) -> bool:
    """Whether a paragraph just before a table is its caption ("Table 2. Police strength by
    country, 2019", "Annex I: Benchmarks"): it opens with a table or annex number and is short.
    Word's own ``Caption`` style is told by the Word loader."""
    text = text.strip()
    return bool(_CAPTION_LINE.match(text)) and len(text.split()) <= _CAPTION_WORDS


def lone_figure(row: Sequence[str]) -> str:
    """The figure of a row that holds one figure and no label (``["", "", "2 434"]`` ->
    ``"2 434"``); ``""`` for any other row."""
    cells = [cell.strip() for cell in row if cell.strip()]
    if len(cells) != 1 or (row and row[0].strip()) or not _FIGURE.fullmatch(cells[0]):
        return ""
    return cells[0]


def is_total_row(row: Sequence[str]) -> bool:
    """A row labelled ``Total`` ("Total", "Total strength"; not "Subtotal")."""
    return bool(row) and bool(_TOTAL.match(row[0].strip()))


def table_texts(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table's blocks: ``Table: caption`` (when there is one), then one line per non-empty row;
    a lone figure under the Total row is written in that row as its ``Grand total``."""
    out = [f"Table: {caption}"] if caption else []
    k = 0
    while k < len(rows):
        row, after = rows[k], rows[k + 1] if k + 1 < len(rows) else ()
        if is_total_row(row) and (grand := lone_figure(after)):
            width = max(len(headers), len(row))
            heads = [*headers, *[""] * (width - len(headers)), GRAND_TOTAL]
            out.append(row_text(heads, [*row, *[""] * (width - len(row)), grand]))
            k += 2
            continue
        if text := row_text(headers, row):
            out.append(text)
        k += 1
    return out
