"""eval.tables_bench: its row-block parser and scoring, and the hand-written tables file (no model,
no PDF read)."""

from __future__ import annotations

import json

from eval.tables_bench import GOLD, ROOT, gold_cells, norm, parse_row, score

ROW = "Country: Senegal; United Nations police officers, Men: 15; Formed police units, Women: 14"


def test_parse_row_reads_headers_and_cells() -> None:
    assert parse_row(ROW) == [
        ("Country", "Senegal"),
        ("United Nations police officers, Men", "15"),
        ("Formed police units, Women", "14"),
    ]


def test_parse_row_keeps_a_cell_without_header() -> None:
    assert parse_row("Austria; 1; 1") == [("", "Austria"), ("", "1"), ("", "1")]


def test_norm_drops_thousands_separators_and_extra_space_only() -> None:
    assert norm(" 1 520 ") == "1520"
    assert norm("1,650") == "1650"
    assert norm("2  434") == "2434"
    assert norm("23a") == "23a"
    assert norm("1.5") == "1.5"


TABLE = {
    "file": "x.pdf",
    "page": 1,
    "caption": "Strength",
    "columns": [["Country"], ["Formed police units", "Women"], ["Formed police units", "Men"]],
    "rows": [["Senegal", "14", "144"], ["Total", "", "1 650"], ["", "", "2 434"]],
}


def test_score_counts_cells_right_and_extra() -> None:
    blocks = [
        "Country: Senegal; Formed police units, Women: 14; Formed police units, Men: 144",
        "Country: Total; Formed police units, Women: 1 650",  # under the wrong header
        "Formed police units, Men: 2,434",
    ]
    result = score(TABLE, ("Strength", blocks))
    assert (result.right, result.total, result.extra) == (3, 4, 1)


def test_score_of_a_table_not_found_is_zero() -> None:
    assert score(TABLE, None).right == 0


def test_hand_tables_are_well_formed() -> None:
    tables = json.loads(GOLD.read_text(encoding="utf-8"))["tables"]
    assert len(tables) >= 10
    total = 0
    for table in tables:
        assert table["caption"].strip() and table["page"] >= 1
        assert table["file"].endswith(".pdf")
        if table["file"].startswith("corpus/"):
            assert (ROOT / table["file"]).is_file(), table["file"]
        width = len(table["columns"])
        assert width >= 2 and all(
            path and all(p.strip() for p in path) for path in table["columns"]
        )
        assert all(len(row) == width for row in table["rows"]), table["caption"]
        cells = gold_cells(table)
        expected = sum(1 for row in table["rows"] for cell in row[1:] if cell)
        assert len(cells) == expected, table["caption"]  # no two cells share a key
        total += len(cells)
    assert total >= 300
