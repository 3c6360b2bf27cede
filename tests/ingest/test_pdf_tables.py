"""Tables in text-layer PDFs: rows kept whole, each naming its column headers (pdfplumber words).

The fixture PDFs are written here, text placed at given positions, in the layout of an SG
report's annex (a caption, a two-line header, right-aligned numbers, blank cells).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.settings import ChunkingSettings
from assistant.types import DocumentRecord
from ingest.chunking import split_document
from ingest.loaders import load_document
from ingest.loaders.pdf_tables import looks_tabular

Placed = tuple[float, str]  # (x in points, text) on one line
PageSpec = Sequence[Sequence[Placed]]

STRENGTH: PageSpec = [
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


def placed_pdf(path: Path, pages: Sequence[PageSpec]) -> Path:
    """A PDF whose lines are Helvetica 10 pt runs at the given x positions, 15 pt apart."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        ops = []
        for n, line in enumerate(lines):
            for x, text in line:
                safe = text.replace("(", r"\(").replace(")", r"\)").encode("cp1252")
                ops.append(
                    b"BT /F1 10 Tf 1 0 0 1 %.1f %.1f Tm (%s) Tj ET" % (x, 760 - 15 * n, safe)
                )
        stream = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def test_each_row_is_one_block_naming_its_headers_and_blank_cells_stay_blank(
    tmp_path: Path,
) -> None:
    doc = load_document(placed_pdf(tmp_path / "annex.pdf", [STRENGTH]))
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


def test_a_table_continued_on_the_next_page_keeps_its_caption(tmp_path: Path) -> None:
    second = [STRENGTH[6], [(123, "Spain"), (336, "1")], [(123, "Togo"), (263, "2")], [(123, "Yemen"), (336, "4")], [(123, "Zambia"), (336, "6")]]  # fmt: skip
    doc = load_document(placed_pdf(tmp_path / "annex.pdf", [STRENGTH, second]))
    on_two = [b.text for b in doc.blocks if b.kind == "table" and b.page == 2]
    assert on_two[0] == (
        "Table: Annex. Composition and strength of the police component as at 4 October 2019 (continued)"
    )
    assert on_two[1] == f"Country: Spain; {HEADERS[2]}: 1"  # the spanning header carried over


def test_passages_never_cut_a_row(tmp_path: Path, token_counter) -> None:
    doc = load_document(placed_pdf(tmp_path / "annex.pdf", [STRENGTH]))
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


def test_only_pages_with_label_and_number_lines_are_read_by_pdfplumber() -> None:
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
    assert [b.text for b in load_document(html).blocks if b.kind == "table"] == [
        "Table: Police, 2019",
        *rows,
    ]


def test_a_widely_spaced_prose_line_is_not_a_header(tmp_path: Path) -> None:
    words = "The observers came from the following eleven countries as of today:".split()
    prose = [(72 + 45 * i, word) for i, word in enumerate(words)]  # each word set apart
    rows = [[(72, country), (200, str(n))] for country, n in (("Austria", 7), ("Chad", 4), ("Fiji", 2), ("Peru", 5))]  # fmt: skip
    doc = load_document(placed_pdf(tmp_path / "old.pdf", [[prose, *rows]]))
    assert [b.text for b in doc.blocks if b.kind == "table"] == [
        "Austria; 7",
        "Chad; 4",
        "Fiji; 2",
        "Peru; 5",
    ]
