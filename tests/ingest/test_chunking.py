"""Passage splitting: structure, sizes, pages, labels and stable ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.settings import ChunkingSettings
from assistant.types import DocumentRecord, ExtractedDocument, Passage
from ingest.chunking import split_document
from ingest.loaders import load_document
from ingest.loaders.assembly import DocumentAssembler
from ingest.tokens import TokenCounter

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DEFAULTS = ChunkingSettings()
BUNDLED = [
    "future-of-poc-in-un-peacekeeping.md",
    "poc-week-2022-side-event-summary.txt",
    "ihl/additional-protocol-i-1977.md",
    "ihl/additional-protocol-ii-1977.md",
    "ihl/geneva-convention-iv-1949.md",
    "reports/MINUJUSTH_S_2019_805.pdf",
    "reports/MINUSTAH_S_2017_223.pdf",
    "reports/UNMIK_S_2018_981.pdf",
    "reports/UNMIT_S_2012_765.pdf",
]


def record(doc_id: str = "doc", **fields: str) -> DocumentRecord:
    return DocumentRecord(doc_id=doc_id, title=fields.pop("title", "A title"), **fields)


def sentence(n: int) -> str:
    return f"Sentence number {n} says that protection of civilians needs a plan and the means to carry it out."


def check_passages(
    doc: ExtractedDocument,
    passages: list[Passage],
    counter: TokenCounter,
    chunking: ChunkingSettings,
) -> None:
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert len({p.passage_id for p in passages}) == len(passages)
    starts = [p.char_start for p in passages]
    assert starts == sorted(starts)
    for passage, tokens in zip(passages, counter.count_batch([p.text for p in passages])):
        assert passage.text == doc.text[passage.char_start : passage.char_end]
        assert passage.text == passage.text.strip() and passage.text
        assert tokens <= chunking.max_tokens, (passage.passage_id, tokens)
        assert len(passage.text) <= chunking.max_chars, (passage.passage_id, len(passage.text))
        assert re.fullmatch(
            rf"{re.escape(passage.doc_id)}:\d{{4}}-[0-9a-f]{{8}}", passage.passage_id
        )


# -- the bundled corpus -------------------------------------------------------------------------


@pytest.mark.parametrize("relative", BUNDLED)
def test_bundled_documents_split_into_exact_bounded_passages(
    relative, corpus_document, token_counter
) -> None:
    doc = corpus_document(relative)
    passages = split_document(doc, record(Path(relative).stem), token_counter, DEFAULTS)
    check_passages(doc, passages, token_counter, DEFAULTS)
    headings = {b.text for b in doc.blocks if b.kind == "heading"}
    assert not [
        p for p in passages if p.text in headings
    ]  # a heading is never a passage on its own
    # every paragraph, list item and footnote is inside some passage
    covered = [(p.char_start, p.char_end) for p in passages]
    for block in doc.blocks:
        if block.kind != "heading":
            assert any(s <= block.start and block.end <= e for s, e in covered) or _split_over(
                doc.text, block, covered
            )


def _split_over(text: str, block, covered) -> bool:
    """A long block cut into windows: the windows cover every non-space character of it together."""
    pos = block.start
    for s, e in sorted(covered):
        while pos < block.end and text[pos].isspace():
            pos += 1
        if s <= pos < e:
            pos = e
    return pos >= block.end


def test_passages_never_cross_a_section_or_mix_footnotes_with_text(
    corpus_document, token_counter
) -> None:
    for relative in BUNDLED:
        doc = corpus_document(relative)
        for passage in split_document(doc, record(), token_counter, DEFAULTS):
            inside = [
                b
                for b in doc.blocks
                if passage.char_start <= b.start
                and b.end <= passage.char_end
                and b.kind != "heading"
            ]
            assert {b.section for b in inside} <= {passage.section}, passage.passage_id
            assert len({b.kind == "footnote" for b in inside}) <= 1


def test_report_passages_carry_the_pages_of_their_paragraphs(
    corpus_document, token_counter
) -> None:
    doc = corpus_document("reports/MINUJUSTH_S_2019_805.pdf")
    passages = split_document(doc, record("minujusth"), token_counter, DEFAULTS)
    para7 = next(
        p for p in passages if "7. The arrest on 22 July of a notorious gang leader" in p.text
    )
    assert (para7.page, para7.page_end, para7.paragraph) == (3, None, "7")
    assert para7.section == (
        "II. Significant developments",
        "A. Political situation and related security developments",
    )
    para3 = next(
        p
        for p in passages
        if p.text.startswith("3. Haiti has remained without a functional government")
    )
    assert (para3.page, para3.page_end, para3.paragraph) == (1, 2, "3")
    first = passages[0]
    assert first.text.startswith(
        "1. The present report is submitted"
    )  # the title's headings are not passage text
    assert first.page == 1 and first.paragraph == "1"
    for passage in passages:  # only a paragraph that runs over a page break spans pages
        if passage.page_end is not None:
            assert passage.page_end == passage.page + 1


def test_treaty_article_passage_is_citable(corpus_document, token_counter) -> None:
    doc = corpus_document("ihl/geneva-convention-iv-1949.md")
    passages = split_document(
        doc,
        record("gc-iv", title="Geneva Convention IV", doc_type="treaty"),
        token_counter,
        DEFAULTS,
    )
    art27 = next(p for p in passages if p.paragraph == "Art. 27")
    assert art27.section[-1] == "Article 27" and art27.page is None
    assert art27.text.startswith(
        "Protected persons are entitled, in all circumstances"
    )  # headings are not text
    assert (
        "Article 27\nProtected persons are entitled" in art27.indexed_text
    )  # ... but the encoder and BM25 see them
    assert all(p.paragraph != "Art. 27" or p.section[-1] == "Article 27" for p in passages)


def test_ids_are_stable_when_the_same_file_is_split_again(token_counter) -> None:
    path = CORPUS / "ihl" / "additional-protocol-ii-1977.md"
    first = split_document(load_document(path), record("ap-ii"), token_counter, DEFAULTS)
    second = split_document(load_document(path), record("ap-ii"), token_counter, DEFAULTS)
    assert [p.passage_id for p in first] == [p.passage_id for p in second]
    assert first[3].passage_id.startswith("ap-ii:0003-")


def test_record_metadata_is_copied_to_every_passage(corpus_document, token_counter) -> None:
    doc = corpus_document("poc-week-2022-side-event-summary.txt")
    rec = DocumentRecord(
        doc_id="poc-week",
        title="PoC Week",
        doc_type="event summary",
        issuing_body="Stimson Center",
        date="2022",
        symbol="S/2022/381",
        superseded_by="newer",
        path="poc-week-2022-side-event-summary.txt",
    )
    for p in split_document(doc, rec, token_counter, DEFAULTS):
        assert (
            p.doc_id,
            p.title,
            p.doc_type,
            p.issuing_body,
            p.date,
            p.symbol,
            p.superseded_by,
            p.source,
        ) == (
            "poc-week",
            "PoC Week",
            "event summary",
            "Stimson Center",
            "2022",
            "S/2022/381",
            "newer",
            "poc-week-2022-side-event-summary.txt",
        )
    bare = split_document(doc, record("x"), token_counter, DEFAULTS)
    assert bare[0].source == doc.path  # no path in the record: the file the loader read


# -- PDFs written by the test -----------------------------------------------------------------------


def test_multi_page_pdf_passages_stop_at_page_breaks(make_pdf, token_counter) -> None:
    pages = [
        [
            " I. Introduction",
            "",
            "1. " + sentence(1),
            "2. " + sentence(2),
            "3. The last paragraph of the first page",
            "goes on to the second page and",
        ],
        ["ends there with a full stop.", "4. " + sentence(4), "5. " + sentence(5)],
        ["6. " + sentence(6)],
    ]
    doc = load_document(make_pdf(pages))
    passages = split_document(doc, record(), token_counter, DEFAULTS)
    check_passages(doc, passages, token_counter, DEFAULTS)
    summary = [(p.page, p.page_end, p.paragraph) for p in passages]
    assert summary == [
        (1, None, "1"),
        (1, None, "2"),
        (1, 2, "3"),
        (2, None, "4"),
        (2, None, "5"),
        (3, None, "6"),
    ]
    assert passages[0].text.startswith("1. Sentence number 1")
    assert passages[0].indexed_text.startswith("I. Introduction\n1. Sentence number 1")
    assert "first page goes on to the second page and ends there" in passages[2].text


# -- hand-built documents ------------------------------------------------------------------------


def build(*blocks: tuple[str, dict]) -> ExtractedDocument:
    out = DocumentAssembler("hand.md")
    for text, fields in blocks:
        out.add(text, **fields)
    return out.build()


def test_long_paragraph_is_cut_at_sentences_with_overlap(token_counter) -> None:
    chunking = ChunkingSettings(max_tokens=64, min_tokens=10, overlap_sentences=1)
    text = " ".join(sentence(n) for n in range(1, 13))
    doc = build((text, {"paragraph": "12", "section": ("Part",)}))
    passages = split_document(doc, record(), token_counter, chunking)
    check_passages(doc, passages, token_counter, chunking)
    assert len(passages) > 3
    for before, after in zip(passages, passages[1:]):
        assert after.text.startswith("Sentence number")  # every piece starts at a sentence
        last_sentence = "Sentence number" + before.text.rsplit("Sentence number", 1)[1]
        assert after.text.startswith(last_sentence)  # ... and repeats the previous piece's last one
    assert {p.paragraph for p in passages} == {"12"}


def test_no_overlap_when_overlap_is_zero(token_counter) -> None:
    chunking = ChunkingSettings(max_tokens=64, min_tokens=0, overlap_sentences=0)
    doc = build((" ".join(sentence(n) for n in range(1, 9)), {}))
    passages = split_document(doc, record(), token_counter, chunking)
    assert all(a.char_end < b.char_start for a, b in zip(passages, passages[1:]))


def test_abbreviations_do_not_end_sentences(token_counter) -> None:
    chunking = ChunkingSettings(max_tokens=40, min_tokens=0, overlap_sentences=0)
    text = (
        "Mr. Moïse met the Special Representative on 3 May, as noted in para. 45 of the report by Dr. Smith. "
        "The meeting covered the situation in Port-au-Prince and other cities in the country. "
    ) * 3
    passages = split_document(build((text, {})), record(), token_counter, chunking)
    assert all(not p.text.startswith(("Moïse", "45", "Smith")) for p in passages)


def test_a_word_longer_than_the_window_is_still_cut(token_counter) -> None:
    chunking = ChunkingSettings(max_tokens=32, min_tokens=0, overlap_sentences=1)
    doc = build(("https://example.org/" + "a1b2c3" * 80, {}), ("After it.", {}))
    passages = split_document(doc, record(), token_counter, chunking)
    check_passages(doc, passages, token_counter, chunking)


def test_small_blocks_pack_but_not_across_numbers_sections_or_streams(token_counter) -> None:
    doc = build(
        ("Alpha", {"kind": "heading", "section": ("Alpha",)}),
        ("12. First short paragraph of section Alpha.", {"section": ("Alpha",), "paragraph": "12"}),
        (
            "13. Second short paragraph of section Alpha.",
            {"section": ("Alpha",), "paragraph": "13"},
        ),
        ("14. Third short paragraph of section Alpha.", {"section": ("Alpha",), "paragraph": "14"}),
        ("[1] A footnote.", {"section": ("Alpha",), "kind": "footnote", "paragraph": "note 1"}),
        (
            "[2] Another footnote.",
            {"section": ("Alpha",), "kind": "footnote", "paragraph": "note 2"},
        ),
        ("Beta", {"kind": "heading", "section": ("Beta",)}),
        ("A paragraph of section Beta.", {"section": ("Beta",)}),
    )
    chunking = ChunkingSettings(min_tokens=0)
    passages = split_document(doc, record(), token_counter, chunking)
    assert [(p.section, p.paragraph) for p in passages] == [
        (("Alpha",), "12"),
        (("Alpha",), "13"),
        (("Alpha",), "14"),
        (("Alpha",), "note 1-2"),
        (("Beta",), ""),
    ]
    assert passages[0].text.startswith("12. First") and passages[4].text.startswith("A paragraph")


def test_a_tiny_piece_merges_into_its_neighbour_in_the_same_section(token_counter) -> None:
    long = " ".join(sentence(n) for n in range(1, 4))
    doc = build(
        (long, {"section": ("S",)}),
        ("Yes.", {"section": ("S",)}),
        ("Other section.", {"section": ("T",)}),
    )
    chunking = ChunkingSettings(max_tokens=100, min_tokens=40)
    passages = split_document(doc, record(), token_counter, chunking)
    assert [p.section for p in passages] == [("S",), ("T",)]
    assert passages[0].text.endswith("Yes.")
    alone = split_document(
        doc, record(), token_counter, ChunkingSettings(max_tokens=64, min_tokens=40)
    )
    assert any(p.text == "Yes." for p in alone) or alone[-2].text.endswith("Yes.")


def test_headings_alone_make_no_passage(token_counter) -> None:
    doc = build(
        ("Title", {"kind": "heading"}), ("Section", {"kind": "heading", "section": ("Section",)})
    )
    assert split_document(doc, record(), token_counter, DEFAULTS) == []


# -- any document ---------------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from("abcdef XYZ.,;!?-—()[]¹0123456789\n"), min_size=1, max_size=400
)
_BLOCK = st.tuples(
    _TEXT,
    st.sampled_from(["paragraph", "heading", "list", "footnote", "table"]),
    st.sampled_from([(), ("A",), ("A", "B"), ("C",)]),
    st.sampled_from(["", "1", "2", "Art. 3", "note 4"]),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    blocks=st.lists(_BLOCK, min_size=1, max_size=15),
    paged=st.booleans(),
    max_tokens=st.integers(32, 160),
    min_tokens=st.integers(0, 60),
    overlap=st.integers(0, 2),
)
def test_any_document_splits_into_exact_bounded_passages(
    token_counter, blocks, paged, max_tokens, min_tokens, overlap
) -> None:
    out = DocumentAssembler("any.txt")
    for n, (text, kind, section, paragraph) in enumerate(blocks):
        out.add(
            text,
            kind=kind,
            section=section,
            paragraph=paragraph,
            page=(n // 3 + 1) if paged else None,
            gap=" " if n % 5 == 4 else "\n\n",
        )
    try:
        doc = out.build()
    except Exception:
        return  # only whitespace
    chunking = ChunkingSettings(
        max_tokens=max_tokens, min_tokens=min_tokens, overlap_sentences=overlap
    )
    passages = split_document(doc, record("any"), token_counter, chunking)
    check_passages(doc, passages, token_counter, chunking)
    assert {p.section for p in passages} <= {b.section for b in doc.blocks}


# -- one numbered paragraph per passage ------------------------------------------------------------


def test_short_numbered_paragraphs_are_not_packed_but_their_sub_items_are(token_counter) -> None:
    doc = build(
        ("III. Security", {"kind": "heading", "section": ("III. Security",)}),
        ("12. A short paragraph.", {"section": ("III. Security",), "paragraph": "12"}),
        (
            "(a) Its first sub-item;",
            {"section": ("III. Security",), "paragraph": "12", "kind": "list"},
        ),
        ("13. The next short paragraph.", {"section": ("III. Security",), "paragraph": "13"}),
        ("Unnumbered prose.", {"section": ("III. Security",)}),
        ("More unnumbered prose.", {"section": ("III. Security",)}),
    )
    passages = split_document(doc, record(), token_counter, ChunkingSettings(min_tokens=40))
    assert [(p.paragraph, p.text) for p in passages] == [
        ("12", "12. A short paragraph.\n\n(a) Its first sub-item;"),
        ("13", "13. The next short paragraph."),
        ("", "Unnumbered prose.\n\nMore unnumbered prose."),
    ]
    assert all(p.indexed_text.startswith("III. Security\n") for p in passages)


def test_a_long_numbered_paragraph_keeps_its_number_on_every_piece(token_counter) -> None:
    chunking = ChunkingSettings(max_tokens=48, min_tokens=0, overlap_sentences=0)
    doc = build(
        (" ".join(sentence(n) for n in range(1, 9)), {"paragraph": "39"}),
        ("40. Next.", {"paragraph": "40"}),
    )
    passages = split_document(doc, record(), token_counter, chunking)
    assert len(passages) > 3 and [p.paragraph for p in passages[:-1]] == ["39"] * (
        len(passages) - 1
    )
    assert passages[-1].paragraph == "40"


def test_a_long_section_path_prefix_keeps_its_innermost_headings() -> None:
    passage = Passage(
        "d:0000-00000000", "d", "Text.", 0, 0, 5, section=("Outer " * 30, "Middle", "Inner")
    )
    assert passage.indexed_text == "Middle > Inner\nText."
    assert Passage("d:0000-00000000", "d", "Text.", 0, 0, 5).indexed_text == "Text."


# -- size caps, linear work ---------------------------------------------------------------------------


class _CountingCounter(TokenCounter):
    """The real tokenizer, recording how many characters it was given in all and in one call."""

    def __init__(self, inner: TokenCounter) -> None:
        self._tokenizer = inner._tokenizer
        self.chars = 0
        self.largest_call = 0

    def count(self, text: str) -> int:
        self._note(len(text))
        return super().count(text)

    def count_batch(self, texts) -> list[int]:
        self._note(sum(len(t) for t in texts))
        return super().count_batch(texts)

    def _note(self, n: int) -> None:
        self.chars += n
        self.largest_call = max(self.largest_call, n)


@pytest.mark.parametrize(
    "word", ["x" * 3_000_000, "protection " * 300_000], ids=["no-spaces", "words"]
)
def test_a_multi_megabyte_line_is_capped_with_linear_bounded_work(token_counter, word) -> None:
    chunking = ChunkingSettings()
    doc = build((word.strip(), {}), ("After it.", {}))
    counter = _CountingCounter(token_counter)
    passages = split_document(doc, record(), counter, chunking)
    assert max(len(p.text) for p in passages) <= chunking.max_chars
    assert passages[-1].text.endswith("After it.")  # unnumbered prose still packs
    assert passages[0].char_start == 0 and passages[-1].char_end == len(doc.text)
    assert all(
        not doc.text[p.char_end : q.char_start].strip() for p, q in zip(passages, passages[1:])
    )  # no gap
    # Work: each character reaches the tokenizer a bounded number of times (the split levels plus
    # one joined count per window, with overlap), and no single call sees more than a bounded span.
    assert counter.chars <= 6 * len(doc.text)
    assert counter.largest_call <= _BATCH_CHARS


_BATCH_CHARS = 256 * ChunkingSettings().max_chars


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.sampled_from("ab c.\nZ-é"), min_size=1, max_size=3000),
    max_chars=st.integers(64, 400),
    max_tokens=st.integers(32, 120),
    overlap=st.integers(0, 2),
)
def test_no_passage_exceeds_either_cap(token_counter, text, max_chars, max_tokens, overlap) -> None:
    try:
        doc = build((text, {"paragraph": "5"}))
    except Exception:
        return  # only whitespace
    chunking = ChunkingSettings(
        max_tokens=max_tokens, max_chars=max_chars, min_tokens=0, overlap_sentences=overlap
    )
    passages = split_document(doc, record(), token_counter, chunking)
    check_passages(doc, passages, token_counter, chunking)
    assert {p.paragraph for p in passages} == {"5"}
