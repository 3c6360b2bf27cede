"""Loaders: real corpus files, small files under tests/data/loaders, PDFs written by the tests."""

from __future__ import annotations

import csv
import logging
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from assistant.errors import UnreadableDocumentError, UnsupportedTypeError
from assistant.types import ExtractedDocument
from ingest.loaders import SUPPORTED_SUFFIXES, load_document
from ingest.loaders.assembly import continues
from ingest.loaders.pdf import NO_TEXT

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
DATA = REPO / "tests" / "data" / "loaders"
SG_REPORTS = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "un-sg-reports"
)  # ../shared beside the clone

# A three-page report in the layout of UN documents: masthead, running lines, a paragraph that
# runs over a page break, a word hyphenated over a line break, a footnote under a rule.
REPORT_PAGES = [
    [
        " United Nations  S/2099/123",
        "",
        "Security Council",
        "",
        "Distr.: General",
        "9 October 2099",
        "",
        "Original: English",
        "",
        "99-12345 (E)    111099",
        "*9912345*",
        "",
        "  Report of the Secretary-General on the Test Mission",
        "",
        "",
        " I. Introduction",
        "",
        "",
        "1. The present report describes the reconstruction of the mission and the work of",
        "the team. It covers the period from January to June.",
        "2. The mission continued its work on the recon-",
        "struction of public buildings in the region, and its",
        [
            ("Special Representative met the President", 10.0, 0.0),
            ("1", 6.5, 3.0),
            (" in", 10.0, 0.0),
        ],
        "",
        ("__________________", 10.0),
        ("1 The meeting took place in the capital city.", 8.0),
    ],
    [
        "S/2099/123",
        "",
        "99-12345 2/3",
        "",
        "capital on 3 May to discuss the handover of tasks to the national authorities.",
        "",
        "",
        " A. Political situation",
        "",
        "",
        "3. The political situation remained calm throughout the period under review.",
        "(a) First item of the list;",
        "(b) Second item of the list.",
        "",
        "99-12345",
    ],
    [
        " S/2099/123",
        "",
        "3/3 99-12345",
        "",
        " II. Observations",
        "",
        "",
        "4. I thank all staff for their dedication to the reconstruction of the country.",
        "",
    ],
]


def assert_offsets(doc: ExtractedDocument) -> None:
    previous_end = 0
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
        assert block.text == block.text.strip() and block.text
        assert block.start >= previous_end
        previous_end = block.end


# -- dispatch -----------------------------------------------------------------------------------


def test_unsupported_suffix_names_the_type_and_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.odt"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedTypeError) as err:
        load_document(path)
    assert (
        err.value.reason
        == "unsupported file type '.odt': pocdoc reads .pdf, .docx, .md, .txt, .html"
    )
    assert str(path) in str(err.value)


def test_suffix_is_matched_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "NOTE.TXT"
    path.write_text("Title\n\nSome text.\n", encoding="utf-8")
    assert load_document(path).title_hint == "Title"
    assert set(SUPPORTED_SUFFIXES) == {".pdf", ".md", ".markdown", ".txt", ".html", ".htm", ".docx"}


@pytest.mark.parametrize("name", ["gone.pdf", "gone.md", "gone.txt", "gone.html"])
def test_missing_file_is_reported_as_not_found(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnreadableDocumentError, match="file not found"):
        load_document(tmp_path / name)


# -- plain text -----------------------------------------------------------------------------------


def test_text_title_headings_and_footnotes_of_the_side_event_summary(corpus_document) -> None:
    doc = corpus_document("poc-week-2022-side-event-summary.txt")
    assert_offsets(doc)
    assert (
        doc.title_hint
        == "PoC in UN Peace Operations: Lessons from UN Peacekeeping and Special Political Missions"
    )
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert {"Challenging Contexts", "Good Practices and Lessons Learned", "Looking Ahead"} <= set(
        headings
    )
    note4 = next(b for b in doc.blocks if b.paragraph == "note 4")
    assert note4.kind == "footnote" and note4.section == ("Challenging Contexts",)
    # the paragraph the footnote interrupted is one block again
    joined = next(b for b in doc.blocks if "High-level Panel on Peace Operation" in b.text)
    assert "Peace Operation (HIPPO) Report⁷, the Kigali Principles" in joined.text


