"""Inline series: the items a sentence lists in its own words (assistant/answers/inline_series.py), and
the enumeration's form fit they give."""

from __future__ import annotations

from assistant.answers.inline_series import series_length
from assistant.answers.questions import classify
from assistant.answers.unit_rules import FORM_BONUS, form_bonus
from assistant.types import Hit, Passage

AREAS = (
    "UNMIT police support continued to focus on the five priority areas of the Joint "
    "Development Plan (legislation, training, administration, discipline and operations)."
)


def test_a_parenthesised_series_counts_its_items() -> None:
    assert series_length(AREAS) == 5


def test_a_series_after_a_colon_counts_its_items_with_a_serial_comma() -> None:
    text = "The tiers are: dialogue, physical protection, and a protective environment."
    assert series_length(text) == 3


def test_an_aside_or_a_clause_is_not_a_series() -> None:
    assert series_length("He said (in 2012) that the Mission (UNMIT) had closed.") == 0
    assert series_length("The Mission, the police and the army met in Dili.") == 0  # no run
    clauses = "It noted: the police had been trained, the army had withdrawn and elections were held in the districts."
    assert series_length(clauses) == 0  # its last part is a clause, not an item


def _hit(text: str) -> Hit:
    p = Passage(
        passage_id="r:0", doc_id="r", text=text, ordinal=0, char_start=0, char_end=len(text)
    )
    return Hit(passage=p, score=1.0, rank=1)


def test_a_sentence_listing_the_announced_count_fits_an_enumeration() -> None:
    form = classify("What are the five priority areas of the Joint Development Plan?")
    assert form.count == 5
    assert form_bonus(form, _hit(AREAS), "sentence", AREAS) == FORM_BONUS
    four = AREAS.replace("discipline and operations", "and discipline").replace("five", "four")
    assert form_bonus(form, _hit(four), "sentence", four) == 0.0  # four items, five asked
    unannounced = classify("What are the priority areas of the Joint Development Plan?")
    assert form_bonus(unannounced, _hit(AREAS), "sentence", AREAS) == 0.0
