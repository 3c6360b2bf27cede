"""Retrieval and answers over the bundled corpus (indexed once per session)."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.types import Filters


def test_search_finds_tier_three_in_the_future_of_poc_note(engine) -> None:
    hits = engine.retrieve("protection through building a protective environment", top_k=5)
    top = [h for h in hits if h.passage.doc_id == "future-of-poc"]
    assert top, [h.passage.doc_id for h in hits]
    assert any("tier 3" in h.passage.text for h in top)
    assert all(h.passage.section for h in top)


@pytest.mark.parametrize("method", ["dense", "bm25", "hybrid"])
def test_filters_apply_in_every_arm(engine, method) -> None:
    f = Filters(doc_types=("treaty",))
    hits = engine.retrieve(
        "protection of civilians in armed conflict", top_k=8, method=method, filters=f
    )
    assert hits and {h.passage.doc_type for h in hits} == {"treaty"}
    f = Filters(doc_ids=("s-2019-805",))
    hits = engine.retrieve("police", top_k=5, method=method, filters=f)
    assert hits and {h.passage.doc_id for h in hits} == {"s-2019-805"}


def test_date_range_filter(engine) -> None:
    hits = engine.retrieve(
        "mission report", top_k=10, filters=Filters(date_from="2017", date_to="2018")
    )
    assert hits and all("2017" <= h.passage.date[:4] <= "2018" for h in hits)


def test_hybrid_hits_carry_both_arms_scores(engine) -> None:
    hits = engine.retrieve("taking of hostages", top_k=5)
    assert all(h.dense_score is not None for h in hits)
    assert any(set(h.sources) == {"dense", "bm25"} for h in hits)


def test_unknown_method_is_a_config_error(engine) -> None:
    with pytest.raises(ConfigError, match="hybrid"):
        engine.retrieve("x", method="sparse")


def test_rerank_without_a_model_says_what_to_set(engine) -> None:
    with pytest.raises(ConfigError, match="reranker_path"):
        engine.retrieve("hostages", method="hybrid_rerank")
