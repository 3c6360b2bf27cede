"""What happens to fused hits: near-duplicate collapse (newest shown, others "also in"), demotion."""

from __future__ import annotations

import pytest

from assistant.retrieval.hits import collapse_duplicates, demote_superseded
from assistant.types import Hit, Passage


def _hit(pid: str, text: str, score: float, superseded_by: str = "", date: str = "") -> Hit:
    p = Passage(
        passage_id=pid,
        doc_id=pid.split(":")[0],
        text=text,
        ordinal=0,
        char_start=0,
        char_end=len(text),
        superseded_by=superseded_by,
        date=date,
    )
    return Hit(passage=p, score=score, rank=0)


def test_near_duplicates_collapse_to_the_better_ranked() -> None:
    hits = [
        _hit("a:1", "The mission shall protect civilians under threat of physical violence.", 0.3),
        _hit("b:1", "The mission shall protect civilians under threat of physical violence!", 0.2),
        _hit("c:1", "Budget pressures will reduce mission size.", 0.1),
    ]
    kept = collapse_duplicates(hits, 0.9)
    assert [h.passage.passage_id for h in kept] == ["a:1", "c:1"]
    assert [p.passage_id for p in kept[0].also_in] == ["b:1"] and kept[1].also_in == ()


def test_a_repeated_paragraph_shows_the_newest_report_at_the_best_rank() -> None:
    text = (
        "Patrols in the zone of security were stepped up after incidents involving civilians, and the"
        " mission opened two temporary operating bases near the displacement sites."
    )
    hits = [
        _hit("r2017:12", text, 0.30, date="2017-03-01"),
        _hit("other:4", "The budget was approved.", 0.25, date="2019-01-01"),
        _hit("r2019:9", text.replace("stepped up", "increased"), 0.20, date="2019-06-10"),
        _hit("r2018:10", text, 0.10, date="2018-02-01"),
    ]
    kept = collapse_duplicates(hits, 0.75)
    assert [h.passage.passage_id for h in kept] == ["r2019:9", "other:4"]
    assert kept[0].score == 0.30 and [p.passage_id for p in kept[0].also_in] == [
        "r2017:12",
        "r2018:10",
    ]


def test_superseded_documents_rank_below_their_replacement() -> None:
    hits = [
        _hit("old:1", "policy 2019 text", 0.030, superseded_by="new"),
        _hit("new:1", "policy 2023 text", 0.020),
    ]
    ranked = demote_superseded(hits, 0.5)
    assert [h.passage.passage_id for h in ranked] == ["new:1", "old:1"]
    assert ranked[1].score == pytest.approx(0.015) and ranked[0].rank == 1