def test_text_small_file(tmp_path: Path) -> None:
    doc = load_document(DATA / "note.txt")
    assert_offsets(doc)
    assert doc.title_hint == "Field note on protection"
    assert [(b.kind, b.section) for b in doc.blocks] == [
        ("heading", ()),
        ("paragraph", ()),
        ("heading", ("Findings",)),
        ("paragraph", ("Findings",)),
        ("paragraph", ("Findings",)),
        ("footnote", ("Findings",)),
    ]
    assert doc.blocks[4].paragraph == "12"


def test_text_with_bom_and_crlf_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle line\r\n\r\nBody text here.\r\n".encode("utf-8"))
    doc = load_document(path)
    assert doc.title_hint == "Title line" and doc.text == "Title line\n\nBody text here."


def test_latin1_text_is_refused_with_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Résumé of the meeting".encode("latin-1"))
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path)
    assert err.value.reason == "not valid UTF-8 text at byte 1: re-save the file as UTF-8"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n  "])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_empty_file_is_an_empty_document(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocumentError, match="empty document"):
        load_document(path)


def test_binary_bytes_in_a_text_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"abc\x00\x01\x02")
    with pytest.raises(UnreadableDocumentError, match="NUL bytes"):
        load_document(path)


# -- Markdown -------------------------------------------------------------------------------------


def test_markdown_treaty_heading_paths_on_a_slice_of_gc_iv(tmp_path: Path) -> None:
    lines = (
        (CORPUS / "ihl" / "geneva-convention-iv-1949.md").read_text(encoding="utf-8").split("\n")
    )
    path = tmp_path / "gc4-slice.md"
    path.write_text("\n".join(lines[:160]), encoding="utf-8")
    doc = load_document(path)
    assert_offsets(doc)
    assert doc.title_hint.startswith(
        "GENEVA CONVENTION RELATIVE TO THE PROTECTION OF CIVILIAN PERSONS"
    )
    art1 = next(b for b in doc.blocks if b.kind == "paragraph" and b.paragraph == "Art. 1")
    assert art1.section == ("PART I — GENERAL PROVISIONS", "Article 1")
    art27 = [b for b in doc.blocks if b.paragraph == "Art. 27"]
    assert art27[0].kind == "heading" and art27[0].text == "Article 27"
    assert art27[1].text.startswith("Protected persons are entitled, in all circumstances")
    assert art27[1].section == (
        "PART III — STATUS AND TREATMENT OF PROTECTED PERSONS",
        "SECTION I — PROVISIONS COMMON TO THE TERRITORIES OF THE PARTIES TO THE CONFLICT AND TO OCCUPIED TERRITORIES",
        "Article 27",
    )
    preamble = doc.blocks[1]
    assert preamble.section == () and preamble.text.startswith("The undersigned Plenipotentiaries")


def test_markdown_article_titles_join_the_article_in_protocol_i(corpus_document) -> None:
    doc = corpus_document("ihl/additional-protocol-i-1977.md")
    assert_offsets(doc)
    art51 = next(b for b in doc.blocks if b.kind == "paragraph" and b.paragraph == "Art. 51")
    assert art51.section == (
        "PART IV — CIVILIAN POPULATION",
        "SECTION I — GENERAL PROTECTION AGAINST EFFECTS OF HOSTILITIES",
        "Chapter II — CIVILIANS AND CIVILIAN POPULATION",
        "Article 51 — Protection of the civilian population",
    )
    assert (
        "![" not in doc.text and "http://wetten.overheid.nl" not in doc.text
    )  # image links dropped
    assert "[*)No State has used the emblem of the lion and sun since 1980.]" in doc.text


