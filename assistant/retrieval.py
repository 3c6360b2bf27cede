"""Dense, BM25 and hybrid retrieval over committed passages.

Each arm is a llama-index retriever; hybrid fuses them with llama-index's QueryFusionRetriever
(reciprocal rank fusion by default), then collapses near-duplicates, demotes superseded
documents and optionally reranks with a local cross-encoder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.types import Hit, Passage

Ranking = list[tuple[str, float]]
_WORD = re.compile(r"\w+")


class _Arm(BaseRetriever):
    """Adapts a ``(query, k, filters) -> [(passage_id, score)]`` function to llama-index."""

    def __init__(self, name: str, search: Callable[[QueryBundle], Ranking], nodes: Callable[[str], TextNode]):
        super().__init__()
        self.name = name
        self._search = search
        self._nodes = nodes
        self.seen: dict[str, float] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        ranking = self._search(query_bundle)
        self.seen = dict(ranking)
        return [NodeWithScore(node=self._nodes(pid), score=score) for pid, score in ranking]


def fuse(
    query: str,
    embedding: np.ndarray,
    arms: dict[str, Callable[[QueryBundle], Ranking]],
    node_of: Callable[[str], TextNode],
    *,
    mode: str,
    top_k: int,
    weights: Sequence[float] | None = None,
) -> tuple[list[tuple[str, float]], dict[str, dict[str, float]]]:
    """Fused (passage_id, score) ranking and each arm's own scores."""
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever

    retrievers = [_Arm(name, fn, node_of) for name, fn in arms.items()]
    kwargs: dict[str, Any] = {}
    if mode != "reciprocal_rerank" and weights is not None:
        kwargs["retriever_weights"] = list(weights)
    fusion = QueryFusionRetriever(
        retrievers,
        llm=MockLLM(),  # never asked: num_queries=1 generates no extra queries
        mode=mode,
        similarity_top_k=top_k,
        num_queries=1,
        use_async=False,
        verbose=False,
        **kwargs,
    )
    fused = fusion.retrieve(QueryBundle(query_str=query, embedding=list(map(float, embedding))))
    return [(n.node.node_id, float(n.score or 0.0)) for n in fused], {r.name: r.seen for r in retrievers}


def collapse_duplicates(hits: list[Hit], threshold: float) -> list[Hit]:
    """Drop a passage whose word set overlaps a better-ranked one by Jaccard >= threshold."""
    kept: list[Hit] = []
    kept_sets: list[set[str]] = []
    for hit in hits:
        words = set(_WORD.findall(hit.passage.text.lower()))
        if any(_jaccard(words, other) >= threshold for other in kept_sets):
            continue
        kept.append(hit)
        kept_sets.append(words)
    return kept


def demote_superseded(hits: list[Hit], penalty: float) -> list[Hit]:
    """Multiply the score of passages from superseded documents, then re-rank (stable)."""
    rescored = [
        (h.score * penalty if h.passage.superseded_by else h.score, i, h) for i, h in enumerate(hits)
    ]
    rescored.sort(key=lambda t: (-t[0], t[1]))
    return [_with(h, score=s, rank=r) for r, (s, _, h) in enumerate(rescored, 1)]


def rerank(query: str, hits: list[Hit], reranker: Any, top_n: int) -> list[Hit]:
    """Rerank with a llama-index SentenceTransformerRerank over a local cross-encoder."""
    nodes = [NodeWithScore(node=TextNode(id_=h.passage.passage_id, text=h.passage.text), score=h.score) for h in hits]
    reranker.top_n = top_n
    out = reranker.postprocess_nodes(nodes, query_bundle=QueryBundle(query_str=query))
    by_id = {h.passage.passage_id: h for h in hits}
    return [_with(by_id[n.node.node_id], score=float(n.score or 0.0), rank=r) for r, n in enumerate(out, 1)]


def to_hits(
    ranking: Ranking, passages: dict[str, Passage], arm_scores: dict[str, dict[str, float]]
) -> list[Hit]:
    hits = []
    for rank, (pid, score) in enumerate(ranking, 1):
        passage = passages.get(pid)
        if passage is None:  # a vector the ledger has not committed (an ingest in flight)
            continue
        sources = tuple(name for name, seen in arm_scores.items() if pid in seen)
        hits.append(
            Hit(
                passage=passage,
                score=score,
                rank=rank,
                sources=sources,
                dense_score=arm_scores.get("dense", {}).get(pid),
                bm25_score=arm_scores.get("bm25", {}).get(pid),
            )
        )
    return hits


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _with(hit: Hit, **changes: Any) -> Hit:
    from dataclasses import replace

    return replace(hit, **changes)

