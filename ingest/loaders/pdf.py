"""PDF loader: pypdf, page by page, with page numbers, section paths and paragraph numbers.

Reading is here (opening, decrypting, per-page text with glyph sizes, the title/symbol/date
hints); :mod:`ingest.loaders.pdf_lines` cleans page lines and :mod:`ingest.loaders.pdf_blocks`
turns them into blocks. pypdf's own warnings (fonts, malformed objects) are routed to this
module's logger rather than printed.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import threading
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError
from rapidfuzz import fuzz, process

from assistant.errors import UnreadableDocumentError
from assistant.symbols import DATE_RE, MONTH_NAMES, OCR_SYMBOL_RE, SYMBOL_RE, parse_date_hint
from assistant.types import ExtractedDocument
from ingest.loaders.assembly import DocumentAssembler
from ingest.loaders.pdf_blocks import PageBlocks
from ingest.loaders.pdf_lines import (
    Line,
    Page,
    Vocabulary,
    split_footnotes,
    strip_running_lines,
)
from ingest.loaders.pdf_ocr import read_scanned_pages
from ingest.loaders.pdf_tables import page_tables
from ingest.ocr import OcrOptions

logger = logging.getLogger(__name__)

NO_TEXT = (
    'no text layer (image-only/scanned PDF) and OCR is off: set ingest.ocr = "auto" '
    "(POCDOC_INGEST__OCR=auto) to read it with Tesseract, or ingest an OCR'd copy (ocrmypdf in.pdf out.pdf)"
)
NO_OCR_TEXT = "no text layer, and OCR found no text on its pages: check the scan (is it blank or upside down?)"
_SUPERSCRIPT_RUN = re.compile(r"(?<=[^\s\d])\s?(\d{1,3})(?=[\s,.;:)]|$)")


def load_pdf(
    path: Path, ocr: OcrOptions | None = None, *, read_tables: bool = True
) -> ExtractedDocument:
    """Load a PDF; pages without a text layer are OCR'd when ``ocr`` says so (None: no OCR).

    Tables on text-layer pages become one ``table`` block per row, naming its column headers
    (:mod:`ingest.loaders.pdf_tables`), unless ``read_tables`` is False.

    Raises:
        UnreadableDocumentError: not a PDF or corrupt, encrypted with a password, no pages, no
            text on any page (a scan with OCR off, or OCR that read nothing), or OCR needed and
            Tesseract missing; each reason names the fix.
    """
    with _pypdf_messages(path):
        reader = _open(path)
        pages = _pages(reader, path)
    ocr_pages, notes = read_scanned_pages(path, pages, ocr) if ocr is not None else ({}, [])
    if not any(p.raw.strip() for p in pages):
        reason = NO_TEXT if ocr is None or ocr.mode == "never" else NO_OCR_TEXT
        raise UnreadableDocumentError(path, "; ".join([reason, *notes]))
    vocab = Vocabulary.of("\n".join(p.raw for p in pages))
    symbol, date = _symbol_hint(pages), _date_hint(pages)
    strip_running_lines(pages)
    tables = page_tables(path, pages, skip=ocr_pages) if read_tables else {}
    body_size = _body_size(pages)
    out = DocumentAssembler(str(path))
    blocks = PageBlocks(out, vocab)
    for page in pages:
        split_footnotes(page, body_size)
        blocks.feed(page)
        for table in tables.get(page.number, []):
            blocks.table(page.number, table.row_texts(), table.caption)
    blocks.finish()
    doc = out.build(
        page_count=len(pages),
        title_hint=blocks.title or _metadata_title(reader),
        symbol_hint=symbol,
        date_hint=date,
        empty_reason="only running headers and footers carry text: " + NO_TEXT,
    )
    return dataclasses.replace(doc, ocr_pages=ocr_pages, notes=tuple(notes))


def _open(path: Path) -> PdfReader:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError as exc:
        raise UnreadableDocumentError(path, "file not found: check the path") from exc
    except OSError as exc:
        raise UnreadableDocumentError(
            path, f"cannot read the file ({exc.strerror}): check that it is a readable file"
        ) from exc
    if b"%PDF-" not in head:
        raise UnreadableDocumentError(
            path, "not a PDF (no %PDF- header): check the file type, or re-download the file"
        )
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            _decrypt(reader, path)
        if len(reader.pages) == 0:
            raise UnreadableDocumentError(path, "PDF has no pages: re-export the document to PDF")
    except UnreadableDocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise UnreadableDocumentError(
            path, f"corrupt PDF ({type(exc).__name__}: {exc}): re-download or re-export the file"
        ) from exc
    return reader


def _decrypt(reader: PdfReader, path: Path) -> None:
    try:
        result = reader.decrypt("")
    except DependencyError as exc:
        raise UnreadableDocumentError(
            path,
            f"encrypted PDF needs the 'cryptography' package to decrypt ({exc}): pip install cryptography",
        ) from exc
    except (NotImplementedError, PdfReadError) as exc:
        raise UnreadableDocumentError(
            path,
            f"encrypted PDF with an unsupported scheme ({exc}): remove the encryption, e.g. qpdf --decrypt in.pdf out.pdf",
        ) from exc
    if result == PasswordType.NOT_DECRYPTED:
        raise UnreadableDocumentError(
            path,
            "encrypted PDF that needs a password to open: remove the password, "
            "e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf, and ingest the decrypted copy",
        )


def _pages(reader: PdfReader, path: Path) -> list[Page]:
    pages = []
    for number, page in enumerate(reader.pages, 1):
        sizes: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            m = _multiply(tm, cm)
            # called by extract_text below, inside this iteration
            sizes.extend([abs(size) * math.hypot(m[2], m[3])] * len(text))  # noqa: B023

        try:
            text = page.extract_text(visitor_text=visit)
        except FileNotDecryptedError as exc:
            raise UnreadableDocumentError(
                path, f"encrypted PDF: {exc}: remove the password and ingest again"
            ) from exc
        except Exception as exc:  # a damaged content stream
            raise UnreadableDocumentError(
                path,
                f"corrupt PDF: text extraction failed on page {number} ({type(exc).__name__}: {exc}): re-export the file",
            ) from exc
        if len(sizes) != len(text):  # pypdf's visitor did not cover the text: go without sizes
            sizes = [0.0] * len(text)
        pages.append(Page(number=number, lines=_lines(text, sizes), raw=text))
    return pages


def _lines(text: str, sizes: list[float]) -> list[Line]:
    """Page text -> lines with their glyph size; small-print digits after a word become ``[n]``."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        line_sizes = sizes[pos : pos + len(raw)]
        pos += len(raw) + 1
        glyphs = [s for ch, s in zip(raw, line_sizes) if not ch.isspace()]
        size = max(glyphs, default=0.0)
        if size > 0:
            raw = _mark_references(raw, line_sizes, size)
        lines.append(Line(raw, size))
    return lines


