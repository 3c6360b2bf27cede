"""Table rows as answers: the row a question names comes first, and a quoted row names its table."""

from __future__ import annotations

from assistant.answers.questions import classify
from assistant.answers.scoring import Candidate
from assistant.answers.table_rows import (
    counts_in_row,
    favour_named_rows,
    is_row,
    question_words,
    row_label,
    with_caption,
)
from assistant.answers.units import Unit, answer_units
from assistant.text import tokens
from assistant.types import Hit, Passage

CAPTION = "Annex II. Composition and strength of the police as at 23 February 2017"
ROWS = [
    "Country: India; United Nations police officers, Men: 13; Formed police units, Men: 439",
    "Country: Jordan; United Nations police officers, Men: 33; Formed police units, Men: 316",
    "Country: Total; United Nations police officers, Men: 46; Formed police units, Men: 755",
]
PROSE = "Formed police units of MINUSTAH supported the national police during the elections."


def _hits_and_candidates(scores: list[float]) -> tuple[list[Hit], list[Candidate], list[str]]:
    text = "\n\n".join([*ROWS, PROSE])
    passage = Passage("p1", "d", text, 0, 0, len(text), section=("Annex II", CAPTION))
    texts, candidates, at = [], [], 0
    for n, (unit_text, score) in enumerate(zip([*ROWS, PROSE], scores, strict=True)):
        start = text.index(unit_text, at)
        at = start + len(unit_text)
        texts.append(unit_text)
        candidates.append(
            Candidate(0, Unit(start, at, "sentence", block=n), 0.5, 0.5, score=score, value=0.5)
        )
    return [Hit(passage, 1.0, 1)], candidates, texts


def test_a_row_is_header_cells_and_its_label_is_the_first_cell() -> None:
    assert is_row(ROWS[0])
    assert row_label(ROWS[0]) == "India"
    assert not is_row(PROSE)
    assert not is_row("Country: India")  # one cell: a heading, not a row
    assert not is_row("Note: see annex; Source: the mission")  # no figure
    # a sentence that lists is not a row: its items are not cells under headers
    assert not is_row(
        "Four parties won seats in the Parliament: CNRT, 30 seats; Fretilin, 25 seats"
    )


def test_a_short_row_is_an_answer_unit_of_its_own() -> None:
    text = "Country: Togo; Men: 9\n\nCountry: Mali; Women: 2; Men: 36"
    assert [text[u.start : u.end] for u in answer_units(text)] == [
        "Country: Togo; Men: 9",
        "Country: Mali; Women: 2; Men: 36",
    ]


def test_demonyms_name_their_country() -> None:
    assert {"india", "jordan"} <= question_words("how many Indian and Jordanian police?")


def test_the_row_the_question_names_comes_first_and_states_the_value() -> None:
    question = "how many formed police did Jordan have in MINUSTAH?"
    hits, candidates, texts = _hits_and_candidates([0.5, 0.3, 0.4, 0.8])
    out = favour_named_rows(question, classify(question), texts, candidates, hits)
    best = max(out, key=lambda c: c.score)
    assert texts[out.index(best)] == ROWS[1]
    assert best.value == 1.0
    assert [c.score for c in out][0::2] == [0.5, 0.4]  # the others are unchanged
    assert out[3].score == 0.8


def test_the_total_row_answers_a_question_for_the_total() -> None:
    question = "what was the total formed police strength of MINUSTAH?"
    hits, candidates, texts = _hits_and_candidates([0.5, 0.3, 0.1, 0.8])
    out = favour_named_rows(question, classify(question), texts, candidates, hits)
    assert texts[out.index(max(out, key=lambda c: c.score))] == ROWS[2]


def test_no_row_named_or_no_figure_asked_changes_nothing() -> None:
    for question in ("how many formed police did Senegal send?", "What is a formed police unit?"):
        hits, candidates, texts = _hits_and_candidates([0.5, 0.3, 0.1, 0.8])
        assert favour_named_rows(question, classify(question), texts, candidates, hits) == (
            candidates
        )


def test_a_quoted_row_is_shown_after_its_caption() -> None:
    hits, _, _ = _hits_and_candidates([0.1] * 4)
    assert with_caption(hits[0].passage, ROWS[0], ROWS[0]) == f"{CAPTION}: {ROWS[0]}"
    assert with_caption(hits[0].passage, PROSE, PROSE) == PROSE


def test_a_row_counts_what_its_caption_and_headers_name_but_not_by_proper_names() -> None:
    row = f"Composition of the police component of UNMIK in Kosovo: {ROWS[2]}"
    assert counts_in_row(row, set(tokens("how many police officers")), tokens)
    assert not counts_in_row(row, set(tokens("how many people in Kosovo")), tokens)
    assert not counts_in_row(PROSE, set(tokens("how many police")), tokens)
