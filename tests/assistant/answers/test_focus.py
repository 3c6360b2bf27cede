"""The question inside a message: chatter around it is dropped, anything it names is kept."""

from __future__ import annotations

import pytest

from assistant.answers.focus import question_focus


@pytest.mark.parametrize(
    "question",
    [
        "What is meant by 'remote management' of mandate implementation?",
        "SGBV?",
        "How many troops did MINUSTAH have in 2010?",
        "name four threats mentioned at the 2022 PoC Week side event.",
        "In the 2010 report on Haiti. What was the police strength?",
        "According to S/2010/200, what was the strength: troops or police?",
        "Compare the two papers: which says more on early warning?",
        "The side event. what did it say about drawdown",
        "More women in the police: Timor-Leste in 2012 or Haiti in 2017?",
    ],
)
def test_a_plain_question_is_left_as_typed(question: str) -> None:
    assert question_focus(question) == question


@pytest.mark.parametrize(
    ("message", "question"),
    [
        (
            "Sorry if this is a basic one. Someone asked me about it this morning and I was not "
            "sure either. What is SGBV?",
            "What is SGBV?",
        ),
        (
            "We are reviewing the material for a training session and I want the slides right, so "
            "my question is this: how many troops did MINUSTAH have in 2010?",
            "How many troops did MINUSTAH have in 2010?",
        ),
        (
            "Hi. Quick one for a briefing tomorrow. whats the rule on hostages in GC4",
            "whats the rule on hostages in GC4",
        ),
        (
            "I'm putting a briefing together, could you help me with it: In the 2010 report on "
            "Haiti. What was the police strength?",
            "In the 2010 report on Haiti. What was the police strength?",
        ),
    ],
)
def test_chatter_before_the_question_is_dropped(message: str, question: str) -> None:
    assert question_focus(message) == question


def test_a_lead_in_that_names_something_is_kept() -> None:
    message = "I read the 2019 report on MINUSCA. What did it say about Bangui?"
    assert question_focus(message) == message


@pytest.mark.parametrize(
    "message",
    [
        "Our mission has hardly any troops and few vehicles. How do we still protect civilians?",
        "The host government is restricting where our patrols can go. What should the mission do?",
        "Can we hand detainees over to another country? What does the law say about transfers?",
    ],
)
def test_the_missions_own_situation_is_context_not_chatter(message: str) -> None:
    assert question_focus(message) == message
