"""OCR of scanned PDF pages with the real Tesseract, on page images the tests draw with Pillow."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.errors import UnreadableDocumentError
from assistant.types import Passage
from ingest.loaders import load_document
from ingest.loaders.pdf_ocr import repair_symbols
from ingest.ocr import OcrOptions, page_text

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed (tests/setup.sh)"
)

DPI = 150  # small pages OCR in about a second; large type keeps them legible at this scale

SCAN = [
    ["United Nations S/2099/12", "", "Report of the Secretary-General", "",
     "1. The Mission deployed 27 military observers", "along the border in May."],
    ["2. The situation in the zone remained calm", "and the parties met twice."],
]  # fmt: skip


def scanned_pdf(path: Path, pages: Sequence[Sequence[str]], dpi: int = DPI) -> Path:
    """An image-only PDF: each page drawn as a picture of its lines (no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=dpi // 5)
    images = []
    for lines in pages:
        image = Image.new("L", (int(8.5 * dpi), 11 * dpi), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((dpi, dpi + i * dpi * 0.35), line, fill=0, font=font)
        images.append(image)
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def options(tmp_path: Path, **changes) -> OcrOptions:
    return OcrOptions(dpi=DPI, cache_dir=tmp_path / "ocr", **changes)


def test_scanned_pages_are_read_with_their_pages_and_paragraph_numbers(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN)
    doc = load_document(path, ocr=options(tmp_path))
    assert sorted(doc.ocr_pages) == [1, 2]
    assert all(60 < c <= 100 for c in doc.ocr_pages.values())
    one = next(b for b in doc.blocks if b.paragraph == "1")
    two = next(b for b in doc.blocks if b.paragraph == "2")
    assert (one.page, two.page) == (1, 2)
    assert "27 military observers" in one.text and "remained calm" in two.text
    assert doc.symbol_hint == "S/2099/12"
    assert doc.notes == ()


def test_ocr_passages_say_so_with_their_confidence_through_the_ledger_metadata(
    tmp_path: Path, token_counter
) -> None:
    from assistant.settings import ChunkingSettings
    from assistant.types import DocumentRecord
    from ingest.chunking import split_document

    doc = load_document(scanned_pdf(tmp_path / "scan.pdf", SCAN), ocr=options(tmp_path))
    record = DocumentRecord(doc_id="scan", title="Scan")
    passages = split_document(doc, record, token_counter, ChunkingSettings())
    assert passages and all(p.ocr_confidence is not None for p in passages)
    for p in passages:
        assert p.ocr_confidence == doc.ocr_pages[p.page]
        meta = p.to_metadata()
        assert meta["ocr"] is True and meta["ocr_confidence"] == p.ocr_confidence
        assert Passage.from_metadata(p.passage_id, p.text, meta) == p


def test_text_layer_pages_are_not_ocrd_in_auto(tmp_path: Path, make_pdf) -> None:
    path = make_pdf([["1. A report with a text layer.", "It needs no OCR."]])
    # a missing program would fail any OCR: auto must not try
    doc = load_document(path, ocr=options(tmp_path, command="/nonexistent/tesseract"))
    assert doc.ocr_pages == {} and "text layer" in doc.text


def test_text_layer_passages_carry_no_ocr_metadata() -> None:
    passage = Passage("d:0000-x", "d", "text", 0, 0, 4)
    assert passage.ocr_confidence is None and "ocr" not in passage.to_metadata()


def test_never_refuses_a_scan_and_names_the_setting(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN[:1])
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path, ocr=options(tmp_path, mode="never"))
    assert "no text layer" in err.value.reason and 'ingest.ocr = "auto"' in err.value.reason


def test_missing_tesseract_is_one_clear_line_naming_the_file_and_the_fix(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN[:1])
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path, ocr=options(tmp_path, command="/nonexistent/tesseract"))
    assert err.value.path == str(path) and str(path) in str(err.value)
    assert "apt-get install tesseract-ocr" in err.value.reason and "\n" not in str(err.value)


def test_missing_language_data_names_the_package(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN[:1])
    with pytest.raises(UnreadableDocumentError, match="install tesseract-ocr-xyz"):
        load_document(path, ocr=options(tmp_path, languages="eng+xyz"))


def test_a_reingest_reads_the_cache_not_tesseract(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN)
    first = load_document(path, ocr=options(tmp_path))
    assert len(list((tmp_path / "ocr").glob("*.json"))) == 1
    copy = tmp_path / "moved" / "same-scan.pdf"  # the cache is keyed by content, not path
    copy.parent.mkdir()
    shutil.copy(path, copy)
    # without a Tesseract program the second read can only come from the cache
    again = load_document(copy, ocr=options(tmp_path, command="/nonexistent/tesseract"))
    assert again.text == first.text and again.ocr_pages == first.ocr_pages


