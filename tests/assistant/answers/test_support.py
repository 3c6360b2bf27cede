"""Support scoring, with the real packaged embedding model."""

from __future__ import annotations

import pytest

from assistant.answers.support import (
    PARTLY_AT,
    SUPPORTED_AT,
    lexical_support,
    support_score,
    support_scores,
    verdict_for,
)
from assistant.text import split_sentences


def test_lexical_support_is_the_recall_of_the_sentence_words():
    # sentence words: mission, protect, civilian, camp -> 3 of 4 in the passage
    lexical, numbers_found = lexical_support(
        "The mission protects civilians in camps.", "Civilians are protected by the mission."
    )
    assert lexical == pytest.approx(3 / 4)
    assert numbers_found


def test_lexical_support_of_a_sentence_without_content_words_is_zero():
    assert lexical_support("It is.", "Anything at all.") == (0.0, True)


def test_a_number_the_passage_lacks_caps_the_score_at_partly():
    passage = "There are 12 peacekeeping missions deployed around the world."
    result = support_score(
        "There are 40 peacekeeping missions deployed around the world.", passage, embedder=None
    )
    assert result.lexical == pytest.approx(5 / 6)
    assert result.score == PARTLY_AT and result.verdict == "partly"


def test_without_an_embedder_the_score_is_the_lexical_recall():
    result = support_score(
        "The mission protects civilians.", "Civilians are protected by the mission.", embedder=None
    )
    assert (result.score, result.lexical, result.semantic, result.verdict) == (
        1.0,
        1.0,
        None,
        "supported",
    )


@pytest.mark.parametrize(
    ("score", "verdict"),
    [
        (1.0, "supported"),
        (SUPPORTED_AT, "supported"),
        (SUPPORTED_AT - 1e-9, "partly"),
        (PARTLY_AT, "partly"),
        (PARTLY_AT - 1e-9, "unsupported"),
        (0.0, "unsupported"),
    ],
)
def test_verdict_thresholds(score, verdict):
    assert verdict_for(score) == verdict


# --- with the packaged embedding model ---------------------------------------------------------

MANDATE = (
    "The POC mandate has traditionally focused on protecting civilians, broadly defined, from threats of physical "
    "violence. The mandate began in 1999 as a relatively minor aspect of a robust mission mandate in Sierra Leone but "
    "has become the Security Council's most common and most broad authorization for the use of force in the past two "
    "decades. The mandate often comes with a perceived emphasis on military means but DPO doctrine has clarified that "
    "POC employs the full range of a mission's political and programmatic capacities."
)
MISSIONS = (
    "UN peace operations play a critical role in ensuring the safety and security of civilians in conflict zones, with "
    "12 peacekeeping missions and 25 special political missions with a field presence currently deployed around the "
    "world. Local and regional armed conflicts have more than doubled since the early 2000s, and 2021 alone witnessed "
    "at least 11,075 civilian deaths across 12 different armed conflicts."
)

# A sample of the hand-labelled pairs the thresholds in assistant/answers/support.py were chosen on.
SUPPORTED = [
    ("The POC mandate began in 1999 in Sierra Leone.", MANDATE),
    (
        "The protection of civilians mandate has traditionally focused on protecting civilians from threats of "
        "physical violence.",
        MANDATE,
    ),
    (
        "According to DPO doctrine, protection of civilians uses all of a mission's political and programmatic tools, "
        "not only military ones.",
        MANDATE,
    ),
    (
        "Since it started in Sierra Leone in 1999, the mandate has grown into the Council's broadest authorization to "
        "use force.",
        MANDATE,
    ),
    ("In 2021 at least 11,075 civilians died in 12 armed conflicts.", MISSIONS),
]
UNSUPPORTED = [
    ("The mission operates a fleet of submarines on Lake Victoria.", MANDATE),
    ("Climate change is the main driver of displacement in the Sahel.", MANDATE),
    ("Troop-contributing countries are reimbursed at a fixed monthly rate per soldier.", MISSIONS),
    ("The General Assembly approves the budget of each peacekeeping mission every June.", MISSIONS),
]


@pytest.mark.parametrize(("sentence", "passage"), SUPPORTED)
def test_restatements_of_the_passage_are_supported(embedder, sentence, passage):
    result = support_score(sentence, passage, embedder=embedder)
    assert result.verdict == "supported", result


@pytest.mark.parametrize(("sentence", "passage"), UNSUPPORTED)
def test_claims_the_passage_does_not_make_are_unsupported(embedder, sentence, passage):
    result = support_score(sentence, passage, embedder=embedder)
    assert result.verdict == "unsupported", result


def test_the_score_is_the_documented_mix_of_lexical_and_semantic(embedder):
    result = support_score(SUPPORTED[0][0], MANDATE, embedder=embedder)
    assert 0.0 <= result.semantic <= 1.0
    assert result.score == pytest.approx(0.5 * result.lexical + 0.5 * result.semantic)


def test_semantic_support_is_the_best_cosine_over_passage_sentences_and_the_whole(embedder):
    sentence = "The mandate began in 1999 in Sierra Leone."
    pieces = [MANDATE[s:e] for s, e in split_sentences(MANDATE)] + [MANDATE]
    expected = float(
        (embedder.encode_passages(pieces) @ embedder.encode_passages([sentence])[0]).max()
    )
    assert support_score(sentence, MANDATE, embedder=embedder).semantic == pytest.approx(
        expected, abs=1e-5
    )


def test_batch_scores_equal_single_scores(embedder):
    pairs = SUPPORTED[:2] + UNSUPPORTED[:2] + [SUPPORTED[0]]
    batch = support_scores(pairs, embedder=embedder)
    for (sentence, passage), result in zip(pairs, batch, strict=True):
        single = support_score(sentence, passage, embedder=embedder)
        assert result.verdict == single.verdict
        assert result.score == pytest.approx(single.score, abs=1e-5)


def test_empty_inputs_are_unsupported_not_errors(embedder):
    assert support_score("", MANDATE, embedder=embedder).verdict == "unsupported"
    assert (
        support_score("The mission protects civilians.", "", embedder=embedder).verdict
        == "unsupported"
    )
    assert support_scores([], embedder=embedder) == []
