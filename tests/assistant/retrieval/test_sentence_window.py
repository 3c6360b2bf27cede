"""Sentence-window scores: a passage lifted toward its best unit's cosine (hand-computed values),
and, over a small real index, hybrid hits that keep their own cosine as their dense score."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.index import load_snapshot
from assistant.retrieval import UNIT_BM25, Engine
from assistant.retrieval.sentence_window import candidates, lift
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.ingest.test_pipeline import write_corpus


def test_lift_raises_a_passage_toward_its_best_unit_by_the_share() -> None:
    pairs = {"short": (0.60, 0.60), "long": (0.50, 0.80)}
    # long: 0.50 + 0.75 * (0.80 - 0.50) = 0.725 > 0.60
    ranked = lift(pairs, 0.75, depth=2)
    assert [p for p, _ in ranked] == ["long", "short"]
    assert ranked[0][1] == pytest.approx(0.725)
    assert lift(pairs, 0.25, depth=2)[0] == ("short", pytest.approx(0.60))  # 0.575 < 0.60


def test_lift_never_lowers_a_passage_whose_units_score_below_it() -> None:
    assert lift({"a": (0.7, 0.4)}, 1.0, depth=1) == [("a", pytest.approx(0.7))]


def test_lift_at_share_zero_is_the_passages_own_ranking_and_ties_keep_order() -> None:
    pairs = {"a": (0.5, 0.9), "b": (0.5, 0.1), "c": (0.6, 0.6)}
    assert [p for p, _ in lift(pairs, 0.0, depth=3)] == ["c", "a", "b"]
    assert [p for p, _ in lift(pairs, 0.0, depth=1)] == ["c"]


def test_candidates_join_both_rankings_with_the_missing_cosines_filled() -> None:
    dense = [("a", 0.7), ("b", 0.6)]
    units = [("c", 0.9), ("a", 0.8)]
    pairs = candidates(dense, units, cosines={"c": 0.3}, best_units={"b": 0.65})
    assert pairs == {"a": (0.7, 0.8), "b": (0.6, 0.65), "c": (0.3, 0.9)}


def test_a_passage_without_units_or_a_stored_vector() -> None:
    pairs = candidates([("a", 0.7)], [("gone", 0.9)], cosines={}, best_units={})
    assert pairs == {"a": (0.7, 0.7)}  # its own cosine stands for its units; "gone" is skipped


def test_hybrid_hits_keep_their_own_cosine_and_name_the_unit_bm25_arm(
    tmp_path: Path, embedder
) -> None:
    s = make_settings(tmp_path / "home", retrieval={"unit_share": 1.0, "unit_bm25_weight": 0.5})
    ingest_paths(s, [write_corpus(tmp_path / "c")], progress=False, embedder=embedder)
    engine = Engine(s, embedder=embedder)
    query = "troops patrol near camps for displaced families"
    hits = engine.retrieve(query, top_k=3)
    vector = embedder.encode_query(query)
    own = load_snapshot(s, embedder).store.embeddings([h.passage.passage_id for h in hits])
    for h in hits:
        assert h.dense_score == pytest.approx(float(np.dot(own[h.passage.passage_id], vector)))
    assert UNIT_BM25 in hits[0].sources and "tier-two" in hits[0].passage.doc_id
    assert UNIT_BM25 not in engine.retrieve(query, top_k=3, method="bm25")[0].sources
