"""Showing a citation in its source: a PDF page as an image with the cited sentence outlined, or
the passages around it for text documents. No Streamlit here; the component caches the results."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from assistant.retrieval import Engine
from assistant.types import Passage

PDF_SCALE = 1.5  # 108 dpi: readable in the browser, about 0.2 s a page here
_HIGHLIGHT = (255, 170, 0)
_FRAGMENT = 60  # alphanumerics of the quote tried alone when the whole quote is not on one page


@dataclass(frozen=True)
class PageImage:
    png: bytes
    page: int  # 1-based
    located: bool  # whether the quote was found and outlined


def render_pdf_page(
    path: Path | str, pages: list[int], quote: str = "", *, scale: float = PDF_SCALE
) -> PageImage:
    """The first of ``pages`` (1-based) that holds ``quote`` (else the first page), as a PNG with
    the quote's text boxes outlined."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(str(path))
    try:
        valid = [p for p in pages if 1 <= p <= len(pdf)] or [1]
        chosen, boxes = valid[0], []
        for number in valid:
            boxes = _find_boxes(pdf[number - 1], quote) if quote else []
            if boxes:
                chosen = number
                break
        page = pdf[chosen - 1]
        height = page.get_height()
        image = page.render(scale=scale).to_pil().convert("RGBA")
    finally:
        pdf.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for left, bottom, right, top in boxes:
            rect = (
                left * scale - 2,
                (height - top) * scale - 2,
                right * scale + 2,
                (height - bottom) * scale + 2,
            )
            draw.rectangle(rect, fill=(*_HIGHLIGHT, 70), outline=(*_HIGHLIGHT, 255), width=2)
        image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return PageImage(out.getvalue(), chosen, bool(boxes))


def _find_boxes(page, quote: str) -> list[tuple[float, float, float, float]]:
    """Text boxes (PDF units) of ``quote`` on ``page``, matching letters and digits only, so line
    breaks, hyphenation and spacing in the PDF do not matter."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # indices would not line up with characters
            return []
        stream, index = _alnum_stream(text)
        wanted, _ = _alnum_stream(quote)
        if not wanted:
            return []
        start = stream.find(wanted)
        length = len(wanted)
        if start < 0:  # the quote runs onto the next page: outline the part on this one
            for fragment in (wanted[:_FRAGMENT], wanted[-_FRAGMENT:]):
                start = stream.find(fragment)
                if start >= 0:
                    length = len(fragment)
                    break
        if start < 0:
            return []
        first, last = index[start], index[start + length - 1]
        count = textpage.count_rects(first, last - first + 1)
        return [textpage.get_rect(i) for i in range(count)]
    finally:
        textpage.close()


def _alnum_stream(text: str) -> tuple[str, list[int]]:
    """Lower-cased letters and digits of ``text`` and, for each, its index in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            chars.append(ch.lower())
            index.append(i)
    return "".join(chars), index


def section_context(engine: Engine, passage_id: str, *, window: int = 2) -> list[Passage]:
    """The cited passage with up to ``window`` neighbours each side from the same section,
    in document order: the reading context of a citation in a text document."""
    cited = engine.passage(passage_id)
    if cited is None:
        return []
    siblings = sorted(
        (p for p in engine.passages() if p.doc_id == cited.doc_id and p.section == cited.section),
        key=lambda p: p.ordinal,
    )
    at = next(i for i, p in enumerate(siblings) if p.passage_id == passage_id)
    return siblings[max(at - window, 0) : at + window + 1]
