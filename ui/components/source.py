"""The source view of a citation: the PDF page (rendered by the server, cached here) or the
section text around the passage."""

from __future__ import annotations

from pathlib import PurePath

import streamlit as st

from assistant.types import Citation
from ui.components.resources import Context
from ui.formatting import escape_markdown, highlight_markdown, locator, ocr_note
from ui.sources import PageImage


@st.cache_data(max_entries=64, show_spinner="Rendering the page…")
def _page_image(_ctx: Context, url: str, passage_id: str, quote: str, version: str) -> PageImage:
    # Keyed by the server, the passage, the quote and the corpus version: a replaced file is
    # a new version, so its page is rendered again.
    return _ctx.server.page_image(passage_id, quote)


def render_source(ctx: Context, c: Citation) -> None:
    found = ctx.server.passage(c.passage_id, context=1)
    if found is None:
        st.warning("The index no longer holds this passage; showing the text cited.")
        _section(c, [])
        return
    passage, near, has_page = found
    if has_page and c.page is not None:
        _pdf(ctx, c)
        return
    if PurePath(c.source).suffix.lower() == ".pdf" and c.page is not None:
        st.warning(
            f"The source file is not on this machine ({escape_markdown(passage.source or c.source)}); "
            "showing the indexed text."
        )
    _section(c, near)


def _pdf(ctx: Context, c: Citation) -> None:
    from ui.components.resources import corpus_version

    quote = c.quote or c.text
    image = _page_image(ctx, ctx.url, c.passage_id, quote, corpus_version(ctx))
    where = f"{escape_markdown(c.title or c.doc_id)}, page {image.page}"
    if image.located:
        caption = f"{where}: the cited text is outlined."
    else:
        caption = f"{where}: the cited text could not be located on the page image; it reads: “{escape_markdown(quote[:300])}”"
    st.image(image.png, caption=caption + _scan_note(c), width="stretch")


def _scan_note(c: Citation) -> str:
    # A scan's text was read by OCR: the page image is the authority, the text may be wrong.
    return f" ({ocr_note(c.ocr_confidence)})" if c.ocr_confidence is not None else ""


def _section(c: Citation, passages: list) -> None:
    heading = " > ".join(x for x in (c.section, locator(c)) if x)
    if heading or c.ocr_confidence is not None:
        st.caption(escape_markdown(heading) + _scan_note(c))
    with st.container(border=True):
        if not passages:
            st.markdown(highlight_markdown(c.text, c.quote_start, c.quote_end))
        for p in passages:
            if p.passage_id == c.passage_id:
                # The whole cited passage is marked; the cited sentence within it is bold.
                st.markdown(f"**▶** {highlight_markdown(p.text, c.quote_start, c.quote_end)}")
            else:
                st.markdown(escape_markdown(" ".join(p.text.split())))
