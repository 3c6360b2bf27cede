"""Word files: headings as sections, numbered paragraphs, lists and tables (python-docx writes the
fixtures here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import UnreadableDocumentError
from ingest.loaders import SUPPORTED_SUFFIXES, load_document


def sop(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Mission SOP on patrols", style="Title")
    document.add_heading("I. Purpose", level=1)
    document.add_paragraph("1. This SOP sets out how patrols are planned.")
    document.add_paragraph("2. It applies to all contingents.")
    document.add_heading("A. Planning", level=2)
    document.add_paragraph("Each patrol carries:")
    document.add_paragraph("a radio;", style="List Bullet")
    document.add_paragraph("a first-aid kit.", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Sector", "Patrols", "Officers"], ["North", "12", "40"], ["South", "7", ""]]):  # fmt: skip
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("II. Review", level=1)
    document.add_paragraph("3. The SOP is reviewed yearly.")
    document.save(path)
    return path


def test_headings_numbered_paragraphs_lists_and_tables(tmp_path: Path) -> None:
    doc = load_document(sop(tmp_path / "sop.docx"))
    assert doc.title_hint == "Mission SOP on patrols"
    blocks = [(b.kind, b.section, b.paragraph, b.text) for b in doc.blocks if b.kind != "heading"]
    purpose, planning = ("I. Purpose",), ("I. Purpose", "A. Planning")
    assert blocks == [
        ("paragraph", purpose, "1", "1. This SOP sets out how patrols are planned."),
        ("paragraph", purpose, "2", "2. It applies to all contingents."),
        ("paragraph", planning, "", "Each patrol carries:"),
        ("list", planning, "", "a radio;"),
        ("list", planning, "", "a first-aid kit."),
        ("table", planning, "", "Sector: North; Patrols: 12; Officers: 40"),
        ("table", planning, "", "Sector: South; Patrols: 7"),
        ("paragraph", ("II. Review",), "3", "3. The SOP is reviewed yearly."),
    ]
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text


def test_docx_is_a_supported_suffix_for_ingest_and_uploads() -> None:
    assert ".docx" in SUPPORTED_SUFFIXES


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old binary .doc"]
)
def test_a_broken_word_file_is_one_clear_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path)
    assert "not a Word .docx file" in err.value.reason and "save it as .docx" in err.value.reason
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_an_empty_word_file_is_refused_as_empty(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    with pytest.raises(UnreadableDocumentError, match="empty document"):
        load_document(path)


def test_a_caption_just_before_a_table_heads_its_rows(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Strength", level=1)
    tables = [("Police by country, 2019", "Caption"), ("Table 3. Troops", None), ("Prose.", None)]
    for text, style in tables:
        document.add_paragraph(text, style=style)
        table = document.add_table(rows=2, cols=2)
        for r, row in enumerate([["Country", "Men"], ["Chad", "4"]]):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    document.save(tmp_path / "c.docx")
    doc = load_document(tmp_path / "c.docx")
    rows = [b.section for b in doc.blocks if b.kind == "table"]
    assert rows == [
        ("Strength", "Police by country, 2019"),  # Word's Caption style
        ("Strength", "Table 3. Troops"),  # a numbered table caption
        ("Strength",),  # a paragraph that is no caption: the heading heads the rows
    ]
