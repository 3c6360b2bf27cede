"""Tables in text-layer PDFs: rows kept whole, each naming its column headers.

The fixture PDFs are written by ``make_pdf`` (tests/ingest/conftest.py), text placed at given
positions, in the layouts of the SG reports' annexes (a caption, a two-line header, right-aligned
numbers, blank cells, footnote marks, typed and drawn rules).
"""

from __future__ import annotations

from pathlib import Path

from assistant.settings import ChunkingSettings
from assistant.types import DocumentRecord
from ingest.chunking import split_document
from ingest.loaders import load_document
from ingest.loaders.pdf_tables import looks_tabular

STRENGTH = [
    [(72, "1. The police component stood at 38 officers (see annex).")],
    [],
    [(72, "Annex")],
    [(72, "Composition and strength of the police component as at 4 October 2019")],
    [],
    [(222, "United Nations police officers"), (387, "Formed police units")],
    [(123, "Country"), (246, "Women"), (327, "Men"), (392, "Women"), (474, "Men")],
    [(123, "Bangladesh"), (336, "1")],
    [(123, "Benin"), (336, "3")],
    [(123, "Canada"), (263, "5")],
    [(123, "Senegal"), (336, "1"), (409, "2"), (478, "12")],
    [(123, "Total"), (263, "5"), (331, "5"), (409, "2"), (478, "12")],
]

HEADERS = [
    "Country",
    "United Nations police officers, Women",
    "United Nations police officers, Men",
]


def test_each_row_is_one_block_naming_its_headers_and_blank_cells_stay_blank(make_pdf) -> None:
    doc = load_document(make_pdf([STRENGTH], name="annex.pdf"))
    rows = [b.text for b in doc.blocks if b.kind == "table"]
    assert rows == [
        "Table: Annex. Composition and strength of the police component as at 4 October 2019",
        f"{HEADERS[0]}: Bangladesh; {HEADERS[2]}: 1",
        f"{HEADERS[0]}: Benin; {HEADERS[2]}: 3",
        f"{HEADERS[0]}: Canada; {HEADERS[1]}: 5",
        f"{HEADERS[0]}: Senegal; {HEADERS[2]}: 1; Formed police units, Women: 2; "
        "Formed police units, Men: 12",
        f"{HEADERS[0]}: Total; {HEADERS[1]}: 5; {HEADERS[2]}: 5; Formed police units, Women: 2; "
        "Formed police units, Men: 12",
    ]
    assert all(b.page == 1 for b in doc.blocks if b.kind == "table")
    prose = [b.text for b in doc.blocks if b.kind != "table"]
    assert not any("Bangladesh" in t or "Women" in t for t in prose)  # not read twice
    para = next(b for b in doc.blocks if b.paragraph == "1")
    assert para.text.startswith("1. The police component stood at 38 officers")


def test_a_table_continued_on_the_next_page_keeps_its_caption(make_pdf) -> None:
    second = [STRENGTH[6], [(123, "Spain"), (336, "1")], [(123, "Togo"), (263, "2")], [(123, "Yemen"), (336, "4")], [(123, "Zambia"), (336, "6")]]  # fmt: skip
    doc = load_document(make_pdf([STRENGTH, second], name="annex.pdf"))
    on_two = [b.text for b in doc.blocks if b.kind == "table" and b.page == 2]
    assert on_two[0] == (
        "Table: Annex. Composition and strength of the police component as at 4 October 2019 (continued)"
    )
    assert on_two[1] == f"Country: Spain; {HEADERS[2]}: 1"  # the spanning header carried over


def test_passages_never_cut_a_row(make_pdf, token_counter) -> None:
    doc = load_document(make_pdf([STRENGTH], name="annex.pdf"))
    record = DocumentRecord(doc_id="annex", title="Annex")
    small = ChunkingSettings(max_tokens=40, min_tokens=1, overlap_sentences=0)
    passages = split_document(doc, record, token_counter, small)
    rows = [b.text for b in doc.blocks if b.kind == "table"]
    assert len(passages) > 2  # the table did not fit one passage
    for row in rows:
        assert sum(row in p.text for p in passages) == 1


def test_prose_is_not_a_table(tmp_path: Path, make_pdf) -> None:
    path = make_pdf([["1. In 2019 the mission had 38 officers.", "2. In 2020 it had 12."]])
    doc = load_document(path)
    assert not any(b.kind == "table" for b in doc.blocks)