def test_markdown_policy_note_outline_and_footnotes(corpus_document) -> None:
    doc = corpus_document("future-of-poc-in-un-peacekeeping.md")
    assert_offsets(doc)
    assert (
        doc.title_hint == "The Future of the Protection of Civilians in UN Peacekeeping Operations"
    )
    for junk in ("<sup>", "**", "&lt;", "\\_"):
        assert junk not in doc.text
    note1 = next(b for b in doc.blocks if b.paragraph == "note 1")
    assert note1.kind == "footnote" and note1.text.startswith("[1] For example, as a DPKO Office")
    assert note1.section == ("A. MANDATING", "The POC agenda under stress")
    grey = next(
        b for b in doc.blocks if b.text.startswith("These conflicts create significant concern")
    )
    assert grey.section == ("B. POC THREATS & CHALLENGES", '"Grey zone" and hybrid conflict')
    assert (
        "ceasefire monitoring missions in strategic (grey zone) areas might have no POC mandate"
        in grey.text
    )
    recommendations = {
        b.section
        for b in doc.blocks
        if b.section[:1] == ("RECOMMENDATIONS AND OPTIONS FOR THE SECRETARIAT",)
    }
    assert ("RECOMMENDATIONS AND OPTIONS FOR THE SECRETARIAT", "Policy issues") in recommendations
    assert "scope of POC.[1] At the same time" in doc.text


def test_markdown_small_file_constructs(tmp_path: Path) -> None:
    doc = load_document(DATA / "guide.md")
    assert_offsets(doc)
    assert doc.title_hint == "Field guide"
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["Scope"].section == ("Scope",)
    assert by_text["Details"].section == ("Scope", "Details")
    assert by_text["- first item with a continued line"].kind == "list"
    assert by_text["code stays as it is"].section == ("Scope", "Details")
    assert by_text["[a] A footnote in the GitHub style."].kind == "footnote"
    assert by_text["Setext heading"].kind == "heading"
    assert by_text["cell one | cell two"].kind == "table"
    assert by_text["Emphasis, a link and code are plain text."].paragraph == ""


# -- HTML -----------------------------------------------------------------------------------------


def test_html_drops_furniture_and_keeps_structure() -> None:
    doc = load_document(DATA / "page.html")
    assert_offsets(doc)
    assert doc.title_hint == "Protection handbook page"
    for furniture in ("var tracking", "color: red", "Site menu", "Site banner", "Copyright"):
        assert furniture not in doc.text
    blocks = {b.text: b for b in doc.blocks}
    assert (
        blocks["Protection handbook"].kind == "heading"
        and blocks["Protection handbook"].section == ()
    )
    assert blocks["Tiers of protection"].section == ("Tiers of protection",)
    assert blocks["Tier one is protection through dialogue and engagement."].section == (
        "Tiers of protection",
        "Tier one",
    )
    assert blocks["Physical protection"].kind == "list"
    assert blocks["Cell A1; Cell B1"].kind == "table"  # a row without headers: its cells
    assert blocks["A quoted line."].kind == "paragraph"
    assert "Text with a line break and bold words in it." in blocks


def test_html_title_falls_back_to_the_first_h1(tmp_path: Path) -> None:
    path = tmp_path / "t.htm"
    path.write_text("<html><body><h1>Only heading</h1><p>Text.</p></body></html>", encoding="utf-8")
    assert load_document(path).title_hint == "Only heading"


def test_html_in_a_declared_charset_loads_and_undeclared_latin1_is_refused(tmp_path: Path) -> None:
    declared = tmp_path / "declared.html"
    declared.write_bytes('<meta charset="iso-8859-1"><p>Résumé</p>'.encode("latin-1"))
    assert "Résumé" in load_document(declared).text
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes("<p>Résumé</p>".encode("latin-1"))
    with pytest.raises(UnreadableDocumentError, match="not valid UTF-8 text at byte 4"):
        load_document(undeclared)


