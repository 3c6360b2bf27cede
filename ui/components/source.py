"""The source view of a citation: the PDF page (rendered once, cached) or the section text."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.types import Citation
from ui.components.resources import Context
from ui.formatting import escape_markdown, highlight_markdown, locator
from ui.sources import PageImage, render_pdf_page, section_context


@st.cache_data(max_entries=64, show_spinner="Rendering the page…")
def _page_image(path: str, pages: tuple[int, ...], quote: str, mtime: float) -> PageImage:
    # mtime is part of the key: a replaced file is rendered again.
    return render_pdf_page(path, list(pages), quote)


def render_source(ctx: Context, c: Citation) -> None:
    entry = ctx.engine.documents.get(c.doc_id)
    path = (
        Path(entry.source)
        if entry is not None and entry.source
        else ctx.settings.corpus_dir / c.source
    )
    if not path.is_file():
        st.warning(
            f"The source file is not on this machine ({escape_markdown(str(path))}); showing the indexed text."
        )
        _section(ctx, c)
        return
    if path.suffix.lower() == ".pdf" and c.page is not None:
        _pdf(ctx, c, path)
    else:
        _section(ctx, c)


def _pdf(ctx: Context, c: Citation, path: Path) -> None:
    passage = ctx.engine.passage(c.passage_id)
    pages = [c.page]
    if passage is not None and passage.page_end and passage.page_end != c.page:
        pages.append(passage.page_end)
    quote = c.quote or c.text
    image = _page_image(str(path), tuple(pages), quote, path.stat().st_mtime)
    where = f"{escape_markdown(c.title or c.doc_id)}, page {image.page}"
    if image.located:
        caption = f"{where}: the cited text is outlined."
    else:
        caption = f"{where}: the cited text could not be located on the page image; it reads: “{escape_markdown(quote[:300])}”"
    st.image(image.png, caption=caption, width="stretch")


def _section(ctx: Context, c: Citation) -> None:
    passages = section_context(ctx.engine, c.passage_id, window=1)
    heading = " > ".join(x for x in (c.section, locator(c)) if x)
    if heading:
        st.caption(escape_markdown(heading))
    with st.container(border=True):
        if not passages:
            st.markdown(highlight_markdown(c.text, c.quote_start, c.quote_end))
        for p in passages:
            if p.passage_id == c.passage_id:
                # The whole cited passage is marked; the cited sentence within it is bold.
                st.markdown(f"**▶** {highlight_markdown(p.text, c.quote_start, c.quote_end)}")
            else:
                st.markdown(escape_markdown(" ".join(p.text.split())))
