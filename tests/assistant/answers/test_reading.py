"""Reading a question: what the search is asked (assistant/answers/reading.py)."""

from __future__ import annotations

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.answers.questions import classify
from assistant.answers.reading import Reading, scope_of
from assistant.answers.searching import search_texts


def _reading(question: str) -> Reading:
    side = Anchor(AnchorKind.DOCUMENT, "Stimson side event", doc_ids=("side",))
    return Reading(question, question, classify(question), (side,), None, ())


def test_a_question_on_what_a_document_says_also_searches_the_subject_alone() -> None:
    """Within the side event every passage is of the side event: its name's rare words would
    rank the introduction above the passage on early warning."""
    reading = _reading("what does the Stimson side event summary say about early warning")
    texts = search_texts(reading, scope_of(reading, lambda d: True))
    assert texts[0] == reading.standalone
    assert len(texts) == 2
    assert "Stimson" not in texts[1] and "summary" not in texts[1]
    assert "early warning" in texts[1]


def test_an_unscoped_search_is_the_question() -> None:
    reading = _reading("what does the Stimson side event summary say about early warning")
    assert search_texts(reading, None) == [reading.standalone]
