"""Answer-quality measures against answers built by hand."""

from __future__ import annotations

import pytest

from assistant.types import Answer, AnswerSentence, Definition
from eval.answer_quality import answer_quality, is_fragment, redundancy


def _answer(*texts: str, abstained: bool = False, definitions=()) -> Answer:
    sentences = tuple(AnswerSentence(text=t, citations=(1,)) for t in texts)
    return Answer(
        question="?",
        answer=" ".join(f"{t} [1]" for t in texts),
        abstained=abstained,
        citations=(),
        sentences=sentences,
        definitions=definitions,
    )


def test_key_facts_are_found_in_sentences_and_definitions() -> None:
    d = Definition(
        "Tier II",
        "provision of physical protection",
        "Second tier.",
        "pocdoc glossary, curated after X",
    )
    q = answer_quality(
        _answer("Protection through political dialogue (tier 1) is doctrine.", definitions=(d,)),
        ["political dialogue", "physical protection", "protective environment"],
    )
    assert (q.key_facts, q.key_facts_found) == (3, 2)


def test_an_abstention_finds_no_key_fact() -> None:
    q = answer_quality(_answer("Anything at all here.", abstained=True), ["anything"])
    assert (q.key_facts_found, q.sentences, q.words) == (0, 0, 0)


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("PART I — SCOPE OF THIS PROTOCOL", True),
        ("POC threats at a digital age", True),
        ("of the mission in the area.", True),
        ("Too short.", True),
        ("The taking of hostages is prohibited.", False),
        # a quoted table row says what its figures are, alone or after its table's caption
        ("Country: Togo; Men: 9", False),
        (
            "Annex III. Police of UNMIK as of 1 October 2018: Country: Total; Women: 3; Total: 11",
            False,
        ),
        ("Annex III. Police of UNMIK as of 1 October 2018", True),  # the caption alone is a title
    ],
)
def test_fragments(sentence: str, fragment: bool) -> None:
    assert is_fragment(sentence) is fragment


def test_redundancy_is_the_highest_pairwise_overlap() -> None:
    assert (
        redundancy(["Troops protect civilians in camps.", "Police patrol the capital at night."])
        == 0.0
    )
    assert redundancy(
        ["Troops protect civilians in camps.", "Troops protect civilians in camps daily."]
    ) == pytest.approx(1.0)
    assert redundancy(["One sentence only here."]) == 0.0