# -- PDF: files written by the test -----------------------------------------------------------------


def test_pdf_report_structure_pages_and_hints(make_pdf) -> None:
    doc = load_document(make_pdf(REPORT_PAGES))
    assert_offsets(doc)
    assert doc.page_count == 3
    assert (doc.title_hint, doc.symbol_hint, doc.date_hint) == (
        "Report of the Secretary-General on the Test Mission",
        "S/2099/123",
        "2099-10-09",
    )
    for running in ("S/2099/123", "99-12345", "*9912345*", "Distr.", "Original:", "2/3"):
        assert running not in doc.text
    blocks = [b for b in doc.blocks if b.kind != "heading"]
    assert [(b.page, b.paragraph, b.kind) for b in blocks] == [
        (1, "1", "paragraph"),
        (1, "2", "paragraph"),
        (2, "2", "paragraph"),
        (1, "note 1", "footnote"),
        (2, "3", "paragraph"),
        (2, "3", "list"),
        (2, "3", "list"),
        (3, "4", "paragraph"),
    ]
    first, second = blocks[1], blocks[2]
    assert continues(doc, first, second) and not continues(doc, blocks[0], first)
    assert first.text.endswith("met the President[1] in") and second.text.startswith(
        "capital on 3 May"
    )
    assert (
        "the reconstruction of public buildings" in first.text
    )  # "recon-" + "struction": a word seen elsewhere
    assert blocks[3].text == "[1] The meeting took place in the capital city."
    assert blocks[4].section == ("I. Introduction", "A. Political situation")
    assert blocks[-1].section == ("II. Observations",)


def test_encrypted_pdf_with_a_user_password_is_refused(make_pdf, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(make_pdf(REPORT_PAGES)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path)
    assert err.value.reason.startswith(
        "encrypted PDF that needs a password to open: remove the password"
    )


def test_aes_pdf_that_opens_with_an_empty_password_loads(make_pdf, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(make_pdf(REPORT_PAGES)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    doc = load_document(path)
    assert doc.symbol_hint == "S/2099/123" and any(b.paragraph == "4" for b in doc.blocks)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.4\n1 0 obj garbage \x00\xff no xref", "corrupt PDF"),
        (b"<html>not a pdf</html>", "not a PDF (no %PDF- header)"),
    ],
)
def test_corrupt_or_foreign_bytes_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path)
    assert err.value.reason.startswith(reason) and "re-download" in err.value.reason


def test_pdf_without_pages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    PdfWriter().write(path)
    with pytest.raises(UnreadableDocumentError, match="PDF has no pages: re-export"):
        load_document(path)


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    writer.write(path)
    with pytest.raises(UnreadableDocumentError) as err:
        load_document(path)
    assert err.value.reason == NO_TEXT and "ocrmypdf" in NO_TEXT


def test_pypdf_warnings_go_to_the_log_not_stderr(make_pdf, capfd, caplog) -> None:
    path = make_pdf(REPORT_PAGES, startxref_offset=7)  # pypdf warns about the bad startxref
    with caplog.at_level(logging.DEBUG, logger="ingest.loaders.pdf"):
        doc = load_document(path)
    assert doc.page_count == 3
    assert capfd.readouterr().err == ""
    assert any("pypdf" in r.getMessage() for r in caplog.records if r.name == "ingest.loaders.pdf")
    assert logging.getLogger("pypdf").propagate  # restored afterwards


