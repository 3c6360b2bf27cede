"""Citations shown in their source: PDF pages with the quote outlined, and section context."""

from __future__ import annotations

import io

from PIL import Image

from assistant.text import split_sentences
from ui.sources import render_pdf_page, section_context


def pdf_passage(engine):
    return next(
        p
        for p in sorted(engine.passages(), key=lambda p: p.passage_id)
        if p.source.endswith(".pdf") and p.page and p.page > 1 and len(split_sentences(p.text)) > 2
    )


def test_the_cited_sentence_is_outlined_on_its_pdf_page(engine) -> None:
    p = pdf_passage(engine)
    start, end = split_sentences(p.text)[1]
    source = engine.documents[p.doc_id].source

    found = render_pdf_page(source, [p.page], p.text[start:end])
    plain = render_pdf_page(source, [p.page], "")

    assert found.located and found.page == p.page and not plain.located
    with Image.open(io.BytesIO(found.png)) as a, Image.open(io.BytesIO(plain.png)) as b:
        assert a.size == b.size and a.size[0] > 800  # rendered at 1.5x, a readable page
        assert a.tobytes() != b.tobytes()  # the outline changed pixels


def test_a_quote_not_on_the_page_is_reported_not_outlined(engine) -> None:
    p = pdf_passage(engine)
    image = render_pdf_page(
        engine.documents[p.doc_id].source, [p.page], "Submarines patrol Lake Victoria nightly."
    )
    assert not image.located and image.page == p.page
    assert image.png.startswith(b"\x89PNG")


def test_out_of_range_pages_fall_back_to_the_first(engine) -> None:
    p = pdf_passage(engine)
    assert render_pdf_page(engine.documents[p.doc_id].source, [9999]).page == 1


def test_section_context_is_the_passage_and_its_neighbours_in_order(engine) -> None:
    doc = next(d for d in engine.documents.values() if d.source.endswith(".md") and d.passages > 10)
    passages = sorted(
        (p for p in engine.passages() if p.doc_id == doc.doc_id), key=lambda p: p.ordinal
    )
    i = next(
        i
        for i in range(1, len(passages) - 1)
        if passages[i - 1].section == passages[i].section == passages[i + 1].section
    )
    context = section_context(engine, passages[i].passage_id, window=1)
    assert [c.passage_id for c in context] == [p.passage_id for p in passages[i - 1 : i + 2]]
    assert section_context(engine, "no-such-passage") == []