def _mark_references(line: str, sizes: list[float], size: float) -> str:
    def mark(match: re.Match[str]) -> str:
        digits = range(match.start(1), match.end(1))
        return (
            f"[{match.group(1)}]" if all(sizes[k] < 0.8 * size for k in digits) else match.group(0)
        )

    return _SUPERSCRIPT_RUN.sub(mark, line)


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _body_size(pages: list[Page]) -> float:
    """The glyph size most of the text is set in."""
    counts: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            counts[round(line.size, 1)] += len(line.text.strip())
    return counts.most_common(1)[0][0] if counts else 0.0


def _symbol_hint(pages: list[Page]) -> str:
    """The symbol in the masthead (its first lines; OCR may have lowered the ``S``), else the first one."""
    # line by line, so that a lowered masthead "s/21509" wins over a report it cites below
    match = next(
        (
            m
            for line in pages[0].raw.split("\n")[:_MASTHEAD_LINES]
            if (m := SYMBOL_RE.search(line) or OCR_SYMBOL_RE.search(line))
        ),
        None,
    )
    for page in pages[:2]:
        match = match or SYMBOL_RE.search(page.raw)
    return re.sub(r"\.\s+", ".", match.group(0)[0].upper() + match.group(0)[1:]) if match else ""


def _date_hint(pages: list[Page]) -> str:
    """The date in the masthead (its first lines), read through an OCR-garbled month ("23
    N:,srember 1995"); else the first date of the first two pages. The first date in the body is
    seldom the report's own (paragraph 1 recalls the resolution that asked for it: "of 30 March
    1995"), so the masthead is read first."""
    for line in pages[0].raw.split("\n")[:_MASTHEAD_LINES] if pages else []:
        if match := DATE_RE.search(line):
            return parse_date_hint(match.group(0))
        if (match := _MASTHEAD_DATE.fullmatch(line.strip())) and (
            month := process.extractOne(
                match["month"], MONTH_NAMES, scorer=fuzz.ratio, score_cutoff=_OCR_MONTH_CUTOFF
            )
        ):
            return parse_date_hint(f"{match['day']} {month[0]} {match['year']}")
    for page in pages[:2]:
        if match := DATE_RE.search(page.raw):
            return parse_date_hint(match.group(0))
    return ""


_MASTHEAD_LINES = 15
# A masthead date line as OCR reads it: a day, one mangled word, a year, nothing else.
_MASTHEAD_DATE = re.compile(
    r"(?P<day>\d{1,2})(?:\s+|[.,:]\s*)(?P<month>\S{3,12})\s+(?P<year>(?:19|20)\d\d)"
)  # "26.October 1990": a stray mark for the space
_OCR_MONTH_CUTOFF = 65  # "N:,srember" is 67 from "November"; "Distr." 33 from "August"


def _metadata_title(reader: PdfReader) -> str:
    try:
        title = str((reader.metadata or {}).get("/Title") or "")
    except Exception:  # damaged metadata is not worth failing a document over; the title is a hint
        logger.debug("unreadable PDF metadata", exc_info=True)
        return ""
    if len(title.split()) < 3 or re.match(
        r"(Microsoft Word - |untitled|\S+\.(docx?|pdf)$)", title, re.I
    ):
        return ""
    return " ".join(title.split())


_CAPTURE_LOCK = threading.Lock()
_captures = 0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _pypdf_messages(path: Path) -> Iterator[None]:
    """Collect pypdf's log records and warnings while reading ``path``; log them here, once."""
    global _captures
    pypdf_log = logging.getLogger("pypdf")
    handler = _Collect()
    with _CAPTURE_LOCK:
        pypdf_log.addHandler(handler)
        _captures += 1
        pypdf_log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        handler.messages.extend(str(w.message) for w in caught)
    finally:
        with _CAPTURE_LOCK:
            pypdf_log.removeHandler(handler)
            _captures -= 1
            if _captures == 0:
                pypdf_log.propagate = True
    for message in handler.messages:
        logger.debug("%s: pypdf: %s", path, message)
    if handler.messages:
        logger.info(
            "%s: pypdf reported %d problem(s), e.g. %s",
            path,
            len(handler.messages),
            handler.messages[0],
        )