def test_only_pages_with_label_and_number_lines_are_read() -> None:
    assert looks_tabular("Country Women Men\nBenin 3\nCanada 5\nChad 4\nMali 2\nTotal 14")
    assert not looks_tabular("1. The mission deployed in 2019.\nIt had 38 officers in May.")


def test_markdown_and_html_table_rows_name_their_headers(tmp_path: Path) -> None:
    md = tmp_path / "t.md"
    md.write_text(
        "# Strength\n\n| Country | Women | Men |\n|---|---|---|\n| Benin | | 3 |\n| Chad | 1 | 4 |\n",
        encoding="utf-8",
    )
    html = tmp_path / "t.html"
    html.write_text(
        "<h1>Strength</h1><table><caption>Police, 2019</caption>"
        "<tr><th>Country</th><th>Women</th><th>Men</th></tr>"
        "<tr><td>Benin</td><td></td><td>3</td></tr><tr><td>Chad</td><td>1</td><td>4</td></tr>"
        "</table>",
        encoding="utf-8",
    )
    rows = ["Country: Benin; Men: 3", "Country: Chad; Women: 1; Men: 4"]
    assert [b.text for b in load_document(md).blocks if b.kind == "table"] == rows
    html_rows = [b for b in load_document(html).blocks if b.kind == "table"]
    assert [b.text for b in html_rows] == ["Table: Police, 2019", *rows]
    assert {b.section[-1] for b in html_rows} == {"Police, 2019"}  # the caption heads its rows


def test_a_widely_spaced_prose_line_is_not_a_header(make_pdf) -> None:
    words = "The observers came from the following eleven countries as of today:".split()
    prose = [(72 + 45 * i, word) for i, word in enumerate(words)]  # each word set apart
    rows = [[(72, country), (200, str(n))] for country, n in (("Austria", 7), ("Chad", 4), ("Fiji", 2), ("Peru", 5))]  # fmt: skip
    doc = load_document(make_pdf([[prose, *rows]], name="old.pdf"))
    assert [b.text for b in doc.blocks if b.kind == "table"] == [
        "Austria; 7",
        "Chad; 4",
        "Fiji; 2",
        "Peru; 5",
    ]


def _rows(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "table"]


def test_a_footnote_mark_is_taken_off_its_cell_and_does_not_cut_the_table(make_pdf) -> None:
    mark = (6.0, 4.0)  # size, rise: a superscript "a"
    page = [
        [(72, "Countries providing military observers")],
        [(72, "Country"), (300, "Military observers")],
        [(72, "Austria"), (350, "2")],
        [(72, "Brazil"), (97.2, "a", *mark), (350, "5")],
        [(72, "Pakistan"), (344.4, "9"), (350, "a", *mark)],
        [(72, "Poland"), (350, "5")],
        [(72, "Total"), (344.4, "21")],
        [(80, "a", *mark), (84, "Including the Chief Military Observer.")],
    ]
    rows = _rows(load_document(make_pdf([page])))
    assert rows == [
        "Table: Countries providing military observers",
        "Country: Austria; Military observers: 2",
        "Country: Brazil; Military observers: 5",
        "Country: Pakistan; Military observers: 9",
        "Country: Poland; Military observers: 5",
        "Country: Total; Military observers: 21",
    ]


def test_headings_over_two_lines_join_and_a_spanning_heading_names_each_column_under_it(
    make_pdf,
) -> None:
    page = [
        [(72, "Composition of the military element")],
        [],
        [(250, "Staff officers"), (390, "Number of")],
        [(72, "Country"), (240, "Women"), (300, "Men"), (390, "observers"), (480, "Total")],
        [(72, "Chile"), (250, "1"), (310, "3"), (400, "2"), (490, "6")],
        [(72, "Peru"), (310, "4"), (400, "1"), (490, "5")],
        [(72, "Togo"), (250, "2"), (490, "2")],
        [(72, "Total"), (250, "3"), (310, "7"), (400, "3"), (490, "13")],
    ]
    rows = _rows(load_document(make_pdf([page])))
    assert rows[1] == (
        "Country: Chile; Staff officers, Women: 1; Staff officers, Men: 3; "
        "Number of observers: 2; Total: 6"
    )


