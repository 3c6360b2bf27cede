"""How a table row is written as passage text, for every loader (PDF, Word, HTML): the row's
cells each after their column header, so that a row quoted alone still says what its numbers are.
"""

from __future__ import annotations

from collections.abc import Sequence


def row_text(headers: Sequence[str], row: Sequence[str]) -> str:
    """``["Country", "Men"], ["Benin", "3"]`` -> ``"Country: Benin; Men: 3"``; blank cells are
    left out, a cell without a header stands alone."""
    pairs = [f"{head}: {cell}" if head else cell for head, cell in zip(headers, row) if cell]
    pairs += [cell for cell in row[len(headers) :] if cell]  # a row wider than its header
    return "; ".join(pairs)


def table_texts(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table's blocks: ``Table: caption`` (when there is one), then one line per non-empty row."""
    out = [f"Table: {caption}"] if caption else []
    out += [text for row in rows if (text := row_text(headers, row))]
    return out
