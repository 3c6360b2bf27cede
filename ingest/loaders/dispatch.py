"""Choosing a loader by file suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import UnsupportedTypeError
from assistant.types import ExtractedDocument

if TYPE_CHECKING:
    from ingest.ocr import OcrOptions

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".pdf",
    ".md",
    ".markdown",
    ".txt",
    ".html",
    ".htm",
    ".docx",
)


def load_document(path: Path, *, ocr: OcrOptions | None = None) -> ExtractedDocument:
    """Extract the text and blocks of one file, choosing the loader by its suffix (any case).

    ``ocr`` says which PDF pages Tesseract reads (None: none; a scan is then refused).

    Raises:
        UnsupportedTypeError: a suffix no loader reads.
        UnreadableDocumentError: the loader could not read the file (the reason names the fix).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    loader = _loaders().get(suffix)
    if loader is None:
        raise UnsupportedTypeError(
            path,
            f"unsupported file type '{suffix or '(no suffix)'}': pocdoc reads .pdf, .docx, .md, .txt, .html",
        )
    if suffix == ".pdf" and ocr is not None:
        from ingest.loaders.pdf import load_pdf

        return load_pdf(path, ocr)
    return loader(path)


def _loaders() -> dict[str, Callable[[Path], ExtractedDocument]]:
    # Imported here so that asking for SUPPORTED_SUFFIXES does not import pypdf and bs4.
    from ingest.loaders.docx import load_docx
    from ingest.loaders.html import load_html
    from ingest.loaders.markdown import load_markdown
    from ingest.loaders.pdf import load_pdf
    from ingest.loaders.text import load_text

    return {
        ".pdf": load_pdf,
        ".md": load_markdown,
        ".markdown": load_markdown,
        ".txt": load_text,
        ".html": load_html,
        ".htm": load_html,
        ".docx": load_docx,
    }