def test_a_page_over_its_time_limit_is_noted_and_the_other_pages_indexed(
    tmp_path: Path, make_pdf
) -> None:
    text_page = make_pdf([["1. The first page has a text layer and is kept."]], name="text.pdf")
    scan = scanned_pdf(tmp_path / "scan.pdf", SCAN[1:])
    writer = PdfWriter()
    for source in (PdfReader(text_page), PdfReader(scan)):
        for page in source.pages:
            writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    writer.write(mixed)
    doc = load_document(mixed, ocr=options(tmp_path, page_timeout_s=0.01))
    assert "text layer and is kept" in doc.text and doc.ocr_pages == {}
    assert len(doc.notes) == 1 and "page 2" in doc.notes[0] and "ocr_page_timeout_s" in doc.notes[0]
    assert not list((tmp_path / "ocr").glob("*.json"))  # a failed page is not cached


def test_a_scan_whose_pages_all_fail_is_refused_with_the_reasons(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN[:1])
    with pytest.raises(UnreadableDocumentError, match="ran over 0.01 s"):
        load_document(path, ocr=options(tmp_path, page_timeout_s=0.01))


def test_low_confidence_pages_are_noted(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN[:1])
    doc = load_document(path, ocr=options(tmp_path, low_confidence=100.0))
    assert len(doc.notes) == 1 and doc.notes[0].startswith("page 1: OCR confidence")


def test_page_text_joins_words_into_lines_and_parts_paragraphs() -> None:
    data = {
        "text": ["", "1.", "The", "mission", "", "It", "ended."],
        "conf": [-1, 90, 80, 70, -1, 60, 100],
        "block_num": [1, 1, 1, 1, 1, 1, 1],
        "par_num": [1, 1, 1, 1, 2, 2, 2],
        "line_num": [1, 1, 1, 2, 1, 1, 1],
    }
    assert page_text(data) == ("1. The\nmission\n\nIt ended.", 80.0)


def test_pages_under_the_minimum_confidence_are_noted_not_indexed(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", SCAN[:1])
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path, ocr=options(tmp_path, min_confidence=100.0))
    assert "OCR found no text" in err.value.reason
    assert "ingest.ocr_min_confidence): not indexed" in err.value.reason


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("$/1995/836 cooperated", "S/1995/836 cooperated"),
        ("(S$/1995/251, para. 14)", "(S/1995/251, para. 14)"),
        ("S2002/713", "S/2002/713"),
        ("United Nations S 2002/1101", "United Nations S/2002/1101"),
        ("§/25123", "S/25123"),
        ("GENERAL $/25085/Ada.1", "GENERAL S/25085/Add.1"),
        ("US$/1995", "US$/1995"),
        ("3. Text.\n4, The incident", "3. Text.\n4. The incident"),
        ("of 1,331, as follows", "of 1,331, as follows"),
        (
            "V ‘ \\) Security Council\n(( \\) Security Council Distr.: General",
            "Security Council\nSecurity Council Distr.: General",
        ),
        (
            "(b) An infantry battalion\nA. Security Council",
            "(b) An infantry battalion\nA. Security Council",
        ),
        ("Sector 2002/713", "Sector 2002/713"),
    ],
)
def test_usual_misreadings_of_un_symbols_are_put_right(read: str, meant: str) -> None:
    assert repair_symbols(read) == meant


def test_ingest_without_tesseract_fails_the_scan_alone_and_indexes_the_rest(
    tmp_path: Path, embedder
) -> None:
    from assistant.index import Ledger
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    scan = scanned_pdf(corpus / "scan.pdf", SCAN[:1])
    (corpus / "note.md").write_text("# Note\n\nPatrols met the elders.\n", encoding="utf-8")
    settings = make_settings(
        tmp_path / "home", corpus_dir=corpus, ingest={"ocr_command": "/nonexistent/tesseract"}
    )
    summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
    assert summary.added == 1 and len(summary.failed) == 1
    failure = str(summary.failed[0])
    assert failure.startswith(str(scan)) and "Tesseract program" in failure
    assert "\n" not in failure
    assert [p.doc_id for p in Ledger(settings.ledger_path).passages()] != []


def test_ingest_reads_a_scan_and_its_passages_say_ocr_in_the_ledger(
    tmp_path: Path, embedder
) -> None:
    from assistant.index import Ledger
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    scanned_pdf(corpus / "scan.pdf", SCAN)
    settings = make_settings(tmp_path / "home", corpus_dir=corpus, ingest={"ocr_dpi": DPI})
    summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
    assert (summary.added, summary.failed, summary.ocr_pages) == (1, [], 2)
    assert "OCR'd pages 2" in summary.line()
    passages = list(Ledger(settings.ledger_path).passages())
    assert passages and all((p.ocr_confidence or 0) > 60 for p in passages)
    assert list((tmp_path / "home" / "ocr").glob("*.json"))  # cached under the home
