"""What happens to fused hits: near-duplicates collapse, superseded documents sink, a local
cross-encoder may rerank. Fusion itself is :mod:`assistant.retrieval.fusion`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.text import content_words
from assistant.types import Hit, Passage, date_to_int

Ranking = list[tuple[str, float]]


def collapse_duplicates(hits: list[Hit], threshold: float) -> list[Hit]:
    """Collapse near-duplicate passages (Jaccard of their token sets >= ``threshold``) into one hit.

    Successive reports on one mission repeat paragraphs almost word for word. Each group takes the
    rank and score of its best-ranked member, shows its newest member (latest ``date``; the
    better-ranked one on a tie) and lists the others, best-ranked first, in ``also_in``. So the
    top 10 holds ten different facts, and the latest wording of each.
    """
    groups: list[list[Hit]] = []
    sets: list[set[str]] = []
    for hit in hits:
        words = content_words(hit.passage.text)
        for group, other in zip(groups, sets):
            if _jaccard(words, other) >= threshold:
                group.append(hit)
                break
        else:
            groups.append([hit])
            sets.append(words)
    return [_representative(group) for group in groups]


def _representative(group: list[Hit]) -> Hit:
    if len(group) == 1:
        return group[0]
    best = group[0]
    newest = max(group, key=lambda h: date_to_int(h.passage.date))  # max keeps the first of equals
    others = tuple(h.passage for h in group if h is not newest)
    if newest is best:
        return _with(best, also_in=best.also_in + others)
    return _with(newest, score=best.score, rank=best.rank, also_in=newest.also_in + others)


def demote_superseded(hits: list[Hit], penalty: float) -> list[Hit]:
    """Multiply the score of passages from superseded documents, then re-rank (stable)."""
    rescored = [
        (h.score * penalty if h.passage.superseded_by else h.score, i, h)
        for i, h in enumerate(hits)
    ]
    rescored.sort(key=lambda t: (-t[0], t[1]))
    return [_with(h, score=s, rank=r) for r, (s, _, h) in enumerate(rescored, 1)]


def rerank(query: str, hits: list[Hit], reranker: Any, top_n: int) -> list[Hit]:
    """Rerank with a llama-index SentenceTransformerRerank over a local cross-encoder."""
    from llama_index.core.schema import (  # only when a reranker is configured
        NodeWithScore,
        QueryBundle,
        TextNode,
    )

    nodes = [
        NodeWithScore(node=TextNode(id_=h.passage.passage_id, text=h.passage.text), score=h.score)
        for h in hits
    ]
    reranker.top_n = top_n
    out = reranker.postprocess_nodes(nodes, query_bundle=QueryBundle(query_str=query))
    by_id = {h.passage.passage_id: h for h in hits}
    return [
        _with(by_id[n.node.node_id], score=float(n.score or 0.0), rank=r)
        for r, n in enumerate(out, 1)
    ]


def cross_encoder(path: Path, top_n: int) -> Any:
    """A llama-index SentenceTransformerRerank over the local cross-encoder folder ``path``.

    Raises:
        ConfigError: ``path`` is not a folder.
    """
    if not path.is_dir():
        raise ConfigError(
            f"retrieval.reranker_path {path} is not a folder: point it at a local cross-encoder"
        )
    from llama_index.core.postprocessor import SentenceTransformerRerank

    return SentenceTransformerRerank(model=str(path), top_n=top_n, device="cpu")


def to_hits(
    ranking: Ranking,
    passages: Mapping[str, Passage],
    arm_scores: Mapping[str, Mapping[str, float]],
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
