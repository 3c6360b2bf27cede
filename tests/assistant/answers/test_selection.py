"""Selecting answer units (assistant/answers/selection.py): the word budget counts what each
quote will take."""

from __future__ import annotations

from assistant.answers.questions import classify
from assistant.answers.scoring import Candidate
from assistant.answers.selection import select
from assistant.answers.units import units_of
from assistant.settings_compose import ComposeSettings
from assistant.types import Hit, Passage


def _passage(pid: str, text: str, **kw: object) -> Passage:
    return Passage(
        passage_id=pid, doc_id=pid, text=text, ordinal=1, char_start=0, char_end=len(text), **kw
    )  # type: ignore[arg-type]


def test_a_treaty_paragraph_counts_the_words_of_the_article_run_it_quotes() -> None:
    """Art. 5(1) is six words, but with Art. 5(2) above the floor its quote is the run (1)-(2),
    over a hundred words: it does not fit a 60-word budget beside the report's sentence."""
    long = " ".join(["The shelters shall be marked with the sign of civil defence"] * 10)
    treaty = _passage(
        "t", f"1. Each Party shall mark shelters.\n2. {long}.", doc_type="treaty",
        paragraph="Art. 5", section=("Article 5",),
    )  # fmt: skip
    report = _passage("r", "Shelters were marked in every district by the mission.")
    hits = [Hit(passage=report, score=1.0, rank=1), Hit(passage=treaty, score=0.9, rank=2)]
    first, second = units_of(treaty)
    candidates = [
        Candidate(0, units_of(report)[0], 1.0, 1.0, score=1.0),
        Candidate(1, first, 0.9, 0.9, score=0.9),
        Candidate(1, second, 0.9, 0.9, score=0.8),
    ]
    form = classify("How are shelters marked?")
    tuning = ComposeSettings(word_budget=60, overrun=1.0)
    chosen, _ = select(candidates, form, hits, max_units=4, tuning=tuning)
    assert [c.hit_index for c in chosen] == [0]
    roomy = ComposeSettings(word_budget=300, overrun=1.0)
    chosen, _ = select(candidates, form, hits, max_units=4, tuning=roomy)
    assert [c.hit_index for c in chosen][:2] == [0, 1]
