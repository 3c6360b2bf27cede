"""Table rows as answers: the row a question names comes first, and a quoted row names its table."""

from __future__ import annotations

from assistant.answers.composer import Composer
from assistant.answers.questions import classify
from assistant.answers.scoring import Candidate
from assistant.answers.table_rows import (
    counts_in_row,
    favour_named_rows,
    is_row,
    question_words,
    row_caption,
    row_label,
    with_caption,
)
from assistant.answers.units import Unit, answer_units
from assistant.index import LexicalIndex
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


def test_a_figure_asked_of_the_whole_is_answered_by_the_total_row() -> None:
    # names no row of the table: the summarising row answers it, before prose that scores higher
    question = "how many formed police did MINUSTAH have in February 2017?"
    hits, candidates, texts = _hits_and_candidates([0.5, 0.3, 0.1, 0.8])
    out = favour_named_rows(question, classify(question), texts, candidates, hits)
    best = max(out, key=lambda c: c.score)
    assert texts[out.index(best)] == ROWS[2] and best.value == 1.0
    assert [c.score for c in out][:2] == [0.5, 0.3]  # the other rows are unchanged


def test_a_named_row_a_place_the_table_lacks_or_another_topic_is_not_answered_by_the_total() -> (
    None
):
    for question in (
        "how many formed police did India have in MINUSTAH?",  # the named row, not the total
        "how many formed police did Fiji have in MINUSTAH?",  # a place the table does not hold
        "how many Fijian police officers served in MINUSTAH?",
        # most of its words are not the table's: it asks of something else at the same date
        "how many homicides were reported in Haiti in February 2017?",
    ):
        hits, candidates, texts = _hits_and_candidates([0.5, 0.3, 0.1, 0.8])
        out = favour_named_rows(question, classify(question), texts, candidates, hits)
        assert out[2].score == 0.1, question


def test_a_row_takes_in_its_captions_words_for_matching_the_question() -> None:
    hits, _, _ = _hits_and_candidates([0.1] * 4)
    assert row_caption(hits[0].passage, ROWS[0]) == CAPTION
    assert row_caption(hits[0].passage, PROSE) == ""


def test_a_row_whose_caption_alone_says_what_it_counts_answers_the_whole() -> None:
    # UNMIK's police table: the headers are Women / Men / Total, "police" is only in the caption
    caption = "Composition and strength of the police component of UNMIK as at 1 October 2018"
    rows = ["Country: Austria; Women: 1; Total: 1", "Country: Total; Women: 3; Men: 8; Total: 11"]
    prose = "UNMIK liaised with the Kosovo Police on 634 requests in October 2018."
    passages = [
        Passage("p0", "d", prose, 0, 0, len(prose), section=("VIII. Partnerships",)),
        Passage("p1", "d", "\n\n".join(rows), 1, 0, 40, section=("Annex III", caption)),
    ]
    hits = [Hit(passages[0], 1.0, 1, dense_score=0.5), Hit(passages[1], 0.5, 2, dense_score=0.3)]
    index = LexicalIndex.build(passages, generation=1)
    composer = Composer(tokens=index.query_tokens, idf=index.idf, encode=None, max_units=1)
    question = "how many police officers did UNMIK have in October 2018?"
    sentences, _ = composer.compose(question, classify(question), hits)
    assert sentences[0].text.endswith(rows[1])
