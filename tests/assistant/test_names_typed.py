"""A question typed in a hurry, read as written (assistant/names_typed.py)."""

from __future__ import annotations

import pytest

from assistant.names_typed import as_written, punctuated, spelt_out, with_comma


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("whos a combatant under additional protocol i", "who is a combatant under additional protocol i"),
        ("whats the three areas of concern", "what are the three areas of concern"),  # a count
        ("whats spms and what do they do", "what are spms and what do they do"),  # a plural
        ("whats the main tasks", "what are the main tasks"),
        ("whats the main role of the srsg", "what is the main role of the srsg"),
        ("whats the status of unmiss", "what is the status of unmiss"),  # -us, -ss: no plural
        ("whats meant by remote protection", "what is meant by remote protection"),
        ("Whats the rule", "What is the rule"),
        ("why doesnt the mission act", "why does not the mission act"),
        ("what's the rule", "what's the rule"),  # with its apostrophe: the form reader's
    ],
)  # fmt: skip
def test_a_contraction_without_its_apostrophe_is_spelt_out(typed, written) -> None:
    assert spelt_out(typed) == written


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("under the fourth geneva convention how often must internment be reviewed",
         "under the fourth geneva convention, how often must internment be reviewed"),
        ("after a 2012 prediction that mandates would decline which two missions got them",
         "after a 2012 prediction that mandates would decline, which two missions got them"),
        # a sentence that opens with its subject: its "where" is a relative, not a question
        ("the host government is restricting where our patrols can go",
         "the host government is restricting where our patrols can go"),
        # a question word after a preposition belongs to its phrase
        ("on the sidelines of which meeting did the workshop take place",
         "on the sidelines of which meeting did the workshop take place"),
        ("by how much have conflicts grown", "by how much have conflicts grown"),
        ("Under GC IV, how often?", "Under GC IV, how often?"),  # the writer's comma
        ("how often must internment be reviewed under gc4",
         "how often must internment be reviewed under gc4"),  # opens by asking
    ],
)  # fmt: skip
def test_a_comma_goes_before_the_asking_clause_after_an_opening_phrase(typed, written) -> None:
    assert with_comma(typed) == written


def test_a_question_gets_its_capital_and_mark_and_a_request_its_full_stop() -> None:
    assert punctuated("how many troops did unmit have") == "How many troops did unmit have?"
    assert punctuated("list the tiers of poc") == "List the tiers of poc."
    assert punctuated("What is POC?") == "What is POC?"
    assert punctuated("HIPPO") == "HIPPO"  # asks nothing: left as typed
    assert as_written("under gc iv how often must internment be reviewed") == (
        "Under gc iv, how often must internment be reviewed?"
    )
