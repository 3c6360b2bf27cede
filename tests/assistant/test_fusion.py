"""Fusion through llama-index's QueryFusionRetriever, on literal rankings."""

from __future__ import annotations

import numpy as np
import pytest
from llama_index.core.schema import TextNode

from assistant.retrieval import collapse_duplicates, demote_superseded, fuse
from assistant.types import Hit, Passage

_NODES: dict[str, TextNode] = {}


def node_of(pid: str) -> TextNode:
    return _NODES.setdefault(pid, TextNode(id_=pid, text=pid))


def run(arms: dict[str, list[tuple[str, float]]], mode: str = "reciprocal_rerank", weights=None):
    fns = {name: (lambda qb, r=ranking: r) for name, ranking in arms.items()}
    return fuse("q", np.zeros(3), fns, node_of, mode=mode, top_k=10, weights=weights)


def test_rrf_scores_are_sum_of_reciprocal_ranks_with_k_60() -> None:
    fused, seen = run({"dense": [("a", 0.9), ("b", 0.8), ("c", 0.7)], "bm25": [("b", 12.0), ("c", 9.0), ("d", 1.0)]})
    # a: 1/60 = 0.016667; b: 1/61 + 1/60 = 0.033060; c: 1/62 + 1/61 = 0.032523; d: 1/62 = 0.016129
    assert [pid for pid, _ in fused] == ["b", "c", "a", "d"]
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 61 + 1 / 60)
    assert scores["c"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 60)
    assert scores["d"] == pytest.approx(1 / 62)
    assert seen["dense"]["a"] == 0.9 and seen["bm25"]["b"] == 12.0


def test_rrf_with_one_empty_arm_keeps_the_other_order() -> None:
    fused, _ = run({"dense": [("x", 0.5), ("y", 0.4)], "bm25": []})
    assert [pid for pid, _ in fused] == ["x", "y"]


def test_relative_score_fusion_weights_minmax_scores() -> None:
    fused, _ = run(
        {"dense": [("a", 0.9), ("b", 0.5)], "bm25": [("b", 10.0), ("c", 0.0)]},
        mode="relative_score",
        weights=[0.5, 0.5],
    )
    # min-max per arm: dense a=1, b=0; bm25 b=1, c=0; each times 0.5, summed per passage.
    scores = dict(fused)
    assert scores["a"] == pytest.approx(0.5)
    assert scores["b"] == pytest.approx(0.5)
    assert scores["c"] == pytest.approx(0.0)


def _hit(pid: str, text: str, score: float, superseded_by: str = "") -> Hit:
    p = Passage(passage_id=pid, doc_id=pid.split(":")[0], text=text, ordinal=0, char_start=0, char_end=len(text), superseded_by=superseded_by)
    return Hit(passage=p, score=score, rank=0)


def test_near_duplicates_collapse_to_the_better_ranked() -> None:
    hits = [
        _hit("a:1", "The mission shall protect civilians under threat of physical violence.", 0.3),
        _hit("b:1", "The mission shall protect civilians under threat of physical violence!", 0.2),
        _hit("c:1", "Budget pressures will reduce mission size.", 0.1),
    ]
    kept = collapse_duplicates(hits, 0.9)
    assert [h.passage.passage_id for h in kept] == ["a:1", "c:1"]


def test_superseded_documents_rank_below_their_replacement() -> None:
    hits = [_hit("old:1", "policy 2019 text", 0.030, superseded_by="new"), _hit("new:1", "policy 2023 text", 0.020)]
    ranked = demote_superseded(hits, 0.5)
    assert [h.passage.passage_id for h in ranked] == ["new:1", "old:1"]
    assert ranked[1].score == pytest.approx(0.015) and ranked[0].rank == 1