def test_pdf_date_is_the_mastheads_even_when_ocr_garbled_its_month(make_pdf) -> None:
    # a scanned 1995 report: the masthead says "23 N:,srember 1995"; paragraph 1 recalls the
    # resolutions "of 30 March 1995", which is not the report's date
    page = [
        "UNITED NATIONS",
        "Security Council Distr. GENERAL",
        "S/1995/987",
        "23 N:,srember 1995",
        "ORIGINAL: ENGLISH",
        "REPORT OF THE SECRETARY-GENERAL",
        "1. In its resolutions 981 (1995) and 983 (1995) of 30 March 1995, the Council",
        "decided to establish three missions.",
    ]
    assert load_document(make_pdf([page])).date_hint == "1995-11-23"
    distr = ["S/1995/987", "Distr. 1995", *page[6:]]  # no masthead date: the first one, as before
    assert load_document(make_pdf([distr])).date_hint == "1995-03-30"


def test_a_scanned_masthead_is_read_before_the_symbols_its_report_cites(make_pdf) -> None:
    # OCR lowered the "S" and put a stop for the space; paragraph 1 cites an earlier report
    page = [
        "UNITED NATIONS",
        "Security Council Distr. GENERAL",
        "s/21509",
        "26.October 1990",
        "ORIGINAL: ENGLISH",
        "1. On 4 May 1990, the Council approved the report contained in document",
        "S/21274 and addendum 1.",
    ]
    doc = load_document(make_pdf([page]))
    assert (doc.symbol_hint, doc.date_hint) == ("S/21509", "1990-10-26")
    page[3] = "11 21.ugust 1997"  # a month OCR opened with digits
    assert load_document(make_pdf([page])).date_hint == "1997-08-11"


# -- PDF: the bundled reports and the larger collection ---------------------------------------------


def test_real_report_paragraphs_pages_and_hints(corpus_document) -> None:
    doc = corpus_document("reports/MINUJUSTH_S_2019_805.pdf")
    assert_offsets(doc)
    assert (doc.symbol_hint, doc.date_hint, doc.page_count) == ("S/2019/805", "2019-10-09", 33)
    assert (
        doc.title_hint
        == "United Nations Mission for Justice Support in Haiti: Report of the Secretary-General"
    )
    para7 = next(b for b in doc.blocks if b.paragraph == "7")
    assert para7.page == 3 and para7.text.startswith(
        "7. The arrest on 22 July of a notorious gang leader"
    )
    assert para7.section == (
        "II. Significant developments",
        "A. Political situation and related security developments",
    )
    para3 = [b for b in doc.blocks if b.paragraph == "3" and not b.section[0].startswith("Annex")]
    assert [b.page for b in para3] == [1, 2] and continues(doc, para3[0], para3[1])
    assert para3[1].text.startswith("Michel. On 24 July, a 22-member cabinet")
    para10 = next(b for b in doc.blocks if b.paragraph == "10")
    assert para10.section == ("II. Significant developments", "B. Humanitarian situation")
    for running in ("19-16958", "*1916958*", "3/33", "Distr.: General"):
        assert running not in doc.text


def test_split_words_from_the_extractor_are_rejoined(corpus_document) -> None:
    doc = corpus_document("reports/UNMIT_S_2012_765.pdf")
    heading = next(b for b in doc.blocks if b.kind == "heading" and b.text.startswith("II."))
    assert heading.text == "II. Political developments since 7 January 2012"
    assert "the post-UNMIT United Nations role in the country. My Special" in doc.text


def _scanned_reports() -> list[Path]:
    manifest = SG_REPORTS / "manifest.csv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return [
            SG_REPORTS / row["file"]
            for row in csv.DictReader(fh)
            if row["text_layer"].startswith("no")
        ]


@pytest.mark.skipif(
    not SG_REPORTS.exists(), reason="the 337-report collection is not on this machine"
)
def test_scanned_reports_of_the_collection_ask_for_ocr() -> None:
    scanned = _scanned_reports()
    assert len(scanned) == 5
    for path in scanned:
        with pytest.raises(UnreadableDocumentError) as err:
            load_document(path)
        assert err.value.reason == NO_TEXT


