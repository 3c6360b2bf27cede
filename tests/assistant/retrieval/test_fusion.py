"""Weighted reciprocal rank fusion and relative-score fusion, on literal rankings."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.retrieval.fusion import fuse

DENSE = [("a", 0.9), ("b", 0.8), ("c", 0.7)]
BM25 = [("b", 12.0), ("c", 9.0), ("d", 1.0)]


def test_rrf_scores_are_sums_of_reciprocal_ranks_with_k_60() -> None:
    fused = fuse({"dense": DENSE, "bm25": BM25})
    # a: 1/61; b: 1/62 + 1/61; c: 1/63 + 1/62; d: 1/63 (ranks are 1-based)
    assert [pid for pid, _ in fused] == ["b", "c", "a", "d"]
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 62)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["d"] == pytest.approx(1 / 63)


def test_rrf_weights_and_k_scale_each_arm() -> None:
    fused = dict(fuse({"dense": DENSE, "bm25": BM25}, k=10, weights={"dense": 0.25, "bm25": 0.75}))
    assert fused["a"] == pytest.approx(0.25 / 11)
    assert fused["b"] == pytest.approx(0.25 / 12 + 0.75 / 11)
    assert fused["d"] == pytest.approx(0.75 / 13)


def test_a_heavier_bm25_weight_lets_its_top_hit_lead() -> None:
    fused = fuse(
        {"dense": [("x", 1.0), ("y", 0.5)], "bm25": [("y", 3.0), ("x", 2.0)]},
        weights={"dense": 0.4, "bm25": 0.6},
    )
    assert [pid for pid, _ in fused] == ["y", "x"]


def test_ties_keep_first_seen_order() -> None:
    fused = fuse({"dense": [("x", 1.0)], "bm25": [("y", 1.0)]})
    assert [pid for pid, _ in fused] == ["x", "y"]


def test_rrf_with_one_empty_arm_keeps_the_other_order_and_top_k_cuts() -> None:
    fused = fuse({"dense": [("x", 0.5), ("y", 0.4), ("z", 0.1)], "bm25": []}, top_k=2)
    assert [pid for pid, _ in fused] == ["x", "y"]


def test_relative_score_fusion_weights_minmax_scores() -> None:
    fused = dict(
        fuse(
            {"dense": [("a", 0.9), ("b", 0.5)], "bm25": [("b", 10.0), ("c", 0.0)]},
            method="relative_score",
            weights={"dense": 0.5, "bm25": 0.5},
        )
    )
    # min-max per arm: dense a=1, b=0; bm25 b=1, c=0; each times 0.5, summed per passage.
    assert fused == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0})


def test_unknown_method_and_unknown_arm_weights_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown fusion method 'borda'"):
        fuse({"dense": DENSE}, method="borda")
    with pytest.raises(ConfigError, match="sparse"):
        fuse({"dense": DENSE}, weights={"sparse": 1.0})
