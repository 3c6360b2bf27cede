"""Scanned pages of a PDF: which pages need OCR, and their OCR text put in place of the missing
text layer, so that the PDF loader finds paragraphs, headings and footnotes on them as on any page.

OCR'd lines carry no glyph size (0), as pages of a text layer whose sizes pypdf could not tell.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.loaders.pdf_lines import Line, Page
from ingest.ocr import OcrOptions, ocr_pages

# Tesseract's usual misreadings of a UN symbol on a scan: "$/1995/836", "S$/1995/251",
# "§/25123", "S2002/713" and "S 2002/1101" (slash lost), "S/25085/Ada.1".
_SYMBOL_FIXES = [
    (re.compile(r"(?<![\w/])(?:S?\$|§)/(?=\d)"), "S/"),
    (re.compile(r"(?<![\w/$])S ?(?=(?:19|20)\d\d/\d)"), "S/"),
    (re.compile(r"(?<=\d)/Ad[ad]\.(?=\d)"), "/Add."),
    (re.compile(r"(?m)^(\d{1,3}),(?= [A-Z])"), r"\1."),  # a paragraph number's stop read as a comma
]


# The emblem beside a masthead is read as marks and stray letters: "V ‘ \\) Security Council".
_EMBLEM = re.compile(
    r"^(?:[^\w\s.]+|\b\w{1,2}\b)(?:\s*(?:[^\w\s.]+|\b\w{1,2}\b))*\s+"
    r"(?=Security Council|General Assembly|Economic and Social Council|Distr)",
    re.M,
)


def repair_symbols(text: str) -> str:
    """OCR'd text with the usual misreadings of UN symbols put right, and the emblem's noise
    taken off the masthead lines (so they are known as masthead, not taken for the title)."""
    for pattern, replacement in _SYMBOL_FIXES:
        text = pattern.sub(replacement, text)
    return _EMBLEM.sub("", text)


def read_scanned_pages(
    path: Path, pages: list[Page], options: OcrOptions
) -> tuple[dict[int, float], list[str]]:
    """OCR the pages ``options.mode`` asks for and put their text on ``pages`` (in place).

    Returns the OCR'd pages' mean word confidences by page number, and one note per page that
    failed or whose confidence is under ``options.low_confidence``.

    Raises:
        UnreadableDocumentError: OCR is needed and Tesseract or its language data is missing.
    """
    if options.mode == "never":
        return {}, []
    wanted = [p.number for p in pages if options.mode == "always" or not p.raw.strip()]
    if not wanted:
        return {}, []
    confidences: dict[int, float] = {}
    notes: list[str] = []
    by_number = {p.number: p for p in pages}
    for result in ocr_pages(path, wanted, options):
        if result.error:
            notes.append(result.error)
            continue
        page = by_number[result.number]
        if not result.text.strip() and page.raw.strip():
            continue  # 'always' on a page OCR reads nothing from: its text layer stays
        if result.confidence < options.min_confidence:
            notes.append(
                f"page {result.number}: OCR confidence {result.confidence:.0f} is under "
                f"{options.min_confidence:g} (ingest.ocr_min_confidence): not indexed (a map or a "
                "picture?)"
            )
            continue
        page.raw = repair_symbols(result.text)
        page.lines = [Line(line) for line in page.raw.split("\n")]
        confidences[result.number] = result.confidence
        if result.text.strip() and result.confidence < options.low_confidence:
            notes.append(
                f"page {result.number}: OCR confidence {result.confidence:.0f} is under "
                f"{options.low_confidence:g} (ingest.ocr_low_confidence): check its passages against the scan"
            )
    return confidences, notes
