"""Column headings of a table, from the lines above its body (see
:mod:`ingest.loaders.table_layout`): which heading cell stands over which columns, and how the
pieces of one column's heading join ("Staff officers, Women"; "Number of military observers").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cell:
    """A run of words on one line, with its extent; ``note``: the line starts with a footnote
    mark (only set on a line's first cell); ``raw``: the text with footnote marks kept."""

    text: str
    x0: float
    x1: float
    top: float = 0.0
    note: bool = False
    raw: str = ""

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Rule:
    """A horizontal rule: from ``x0`` to ``x1`` at ``top`` (points down from the page's top)."""

    x0: float
    x1: float
    top: float


@dataclass
class Column:
    """A column's extent on the page, in points."""

    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def overlaps(self, x0: float, x1: float) -> bool:
        return x0 < self.x1 and self.x0 < x1


def widen(columns: list[Column], cells: list[Cell]) -> None:
    """Each column to the width of the heading cell right above it (numbers sit under one edge
    of their heading), so that spanning headings above can be matched to columns; a heading over
    no column of the body heads a column of blank cells (on a page where no row fills it)."""
    for cell in cells:
        over = [c for c in columns if c.overlaps(cell.x0, cell.x1)]
        if len(over) == 1:
            over[0].x0, over[0].x1 = min(over[0].x0, cell.x0), max(over[0].x1, cell.x1)
        elif not over and cell.x0 > columns[0].x1:
            columns.append(Column(cell.x0, cell.x1))
            columns.sort(key=lambda c: c.x0)


def heading_texts(
    header_lines: list[list[Cell]], columns: list[Column], rules: list[Rule], body_top: float
) -> list[str]:
    parts: list[list[tuple[str, frozenset[int]]]] = [[] for _ in columns]
    tops = [line[0].top for line in header_lines] + [body_top]
    for n, line in enumerate(header_lines):
        lowest = n == len(header_lines) - 1
        for cell in line:
            under = _under(cell, columns) if lowest else _spanned(cell, columns, rules, tops[n + 1])
            for k in under:
                parts[k].append((cell.text, under))
    return [_join(p) for p in parts]


def _spanned(cell: Cell, columns: list[Column], rules: list[Rule], below: float) -> frozenset[int]:
    """The columns a heading cell stands over: those under a rule drawn just beneath it, else
    those it overlaps, else the nearest."""
    for rule in rules:
        if cell.top < rule.top < below and rule.x0 - 2 <= cell.center <= rule.x1 + 2:
            inside = frozenset(k for k, c in enumerate(columns) if rule.x0 <= c.center <= rule.x1)
            if inside and (rule.x1 - rule.x0) < 0.9 * (columns[-1].x1 - columns[0].x0):
                return inside
    over = frozenset(k for k, c in enumerate(columns) if c.overlaps(cell.x0, cell.x1))
    if over:
        return over
    return frozenset({min(range(len(columns)), key=lambda k: abs(columns[k].center - cell.center))})


def _under(cell: Cell, columns: list[Column]) -> frozenset[int]:
    """The one column a cell of the lowest heading line heads: the one it overlaps most, else
    the nearest (that line names each column once; the spanning headings stand above it)."""

    def overlap(c: Column) -> float:
        return min(c.x1, cell.x1) - max(c.x0, cell.x0)

    best = max(range(len(columns)), key=lambda k: overlap(columns[k]))
    if overlap(columns[best]) > 0:
        return frozenset({best})
    return frozenset({min(range(len(columns)), key=lambda k: abs(columns[k].center - cell.center))})


def _join(parts: list[tuple[str, frozenset[int]]]) -> str:
    """A column's heading from its pieces, top down: a piece over the same columns as the one
    above continues it (a wrapped heading); over fewer columns, it is a sub-heading. A heading
    that its sub-heading repeats is said once ("Military" over "Military observers")."""
    segments: list[str] = []
    previous: frozenset[int] | None = None
    for text, span in parts:
        if segments and span == previous:
            segments[-1] = f"{segments[-1]} {text}"
        else:
            segments.append(text)
        previous = span
    kept = [
        seg
        for seg, after in zip(segments, [*segments[1:], ""])
        if not after.lower().startswith(f"{seg.lower()} ")
    ]
    return ", ".join(kept)
