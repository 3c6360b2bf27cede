"""A year written against a document's name is the edition asked for (edition_years.py, and the
refusal in holdings.py)."""

from __future__ import annotations

import pytest

from assistant.answers.anchors import AnchorKind, find_anchors
from assistant.answers.edition_years import editions, without_editions
from assistant.answers.holdings import unheld_edition
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import load_glossary
from assistant.types import DocumentRecord


@pytest.fixture(scope="module")
def catalogue(repo_root):
    glossary = load_glossary(repo_root / "corpus" / "glossary.toml")
    side = DocumentRecord(
        "side-event", "Side Event Summary, 2022 UN Protection of Civilians Week",
        short_title="PoC Week 2022 side event", date="2022",
    )  # fmt: skip
    gc4 = DocumentRecord(
        "gc-iv-1949", "Geneva Convention relative to the Protection of Civilian Persons in Time "
        "of War (Fourth Geneva Convention)", short_title="GC IV", date="1949-08-12",
    )  # fmt: skip
    reports = [
        DocumentRecord(
            f"onusal-{y}", f"Report on ONUSAL, {y}", short_title="ONUSAL", date=f"{y}-05-01"
        )
        for y in ("1992", "1993")
    ]  # one name shared by a series' reports of several years
    entries = [
        CatalogueEntry(side, True, aliases=("side event",)),
        CatalogueEntry(gc4, True),
        *(CatalogueEntry(r, True) for r in reports),
    ]
    return Catalogue(entries, glossary)


def _ask(question, catalogue):
    anchors = find_anchors(question, glossary=None, catalogue=catalogue)
    own = [e for e in editions(question, anchors, catalogue) if e.own]
    return anchors, own, unheld_edition(question, anchors, catalogue)


def test_a_documents_own_year_is_part_of_its_name_not_a_year_to_find(catalogue) -> None:
    question = "What does the 1949 Fourth Geneva Convention say about hostages?"
    anchors, own, refusal = _ask(question, catalogue)
    assert AnchorKind.YEAR in {a.kind for a in anchors} and [e.year for e in own] == ["1949"]
    assert not refusal
    assert without_editions(question, own) == (
        "What does the Fourth Geneva Convention say about hostages?"
    )
    question = "What does GC IV of 1949 say on hostages taken in 1949?"
    _, own, _ = _ask(question, catalogue)
    assert without_editions(question, own) == "What does GC IV say on hostages taken in 1949?"


def test_a_later_year_against_a_name_is_refused(catalogue) -> None:
    for question in (
        "PoC Week 2023 side event on SPMs - main takeaways",
        "What did the 2023 side event say about SPMs?",
    ):
        _, own, refusal = _ask(question, catalogue)
        assert not own and "not a 2023 edition" in refusal and "2022" in refusal


def test_a_year_apart_from_the_name_or_before_it_is_an_ordinary_year(catalogue) -> None:
    for question in (
        "What did the side event say about attacks on civilians in 2023?",
        "In 2023, the side event: what did it say?",  # a comma ends the phrase
        "Does the Fourth Geneva Convention in 2023 still apply?",  # "in" is no name word
        "What did the 1945 side event recall?",  # before the document: its subject
    ):
        _, own, refusal = _ask(question, catalogue)
        assert not own and not refusal, question


def test_a_year_against_a_name_several_years_share_picks_among_them(catalogue) -> None:
    anchors, own, refusal = _ask("onusal 1992 - what did the police division report", catalogue)
    assert not own and not refusal  # 1992 stays a year: it picks the 1992 report
    assert "1992" in {a.text for a in anchors if a.kind is AnchorKind.YEAR}


def test_a_named_document_no_hit_is_from_is_searched_on_its_own(catalogue) -> None:
    from assistant.answers.questions import classify
    from assistant.answers.reading import Reading
    from assistant.answers.searching import pointed
    from assistant.types import Filters, Hit, Passage

    question = "GC IV - list what internees may keep in their possession"
    anchors = tuple(find_anchors(question, glossary=None, catalogue=catalogue))
    reading = Reading(question, question, classify(question), anchors, None, ())

    def hit(doc_id: str) -> Hit:
        passage = Passage(f"{doc_id}:0", doc_id, "x", ordinal=0, char_start=0, char_end=1)
        return Hit(passage, score=1.0, rank=1)

    indexed = lambda doc_id: True  # noqa: E731
    assert pointed(reading, None, [hit("ap-i-1977")], indexed) == Filters(doc_ids=("gc-iv-1949",))
    assert pointed(reading, None, [hit("gc-iv-1949")], indexed) is None  # a hit is from it
    scoped = Filters(doc_ids=("gc-iv-1949",))
    assert pointed(reading, scoped, [hit("ap-i-1977")], indexed) is None  # already scoped
    assert pointed(reading, None, [hit("ap-i-1977")], lambda d: False) is None  # not indexed


def test_the_named_document_must_hold_the_questions_key_term_the_corpus_holds() -> None:
    from assistant.answers.questions import classify
    from assistant.answers.reading import Reading
    from assistant.answers.searching import holds_key_term
    from assistant.types import Hit, Passage

    class Engine:  # a word's IDF; one no passage holds ("min", " ") gets the highest
        rare = {"grave": 4.0, "guarantees": 3.0, "min": 9.0, " ": 9.0}

        def query_tokens(self, text: str) -> list[str]:
            return [w.strip(".,?").casefold() for w in text.split()]

        def idf(self, tokens: list[str]) -> dict[str, float]:
            return {t: self.rare.get(t, 1.0) for t in tokens}

    def asked(question: str, text: str) -> bool:
        reading = Reading(question, question, classify(question), (), None, ())
        passage = Passage("d:0", "d", text, ordinal=0, char_start=0, char_end=len(text))
        return holds_key_term(Engine(), reading, [Hit(passage, score=1.0, rank=1)])  # type: ignore[arg-type]

    assert not asked("Which acts are grave breaches?", "The following acts are prohibited.")
    assert asked("List the min guarantees", "These guarantees are respected as a minimum.")
