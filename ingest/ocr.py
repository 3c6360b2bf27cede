"""OCR of PDF pages: pypdfium2 renders a page, Tesseract (through pytesseract) reads it.

Each page runs in its own ``tesseract`` process with a time limit (``ocr_page_timeout_s``): a
page that runs over, or that Tesseract fails on, is returned with an ``error`` and the other pages
are still read. At most ``ocr_workers`` Tesseract processes run at once in this process, whatever
the number of ingests (a shared semaphore), and each is held to one thread: with OpenMP's default
thread count a page took 41 s on a busy 2-core machine, with ``OMP_THREAD_LIMIT=1`` 8 s.

Results are cached per page under ``home/ocr`` by the file's content hash (see
:mod:`ingest.ocr_cache`), so a re-ingest does not OCR again.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.errors import UnreadableDocumentError
from assistant.settings import Settings
from ingest.ocr_cache import OCR_DIR, OcrCache

OcrMode = Literal["auto", "always", "never"]

log = logging.getLogger(__name__)

# pdfium is not thread-safe: one render at a time in this process (rendering is ~1/8 of a page's time)
PDFIUM_LOCK = threading.Lock()
_LIMITS: dict[int, threading.BoundedSemaphore] = {}
_LIMITS_LOCK = threading.Lock()


@dataclass(frozen=True)
class OcrOptions:
    """How PDF pages are OCR'd (from the ``[ingest]`` settings, see :meth:`from_settings`)."""

    mode: OcrMode = "auto"
    languages: str = "eng"
    dpi: int = 300
    workers: int = 1
    page_timeout_s: float = 120.0
    low_confidence: float = 70.0
    min_confidence: float = 50.0
    command: str = "tesseract"
    cache_dir: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OcrOptions:
        s = settings.ingest
        return cls(
            mode=s.ocr,
            languages=s.ocr_languages,
            dpi=s.ocr_dpi,
            workers=s.ocr_workers,
            page_timeout_s=s.ocr_page_timeout_s,
            low_confidence=s.ocr_low_confidence,
            min_confidence=s.ocr_min_confidence,
            command=s.ocr_command,
            cache_dir=settings.home / OCR_DIR,
        )


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its text (lines; a blank line between Tesseract's paragraphs) and its
    mean word confidence (0-100), or the ``error`` that stopped it (then ``text`` is empty)."""

    number: int
    text: str = ""
    confidence: float = 0.0
    error: str = ""


def ocr_pages(path: Path, numbers: Sequence[int], options: OcrOptions) -> list[OcrPage]:
    """OCR the pages ``numbers`` (1-based) of the PDF at ``path``, in order, using the cache.

    Raises:
        UnreadableDocumentError: the Tesseract program or a language's data is missing (the
            message names the fix); a single page's failure is returned in its ``OcrPage.error``.
    """
    cache = OcrCache(options.cache_dir, path, f"{options.languages}-{options.dpi}")
    done = {n: OcrPage(n, *hit) for n in numbers if (hit := cache.get(n)) is not None}
    todo = [n for n in numbers if n not in done]
    if todo:
        _check_tesseract(path, options)
        workers = min(options.workers, len(todo))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pocdoc-ocr") as pool:
            for page in pool.map(lambda n: _read_page(path, n, options), todo):
                if not page.error:
                    cache.put(page.number, page.text, page.confidence)
                done[page.number] = page
    return [done[n] for n in numbers]


def _check_tesseract(path: Path, options: OcrOptions) -> None:
    if shutil.which(options.command) is None:
        raise UnreadableDocumentError(
            path,
            f"scanned pages need OCR, and the Tesseract program '{options.command}' was not found "
            "(ingest.ocr_command): install it (apt-get install tesseract-ocr tesseract-ocr-eng, "
            'or run tests/setup.sh), or set ingest.ocr = "never" to skip scans',
        )
    installed = _languages(options.command)
    missing = [lang for lang in options.languages.split("+") if lang not in installed]
    if missing:
        raise UnreadableDocumentError(
            path,
            f"OCR language data missing for {', '.join(missing)} (ingest.ocr_languages="
            f"'{options.languages}'): install tesseract-ocr-{missing[0]}, or change ingest.ocr_languages",
        )


def _languages(command: str) -> set[str]:
    import subprocess

    try:
        out = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {line.strip() for line in (out.stdout + out.stderr).splitlines()[1:] if line.strip()}


def _limit(workers: int) -> threading.BoundedSemaphore:
    with _LIMITS_LOCK:
        return _LIMITS.setdefault(workers, threading.BoundedSemaphore(workers))


def _read_page(path: Path, number: int, options: OcrOptions) -> OcrPage:
    import pytesseract

    # pytesseract starts tesseract with this process's environment; one thread per process.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pytesseract.pytesseract.tesseract_cmd = options.command
    with _limit(options.workers):
        started = time.perf_counter()
        try:
            image = _render(path, number, options.dpi)
        except Exception as exc:  # a page pdfium cannot draw: reported, the other pages go on
            return OcrPage(number, error=f"page {number} could not be rendered for OCR ({exc})")
        try:
            data = pytesseract.image_to_data(
                image,
                lang=options.languages,
                output_type=pytesseract.Output.DICT,
                timeout=options.page_timeout_s,
            )
        except RuntimeError as exc:  # pytesseract's time-out, after killing tesseract
            if "timeout" not in str(exc).lower():
                raise
            return OcrPage(
                number,
                error=f"OCR of page {number} ran over {options.page_timeout_s:g} s "
                "(ingest.ocr_page_timeout_s): the page was skipped",
            )
        except pytesseract.TesseractError as exc:
            return OcrPage(number, error=f"OCR of page {number} failed: {exc.message.strip()}")
    text, confidence = page_text(data)
    log.debug("%s: OCR of page %d took %.1f s", path, number, time.perf_counter() - started)
    return OcrPage(number, text, confidence)


def _render(path: Path, number: int, dpi: int):  # -> PIL.Image.Image
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            page = pdf[number - 1]
            try:
                # a copy: the bitmap's memory goes with the closed page
                return page.render(scale=dpi / 72, grayscale=True).to_pil().copy()
            finally:
                page.close()
        finally:
            pdf.close()


def page_text(data: dict[str, list]) -> tuple[str, float]:
    """Tesseract's word table -> page text and mean word confidence.

    Words join into Tesseract's lines; a blank line separates its paragraphs, as in a text layer
    whose paragraphs the PDF loader then finds by their numbers and blank lines.
    """
    lines: list[str] = []
    words: list[str] = []
    confidences: list[float] = []
    key: tuple[int, int, int] | None = None
    paragraph: tuple[int, int] | None = None
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        confidence = float(data["conf"][i])
        if not word or confidence < 0:
            continue
        here = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if here != key:
            if words:
                lines.append(" ".join(words))
                words = []
            if paragraph is not None and here[:2] != paragraph:
                lines.append("")
            key, paragraph = here, here[:2]
        words.append(word)
        confidences.append(confidence)
    if words:
        lines.append(" ".join(words))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return "\n".join(lines), round(mean, 1)