def test_a_drawn_rule_under_a_heading_shows_the_columns_it_spans(make_pdf) -> None:
    page = [
        [(72, "Composition of the force")],
        [],
        [(330, "Military")],  # centred over its second column only; the rule spans both
        [(72, "Nationality"), (230, "Operational"), (320, "Headquarters"), (420, "Observers")],
        [(72, "Denmark"), (260, "39"), (350, "4"), (440, "2")],
        [(72, "Finland"), (260, "351"), (350, "14"), (440, "1")],
        [(72, "Norway"), (260, "41"), (350, "7"), (440, "2")],
        [(72, "Total"), (260, "431"), (350, "25"), (440, "5")],
    ]
    doc = load_document(make_pdf([page], rules=[[(2, 225, 395)]]))
    assert _rows(doc)[1] == (
        "Nationality: Denmark; Military, Operational: 39; Military, Headquarters: 4; Observers: 2"
    )


def test_a_table_between_typed_dash_rules_keeps_its_header_and_caption(make_pdf) -> None:
    dashes = [(72, "-" * 90)]  # across the table
    page = [
        [(72, "Annex III")],
        [(72, "Composition and strength of the police component")],
        [(72, "(as of 1 October 2018)")],
        dashes,
        [(72, "Country"), (216, "Women"), (288, "Men"), (360, "Total")],
        dashes,
        [(72, "Austria"), (216, "1"), (360, "1")],
        [(72, "Bulgaria"), (288, "1"), (360, "1")],
        [(72, "Turkey"), (288, "2"), (360, "2")],
        dashes,
        [(72, "Total"), (216, "1"), (288, "3"), (360, "4")],
    ]
    doc = load_document(make_pdf([page]))
    assert _rows(doc) == [
        "Table: Annex III. Composition and strength of the police component (as of 1 October 2018)",
        "Country: Austria; Women: 1; Total: 1",
        "Country: Bulgaria; Men: 1; Total: 1",
        "Country: Turkey; Men: 2; Total: 2",
        "Country: Total; Women: 1; Men: 3; Total: 4",
    ]
    assert not any("-----" in b.text for b in doc.blocks)


def test_a_row_label_wrapped_over_two_lines_is_one_label(make_pdf) -> None:
    page = [
        [(72, "Composition of the police task force")],
        [(72, "Country"), (350, "Number")],
        [(72, "Ukraine"), (350, "39")],
        [(72, "United Kingdom of Great Britain")],
        [(84, "and Northern Ireland"), (350, "30")],
        [(72, "Uruguay"), (350, "12")],
        [(72, "Total"), (350, "81")],
    ]
    rows = _rows(load_document(make_pdf([page])))
    assert rows[2:] == [
        "Country: United Kingdom of Great Britain and Northern Ireland; Number: 30",
        "Country: Uruguay; Number: 12",
        "Country: Total; Number: 81",
    ]


def test_a_lone_figure_under_the_total_row_is_that_rows_grand_total(
    tmp_path: Path, make_pdf
) -> None:
    page = [*STRENGTH, [(478, "24")]]  # the whole component, printed alone under the Total row
    rows = [b.text for b in load_document(make_pdf([page], name="g.pdf")).blocks]
    total = next(t for t in rows if t.startswith(f"{HEADERS[0]}: Total"))
    assert total.endswith("Formed police units, Men: 12; Grand total: 24")
    assert not any(t.startswith("Formed police units, Men: 24") for t in rows)
    md = tmp_path / "g.md"
    md.write_text(
        "| Country | Women | Men |\n|---|---|---|\n| Benin | 1 | 3 |\n| Total | 1 | 3 |\n"
        "| | | 4 |\n| | | - |\n",
        encoding="utf-8",
    )
    assert [b.text for b in load_document(md).blocks if b.kind == "table"] == [
        "Country: Benin; Women: 1; Men: 3",
        "Country: Total; Women: 1; Men: 3; Grand total: 4",
        "Men: -",  # not a figure: left as it stands
    ]


def test_a_markdown_caption_line_just_before_a_table_heads_its_rows(tmp_path: Path) -> None:
    md = tmp_path / "c.md"
    md.write_text(
        "# Strength\n\n**Table 2.** Police by country, 2019\n\n| Country | Men |\n|---|---|\n"
        "| Chad | 4 |\n\nTable 2 shows the police.\n\n| Country | Men |\n|---|---|\n| Mali | 5 |\n",
        encoding="utf-8",
    )
    rows = [(b.section, b.text) for b in load_document(md).blocks if b.kind == "table"]
    assert rows == [
        (("Table 2. Police by country, 2019",), "Country: Chad; Men: 4"),
        ((), "Country: Mali; Men: 5"),  # prose that names a table is not its caption
    ]
