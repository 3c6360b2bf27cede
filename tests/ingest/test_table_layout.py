"""Tables found in lines of positioned cells (ingest/loaders/table_layout.py), on hand-made lines."""

from __future__ import annotations

from ingest.loaders.table_layout import Cell, Rule, tables_of


def _line(top: float, *cells: tuple[float, str]) -> list[Cell]:
    """Cells at x positions, each 6 points a character wide."""
    return [Cell(text, x, x + 6 * len(text), top) for x, text in cells]


BODY = [
    _line(100, (72, "Country"), (300, "Number")),
    _line(114, (72, "Austria"), (330, "7")),
    _line(128, (72, "Chad"), (330, "4")),
    _line(142, (72, "Fiji"), (330, "2")),
    _line(160, (80, "Total"), (324, "13")),
]


def test_a_page_number_far_under_a_table_is_not_one_of_its_rows() -> None:
    (table,) = tables_of([*BODY, _line(700, (300, "21"))])
    assert table.headers == ["Country", "Number"]
    assert table.rows[-1] == ["Total", "13"]  # set in, and a blank line above: still a row
    assert len(table.rows) == 4


def test_a_heading_over_two_columns_spans_both_and_a_rule_under_it_sets_the_span() -> None:
    lines = [
        _line(86, (300, "Staff")),  # over the first number column only...
        *[line[:1] + [*line[1:], Cell(c, 400, 406, line[0].top)] for line, c in zip(BODY, "N1234")],
    ]
    lines[1][-1] = Cell("Troops", 380, 416, 100)
    plain = tables_of(lines)[0].headers
    ruled = tables_of(lines, [Rule(290, 420, 96)])[0].headers  # ...but the rule under it spans both
    assert plain == ["Country", "Staff Number", "Troops"]
    assert ruled == ["Country", "Staff, Number", "Staff, Troops"]


def test_a_footnote_line_ends_a_table_and_is_no_caption() -> None:
    note = _line(180, (72, "Including the Chief Military Observer."))
    note[0].note = True
    second = [
        _line(200, (72, "Country"), (300, "Police")),
        _line(214, (72, "Ghana"), (330, "1")),
        _line(228, (72, "India"), (330, "1")),
        _line(242, (72, "Total"), (330, "2")),
    ]
    first, after = tables_of([*BODY, note, *second])
    assert after.caption == ""
    assert after.headers == ["Country", "Police"]
    assert [r[0] for r in first.rows] == ["Austria", "Chad", "Fiji", "Total"]
