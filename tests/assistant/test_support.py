"""Sentence splitting and support scoring, with the real packaged embedding model."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.support import (
    PARTLY_AT,
    SUPPORTED_AT,
    content_words,
    lexical_support,
    split_sentences,
    support_score,
    support_scores,
    verdict_for,
)


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --- split_sentences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mission protects civilians. It patrols camps.", ["The mission protects civilians.", "It patrols camps."]),
        ("See para. 12 of the report. Then act.", ["See para. 12 of the report.", "Then act."]),
        ("Under Art. 3 common to the Conventions. Next.", ["Under Art. 3 common to the Conventions.", "Next."]),
        ("The U.N. Security Council met. It decided.", ["The U.N. Security Council met.", "It decided."]),
        ("Threats (e.g. abductions) rose. Others fell.", ["Threats (e.g. abductions) rose.", "Others fell."]),
        ("Missions, i.e. MONUSCO and UNMISS, report. Good.", ["Missions, i.e. MONUSCO and UNMISS, report.", "Good."]),
        ("Resolution No. 1894 applies. Yes.", ["Resolution No. 1894 applies.", "Yes."]),
        ("Mr. Guterres spoke. Ms. Bachelet replied.", ["Mr. Guterres spoke.", "Ms. Bachelet replied."]),
        ("12. The Council decides to act. 13. It requests a report.",
         ["12. The Council decides to act.", "13. It requests a report."]),
        ("See the report S/2019/805. It covers Haiti.", ["See the report S/2019/805.", "It covers Haiti."]),
        ("Deaths rose by 37.6 per cent. Injuries fell.", ["Deaths rose by 37.6 per cent.", "Injuries fell."]),
        ("Civilians were protected [1]. Camps were patrolled [2, 3].",
         ["Civilians were protected [1].", "Camps were patrolled [2, 3]."]),
        ("Civilians were protected. [1] Camps were patrolled. [2][3]",
         ["Civilians were protected. [1]", "Camps were patrolled. [2][3]"]),
        ("Is it lawful? It is! \"Quite so.\" Done", ["Is it lawful?", "It is!", "\"Quite so.\"", "Done"]),
        ("The mission\nprotects civilians\nacross the country. Next.",
         ["The mission\nprotects civilians\nacross the country.", "Next."]),
        ("A heading\n\nA paragraph.", ["A heading", "A paragraph."]),
        ("Tasks:\n- patrol the camps\n- (a) report abuses\n(b) escort convoys",
         ["Tasks:", "- patrol the camps", "- (a) report abuses", "(b) escort convoys"]),
        ("IV. Protection of civilians\n\nA. Mandates. The text.", ["IV. Protection of civilians", "A. Mandates.", "The text."]),
        ("#### A. MANDATING\n\n## **B. Threats**\n\n###II. Scope", ["#### A. MANDATING", "## **B. Threats**", "###II. Scope"]),
        ("He wrote in the next five years [2012-2017]. Then.", ["He wrote in the next five years [2012-2017].", "Then."]),
        ("", []),
        ("   \n\n  ", []),
        ("no final stop", ["no final stop"]),
    ],
)
def test_split_sentences_handles_un_prose(text, expected):
    assert _sentences(text) == expected


def test_split_sentences_returns_offsets_into_the_text():
    text = "  First one.  Second one [1].\n"
    assert split_sentences(text) == [(2, 12), (14, 29)]


_UN_PIECES = st.sampled_from(
    ["para.", "Art.", "U.N.", "e.g.", "i.e.", "No.", "Mr.", "12.", "S/2019/805", "37.6", "[1]", "[2, 3]",
     "The", "mission", "civilians", ".", "?", "!", "...", "(a)", "-", "•", "\"", "”", ")", "\n", "\n\n", " ", "\t", "A."]
)
_UN_TEXT = st.lists(_UN_PIECES, max_size=40).map(lambda parts: " ".join(parts)) | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(_UN_TEXT)
def test_split_sentences_spans_are_stripped_ordered_and_cover_every_non_space(text):
    spans = split_sentences(text)
    covered = set()
    last_end = 0
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip()
        assert start >= last_end
        last_end = end
        covered.update(range(start, end))
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


_WORDS = st.sampled_from(
    ["mission", "civilians", "para. 12", "Art. 3", "the U.N. Council", "e.g. camps", "i.e. Haiti", "No. 5",
     "Mr. Guterres", "S/2019/805", "37.6 per cent", "(2009)", "11,075", "protection,"]
)
_SENTENCE = st.builds(
    lambda opener, words, stop, marker: f"{opener} {' '.join(words)}{stop}{marker}",
    st.sampled_from(["The", "Civilians", "12. The", "In 2019", "UNMISS"]),
    st.lists(_WORDS, max_size=8),
    st.sampled_from([".", "?", "!", "...", ".\"", ")."]),
    st.sampled_from(["", " [1]", " [2, 3]", "[4]"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=6), st.sampled_from([" ", "  ", "\n", " \n "]))
def test_split_sentences_recovers_generated_un_sentences(sentences, separator):
    assert _sentences(separator.join(sentences)) == sentences


def test_split_sentences_is_fast_on_a_long_document():
    text = "12. The Council, in para. 4 of S/2019/805, noted a 37.6 per cent rise (e.g. in Art. 3 areas). " * 4000
    started = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - started < 2.0
    assert len(spans) == 4000


# --- lexical support ---------------------------------------------------------------------------


def test_content_words_drop_stopwords_markers_and_light_suffixes():
    assert content_words("The mandates were mandated [1].") == {"mandat"}
    assert content_words("11,075 civilians") == {"11075", "civilian"}
    assert content_words("the and of [2, 3]") == set()


def test_lexical_support_is_the_recall_of_the_sentence_words():
    # sentence words: mission, protect, civilian, camp -> 3 of 4 in the passage
    lexical, numbers_found = lexical_support("The mission protects civilians in camps.", "Civilians are protected by the mission.")
    assert lexical == pytest.approx(3 / 4)
    assert numbers_found


def test_lexical_support_of_a_sentence_without_content_words_is_zero():
    assert lexical_support("It is.", "Anything at all.") == (0.0, True)


def test_a_number_the_passage_lacks_caps_the_score_at_partly():
    passage = "There are 12 peacekeeping missions deployed around the world."
    result = support_score("There are 40 peacekeeping missions deployed around the world.", passage, embedder=None)
    assert result.lexical == pytest.approx(5 / 6)
    assert result.score == PARTLY_AT and result.verdict == "partly"


def test_without_an_embedder_the_score_is_the_lexical_recall():
    result = support_score("The mission protects civilians.", "Civilians are protected by the mission.", embedder=None)
    assert (result.score, result.lexical, result.semantic, result.verdict) == (1.0, 1.0, None, "supported")


@pytest.mark.parametrize(
    ("score", "verdict"),
    [(1.0, "supported"), (SUPPORTED_AT, "supported"), (SUPPORTED_AT - 1e-9, "partly"), (PARTLY_AT, "partly"),
     (PARTLY_AT - 1e-9, "unsupported"), (0.0, "unsupported")],
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

# A sample of the hand-labelled pairs the thresholds in assistant/support.py were chosen on.
SUPPORTED = [
    ("The POC mandate began in 1999 in Sierra Leone.", MANDATE),
    ("The protection of civilians mandate has traditionally focused on protecting civilians from threats of "
     "physical violence.", MANDATE),
    ("According to DPO doctrine, protection of civilians uses all of a mission's political and programmatic tools, "
     "not only military ones.", MANDATE),
    ("Since it started in Sierra Leone in 1999, the mandate has grown into the Council's broadest authorization to "
     "use force.", MANDATE),
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
    pieces = _sentences(MANDATE) + [MANDATE]
    expected = float((embedder.encode_passages(pieces) @ embedder.encode_passages([sentence])[0]).max())
    assert support_score(sentence, MANDATE, embedder=embedder).semantic == pytest.approx(expected, abs=1e-5)


def test_batch_scores_equal_single_scores(embedder):
    pairs = SUPPORTED[:2] + UNSUPPORTED[:2] + [SUPPORTED[0]]
    batch = support_scores(pairs, embedder=embedder)
    for (sentence, passage), result in zip(pairs, batch, strict=True):
        single = support_score(sentence, passage, embedder=embedder)
        assert result.verdict == single.verdict
        assert result.score == pytest.approx(single.score, abs=1e-5)


def test_empty_inputs_are_unsupported_not_errors(embedder):
    assert support_score("", MANDATE, embedder=embedder).verdict == "unsupported"
    assert support_score("The mission protects civilians.", "", embedder=embedder).verdict == "unsupported"
    assert support_scores([], embedder=embedder) == []
