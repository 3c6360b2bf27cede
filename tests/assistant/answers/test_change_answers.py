"""Change questions asked of the assistant (`Assistant.ask`, as the chat and `pocdoc ask` do),
over the two small editions of tests/conftest.py: answered from the aligned editions, both sides
cited, never from the best passages of any date."""

from __future__ import annotations

import pytest

from assistant.answers.changes import looks_like_change


@pytest.fixture(scope="module")
def editions_assistant(two_editions, embedder):
    from assistant.open import open_assistant

    return open_assistant(two_editions, embedder=embedder)


def test_what_changed_is_answered_with_the_pair_old_then_new(editions_assistant) -> None:
    answer = editions_assistant.ask("What changed between S/2020/100 and S/2020/300 on civilians?")
    assert not answer.abstained and answer.form == "change"
    assert [c.doc_id for c in answer.citations][:2] == ["unfoo-s-2020-100", "unfoo-s-2020-300"]
    counts, before, after = answer.sentences[:3]
    assert counts.citations == () and counts.text.startswith("S/2020/100 (2020) -> S/2020/300")
    assert before.text.startswith("Before (revised) (S/2020/100, 2020, para. 1")
    assert "42 civilians" in before.text and "57 civilians" in after.text
    assert after.text.startswith("After (S/2020/300, 2020, para. 1")


def test_the_latest_and_the_previous_resolve_within_the_series(editions_assistant) -> None:
    answer = editions_assistant.ask(
        "What has changed between the previous and the latest UNFOO report?"
    )
    assert {c.doc_id for c in answer.citations} == {"unfoo-s-2020-100", "unfoo-s-2020-300"}
    assert answer.answer.startswith("S/2020/100 (2020) -> S/2020/300 (2020):")


def test_a_topic_dropped_is_dated_by_its_last_mention(editions_assistant) -> None:
    answer = editions_assistant.ask("When did UNFOO reports stop mentioning cholera?")
    assert "None from S/2020/300 (2020) on." in answer.answer
    assert "Last mentioned (S/2020/100, 2020, para. 2" in answer.answer
    since = editions_assistant.ask("Since when does UNFOO's reporting mention cholera?")
    assert "First mentioned (S/2020/100, 2020, para. 2" in since.answer


def test_a_topic_no_report_holds_abstains_and_says_so(editions_assistant) -> None:
    answer = editions_assistant.ask("How did chocolate cake evolve in UNFOO's reports?")
    assert answer.abstained and answer.citations == ()
    assert "No report of the UNFOO reports has a paragraph on 'chocolate cake'" in answer.answer


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("What changed between S/2020/100 and S/2020/300?", True),
        ("How did gangs evolve in MINUJUSTH's reports?", True),
        ("Since when does UNMIK's reporting mention returns?", True),
        ("What is tier 3 of POC?", False),
        ("How many civilians were killed?", False),
    ],
)
def test_change_questions_are_told_apart_by_their_opening(question: str, change: bool) -> None:
    assert looks_like_change(question) is change


def test_a_question_that_opens_like_one_but_names_no_series_is_answered_as_usual(
    editions_assistant,
) -> None:
    answer = editions_assistant.ask("How did the civilians change in the north?")
    assert answer.form != "change"


def test_a_newer_paragraph_that_took_two_older_ones_is_quoted_once_after_both() -> None:
    import numpy as np

    from assistant.answers.changes import _compared
    from assistant.editions import AlignedPair, Comparison, Edition, Paragraph
    from assistant.types import DocumentRecord

    def edition(symbol: str, texts: list[str]) -> Edition:
        record = DocumentRecord(symbol.lower(), "Report", "report", date="2020", symbol=symbol)
        paragraphs = tuple(Paragraph(i, t, str(i + 1)) for i, t in enumerate(texts))
        return Edition(record, paragraphs, np.zeros((len(texts), 4)))

    class Quotes:
        def __init__(self) -> None:
            self.quoted: list[tuple[str, str, int]] = []

        def quote(self, lead: str, side: Edition, paragraph: Paragraph) -> None:
            self.quoted.append((lead, side.name, paragraph.index))

    old = edition("S/2020/100", ["Police recruited 500.", "Police trained 200.", "Cholera."])
    new = edition("S/2020/300", ["Police recruited 500 and trained 200."])
    pairs = (
        AlignedPair("revised", 0, 0, 0.9, shared=2),
        AlignedPair("revised", 1, 0, 0.8, shared=2),
        AlignedPair("dropped", 2, None),
    )
    quotes = Quotes()
    text = _compared(Comparison(old, new, pairs), None, quotes)  # type: ignore[arg-type]
    assert quotes.quoted == [
        ("Before (revised)", "S/2020/100", 0),
        ("Before (revised)", "S/2020/100", 1),
        ("After (the 2 paragraphs above, as one)", "S/2020/300", 0),
        ("Not carried into S/2020/300", "S/2020/100", 2),
    ]
    assert "2 paragraphs revised" in text
