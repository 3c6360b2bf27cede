"""Word (.docx) loader, through python-docx: headings as sections, numbered paragraphs, lists and
tables, in the order they stand in the document body.

``Heading N`` and ``Title`` styles give the section path (a ``Title`` before any text is the
document's title, not a section); a paragraph whose text opens with its number ("12. ...") carries
that number, as in a PDF; ``List ...`` styles and Word numbering make list items; a table becomes
one ``table`` block per row that names the column headers of its first row (as PDF tables do,
:mod:`ingest.loaders.pdf_tables`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from assistant.errors import UnreadableDocumentError
from assistant.types import ExtractedDocument
from ingest.loaders.assembly import DocumentAssembler, HeadingPath
from ingest.loaders.tables import is_caption_line, table_texts

_NUMBERED = re.compile(r"(\d{1,3})\.\s")
_HEADING = re.compile(r"Heading (\d)")


def load_docx(path: Path) -> ExtractedDocument:
    """Load a Word document.

    Raises:
        UnreadableDocumentError: not a .docx (an old binary .doc, or damaged), or no text.
    """
    document = _open(path)
    out = DocumentAssembler(str(path))
    headings = HeadingPath()
    title = caption = ""  # caption: the paragraph just before, if it captions a table
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):  # a table: its caption heads its rows, as in PDFs and HTML
            section = (*headings.path, caption) if caption else headings.path
            for row in _table_rows(item):
                out.add(row, kind="table", section=section)
            caption = ""
            continue
        text = " ".join(item.text.split())
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        level = _heading_level(style)
        caption = text if level is None and (style == "Caption" or is_caption_line(text)) else ""
        if level == 0 and not out.blocks and not title:
            title = text  # the Title style before any text names the document
            continue
        if level is not None and level > 0:
            out.add(text, kind="heading", section=headings.push(level, text))
            continue
        numbered = _NUMBERED.match(text)
        if _is_list(item, style):
            out.add(text, kind="list", section=headings.path)
        else:
            out.add(
                text,
                section=headings.path,
                paragraph=numbered.group(1) if numbered else "",
            )
    core_title = (document.core_properties.title or "").strip()
    return out.build(title_hint=title or core_title or _first_heading(out))


def _open(path: Path):  # -> docx.document.Document
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not path.exists():
        raise UnreadableDocumentError(path, "file not found: check the path")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = (
            "not a Word .docx file (an old binary .doc, or damaged): open it in Word or "
            "LibreOffice and save it as .docx, or export it to PDF"
        )
        raise UnreadableDocumentError(path, f"{reason} ({type(exc).__name__})") from exc


def _heading_level(style: str) -> int | None:
    """1-9 for ``Heading N``, 0 for ``Title``, None for any other style."""
    if style == "Title":
        return 0
    match = _HEADING.match(style)
    return int(match.group(1)) if match else None


def _is_list(paragraph, style: str) -> bool:
    if style.startswith("List"):
        return True
    properties = paragraph._p.pPr  # Word numbering without a list style
    return properties is not None and properties.numPr is not None


def _table_rows(table) -> list[str]:
    """Rows after the first, each naming the first row's headers; a one-row table as it is."""
    grid = [_unmerged([" ".join(cell.text.split()) for cell in row.cells]) for row in table.rows]
    if len(grid) < 2:
        return table_texts("", [], grid)
    return table_texts("", grid[0], grid[1:])


def _unmerged(row: list[str]) -> list[str]:
    """A merged cell is repeated by python-docx in each grid column it covers: keep it once."""
    return [c if k == 0 or c != row[k - 1] else "" for k, c in enumerate(row)]


def _first_heading(out: DocumentAssembler) -> str:
    return next((b.text for b in out.blocks if b.kind == "heading"), "")
