"""Same-thread evidence (assistant/editions/threads.py) against hand-computed values."""

from __future__ import annotations

import math

import numpy as np

from assistant.editions.paragraphs import Paragraph
from assistant.editions.threads import (
    first_sentence,
    opening_words,
    part_of,
    place_in_section,
    rare_words,
    same_part,
)


def test_rare_words_weigh_a_word_by_how_few_paragraphs_hold_it() -> None:
    # "police" is in all four paragraphs, "cholera" in two: idf = ln(5 / (df + 1)) + 1
    old = ["police cholera", "police"]
    new = ["police cholera", "police"]
    common, rare = math.log(5 / 5) + 1, math.log(5 / 3) + 1
    both = math.hypot(common, rare)
    expected = [[1.0, common / both], [common / both, 1.0]]
    np.testing.assert_allclose(rare_words(old, new), expected, atol=1e-6)


def test_rare_words_without_words_are_zero() -> None:
    assert rare_words(["..."], ["", "the"]).tolist() == [[0.0, 0.0]]


def test_the_opening_reads_the_first_sentence_only() -> None:
    assert first_sentence("Cholera persisted. The police deployed.") == "Cholera persisted."
    assert first_sentence("In 2017, U.N. staff left.") == "In 2017, U.N. staff left."
    old = ["Cholera persisted. The police deployed in the north."]
    new = ["The police deployed in the north. Cholera persisted.", "Cholera persisted."]
    assert opening_words(old, new)[0, 0] == 0.0
    np.testing.assert_allclose(opening_words(old, new)[0, 1], 1.0)


def test_the_part_of_the_report_is_body_observations_or_annex() -> None:
    paragraphs = [
        Paragraph(0, "a", section="III. Security > B. Police"),
        Paragraph(1, "b", section="XI. Observations and recommendations"),
        Paragraph(2, "c", section="Annex I — Police strength > Observations"),
        Paragraph(3, "d", section=""),
    ]
    assert [part_of(p) for p in paragraphs] == ["body", "observations", "annex", "body"]
    assert same_part(paragraphs[:2], paragraphs[3:]).tolist() == [[1.0], [0.0]]


def test_place_in_section_counts_within_each_section() -> None:
    old = [Paragraph(i, "x", section=s) for i, s in enumerate(["A", "A", "A", "B"])]
    new = [Paragraph(i, "x", section=s) for i, s in enumerate(["C", "C"])]
    # older places 0, 0.5, 1 in A and 0.5 alone in B; newer 0 and 1 in C
    expected = [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [0.5, 0.5]]
    assert place_in_section(old, new).tolist() == expected