@pytest.mark.slow
@pytest.mark.skipif(
    not SG_REPORTS.exists(), reason="the 337-report collection is not on this machine"
)
def test_a_sample_of_the_collection_loads() -> None:
    scanned = {p.name for p in _scanned_reports()}
    files = sorted(p for p in SG_REPORTS.glob("*.pdf") if p.name not in scanned)
    for path in random.Random(20).sample(files, 20):
        doc = load_document(path)
        assert_offsets(doc)
        assert doc.symbol_hint and any(b.paragraph for b in doc.blocks), path.name


# -- block offsets, for any input ------------------------------------------------------------------

_WORDS = st.text(
    alphabet=st.sampled_from("abcdefgh XYZ.,;:-*_#>[]()<>&¹²\t"), min_size=1, max_size=40
)
_LINES = st.lists(
    st.one_of(
        _WORDS,
        _WORDS.map(lambda w: "## " + w),
        _WORDS.map(lambda w: "<sup>3</sup> " + w),
        _WORDS.map(lambda w: "- " + w),
        _WORDS.map(lambda w: "12. " + w),
        _WORDS.map(lambda w: "### Article  4  " + w),
        st.just(""),
        st.just("```"),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=_LINES, suffix=st.sampled_from([".md", ".txt", ".html"]))
def test_block_text_is_its_slice_of_the_document(
    tmp_path: Path, lines: list[str], suffix: str
) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        doc = load_document(path)
    except UnreadableDocumentError as exc:
        assert "empty document" in exc.reason
        return
    assert_offsets(doc)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pages=st.lists(
        st.lists(
            st.one_of(_WORDS.map(str.strip), st.just(""), st.just("1. Numbered text here.")),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_pdf_block_text_is_its_slice_of_the_document(make_pdf, pages: list[list[str]]) -> None:
    try:
        doc = load_document(make_pdf(pages, name="prop.pdf"))
    except UnreadableDocumentError as exc:
        assert "no text layer" in exc.reason
        return
    assert_offsets(doc)
    assert all(b.page is not None and 1 <= b.page <= len(pages) for b in doc.blocks)


def test_every_bundled_document_keeps_its_offsets(corpus_document) -> None:
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in SUPPORTED_SUFFIXES and path.name not in ("README.md", "SOURCE.md"):
            assert_offsets(corpus_document(str(path.relative_to(CORPUS))))


def test_a_numbered_sub_heading_in_a_lettered_section_is_a_heading(make_pdf) -> None:
    """Old reports number sub-headings inside a lettered section ("2. Attacks on UNTAC
    personnel") while the paragraphs run on ("6. Eight members ..."): the sub-heading is a
    heading, and the paragraph after it keeps its own number."""
    page = [
        "REPORT OF THE SECRETARY-GENERAL",
        "",
        "1. The present report is submitted pursuant to resolution 745 (1992).",
        "",
        "2. It covers the period since my last report to the Council.",
        "",
        "E. Military Component",
        "",
        "3. The withdrawal went ahead as planned in all sectors of the country.",
        "",
        "1. Redeployment of the Military Component",
        "",
        "4. Liaison officers remained in Pailin until the end of April.",
        "",
        "2. Attacks on UNTAC personnel",
        "",
        "5. Eight members of UNTAC were killed between March and April 1993.",
        "",
        "6. The incidents were reported to the Security Council in my letter.",
    ]
    doc = load_document(make_pdf([page]))
    assert_offsets(doc)
    heading = next(b for b in doc.blocks if b.text == "2. Attacks on UNTAC personnel")
    assert heading.kind == "heading"
    killed = next(b for b in doc.blocks if b.text.startswith("5."))
    assert (killed.kind, killed.paragraph) == ("paragraph", "5")
    assert killed.section[-1] == "2. Attacks on UNTAC personnel"
    liaison = next(b for b in doc.blocks if b.text.startswith("4."))
    assert (liaison.paragraph, liaison.section[-1]) == (
        "4",
        "1. Redeployment of the Military Component",
    )
