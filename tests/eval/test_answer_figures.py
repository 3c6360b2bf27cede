"""eval.answer_figures.expected_first: is the report asked about the one the answer cites first?"""

from __future__ import annotations

from assistant.types import Answer, Citation
from eval.answer_figures import expected_first
from eval.datasets import GoldQuestion


def _question(qid: str, doc_id: str | None) -> GoldQuestion:
    if doc_id is None:
        return GoldQuestion(id=qid, question="a trap", answerable=False)
    relevant = [{"doc_id": doc_id, "quote": "a quote of six words here", "grade": 2}]
    return GoldQuestion(id=qid, question="asked", answerable=True, relevant=relevant)


def _citation(n: int, doc_id: str) -> Citation:
    return Citation(
        n=n,
        passage_id=f"{doc_id}#{n}",
        doc_id=doc_id,
        title="",
        doc_type="report",
        date="",
        symbol="",
        page=1,
        section="",
        paragraph="",
        source="",
        text="text",
        score=1.0,
    )


def _answer(*doc_ids: str, abstained: bool = False, reverse: bool = False) -> Answer:
    citations = tuple(_citation(n, d) for n, d in enumerate(doc_ids, start=1))
    return Answer(
        question="asked",
        answer="",
        abstained=abstained,
        citations=citations[::-1] if reverse else citations,
    )


def test_counts_only_answered_answerable_questions_and_reads_the_lowest_citation_number() -> None:
    questions = [
        _question("q1", "s-2009-72"),  # cited first: a hit
        _question("q2", "s-2009-72"),  # cited second only: a miss
        _question("q3", "s-2010-522"),  # abstained: not counted
        _question("q4", "s-2010-522"),  # answered without citations: a miss
        _question("q5", None),  # a trap answered: not counted
        _question("q6", "s-2004-333"),  # [1] stored last in the tuple: still a hit
    ]
    answers = [
        _answer("s-2009-72", "s-2010-522"),
        _answer("s-2010-522", "s-2009-72"),
        _answer("s-2010-522", abstained=True),
        _answer(),
        _answer("s-2009-72"),
        _answer("s-2004-333", "s-2004-669", reverse=True),
    ]
    figures = expected_first(questions, answers)
    assert figures == {
        "expected_document_first": 2 / 4,
        "expected_document_first_hits": 2,
        "expected_document_first_of": 4,
    }


def test_nothing_answered_gives_no_share() -> None:
    figures = expected_first([_question("q1", "s-2009-72")], [_answer(abstained=True)])
    assert figures["expected_document_first"] is None
    assert figures["expected_document_first_of"] == 0
