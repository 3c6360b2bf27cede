"""What the app says around an answer: "Answering: ...", the sources caption, the upload as the
way to add a document that is not indexed."""

from __future__ import annotations

import pytest

from assistant.catalogue import CatalogueEntry
from assistant.types import Answer, Citation, Definition, DocumentRecord
from ui.answer_text import answering_line, sources_caption, with_upload

TIER_II = Definition(
    "Tier II", "provision of physical protection", "Second tier of the DPO POC concept.",
    "pocdoc glossary, after POC Policy 2019 (not indexed)",
)  # fmt: skip


def answer(**fields) -> Answer:
    return Answer(**{"question": "And tier 2?", "answer": "", "abstained": False, "citations": (),
                     **fields})  # fmt: skip


def test_an_extractive_follow_up_reads_as_a_plain_answering_line() -> None:
    a = answer(standalone_question="tier 2 — What is tier 3 of POC?")
    assert answering_line(a) == "Answering: tier 2, following on from “What is tier 3 of POC?”"


def test_a_rewritten_follow_up_is_shown_whole_and_a_plain_question_not_at_all() -> None:
    assert answering_line(answer(standalone_question="What is tier 2 of POC?")) == (
        "Answering: What is tier 2 of POC?"
    )
    assert answering_line(answer(standalone_question="And tier 2?")) == ""
    assert answering_line(answer()) == ""


def test_a_first_question_has_no_answering_line_even_when_respelled() -> None:
    first = answer(
        question="What is tier 3 of POC?", standalone_question="What is Tier III of POC?"
    )
    assert answering_line(first, follow_up=False) == ""


def test_a_glossary_answer_names_its_source_instead_of_zero_sources() -> None:
    caption = sources_caption(answer(definitions=(TIER_II,)))
    assert "0 source" not in caption
    assert caption.startswith("Source: pocdoc glossary, after POC Policy 2019")


def test_cited_answers_count_their_sources() -> None:
    c = Citation(1, "p", "d", "T", "treaty", "1949", "", None, "Art. 1", "", "t.md", "x", 1.0)
    assert sources_caption(answer(citations=(c,))) == "1 source"
    assert sources_caption(answer(citations=(c, c))) == "2 sources"


@pytest.mark.parametrize(
    ("hint", "url", "expected"),
    [
        ("A_70_95.pdf", "https://un.org/a.pdf",
         "upload its file as A_70_95.pdf (published at https://un.org/a.pdf) under “Add a document”"),
        ("A.pdf", "", "upload its file as A.pdf under “Add a document”"),
        ("", "https://un.org/b", "upload its file (published at https://un.org/b) under “Add a document”"),
        ("", "", "upload its file under “Add a document”"),
    ],
)  # fmt: skip
def test_the_not_indexed_note_names_the_upload_not_the_command_line(hint, url, expected) -> None:
    entry = CatalogueEntry(DocumentRecord("x", "The X", source_url=url), False, hint)
    note = with_upload(
        f"The X is listed in the corpus manifest but not indexed. {entry.how_to_add()}"
    )
    assert expected in note
    assert "pocdoc" not in note and "corpus/" not in note


def test_the_assistants_own_not_indexed_note_names_the_upload(repo_root) -> None:
    from assistant.open import load_catalogue

    catalogue = load_catalogue(repo_root / "corpus", {}, None)
    entry = catalogue.entries["hippo-report-2015"]  # what answers append to their note
    note = (
        f"The {entry.label} is listed in the corpus manifest but not indexed. {entry.how_to_add()}"
    )
    assert "pocdoc ingest" in note  # the assistant speaks to the command line ...
    shown = with_upload(note)
    assert "upload its file" in shown and "“Add a document” in the sidebar" in shown
    assert "pocdoc fetch" not in shown and "pocdoc ingest" not in shown  # ... the app to staff
