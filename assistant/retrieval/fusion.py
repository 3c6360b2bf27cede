"""Fusing the dense and BM25 rankings into one: weighted reciprocal rank fusion, or relative scores.

Weighted RRF (Cormack et al. 2009, with a weight per arm): a passage's fused score is

    score(p) = sum over arms a of  weight[a] / (k + rank_a(p))

with ``rank_a`` 1-based and arms that did not return ``p`` contributing nothing. ``k`` damps the
lead of the very top ranks; equal weights and ``k = 60`` is the classic setting. Relative-score
fusion instead min-max normalises each arm's scores to [0, 1] and sums them times the weights.
Ties keep first-seen order (arms in the order given, each best first), so results are
deterministic. ``retrieval.fusion``, ``rrf_k`` and ``fusion_weights`` choose; see their
descriptions in :mod:`assistant.settings` for why the defaults are what they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.errors import ConfigError

Ranking = list[tuple[str, float]]
METHODS = ("rrf", "relative_score")


def fuse(
    rankings: Mapping[str, Sequence[tuple[str, float]]],
    *,
    method: str = "rrf",
    k: float = 60.0,
    weights: Mapping[str, float] | None = None,
    top_k: int | None = None,
) -> Ranking:
    """One ranking of ``(passage_id, fused score)``, best first, from each arm's ranking.

    Raises:
        ConfigError: an unknown ``method``, or a weight for an arm that is not given.
    """
    weights = dict(weights) if weights is not None else dict.fromkeys(rankings, 1.0)
    unknown = set(weights) - set(rankings)
    if unknown:
        raise ConfigError(
            f"fusion weights name arms {sorted(unknown)} that are not retrieved: use {sorted(rankings)}"
        )
    if method == "rrf":
        scores = _rrf(rankings, weights, k)
    elif method == "relative_score":
        scores = _relative(rankings, weights)
    else:
        raise ConfigError(f"unknown fusion method '{method}': choose one of {', '.join(METHODS)}")
    order = {pid: i for i, pid in enumerate(scores)}
    fused = sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))
    return fused[:top_k] if top_k is not None else fused


def _rrf(
    rankings: Mapping[str, Sequence[tuple[str, float]]], weights: Mapping[str, float], k: float
) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name, ranking in rankings.items():
        w = weights.get(name, 0.0)
        for rank, (pid, _) in enumerate(ranking, 1):
            scores[pid] = scores.get(pid, 0.0) + w / (k + rank)
    return scores


def _relative(
    rankings: Mapping[str, Sequence[tuple[str, float]]], weights: Mapping[str, float]
) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name, ranking in rankings.items():
        if not ranking:
            continue
        values = [s for _, s in ranking]
        low, span = min(values), max(values) - min(values)
        w = weights.get(name, 0.0)
        for pid, s in ranking:
            norm = (s - low) / span if span > 0 else 1.0
            scores[pid] = scores.get(pid, 0.0) + w * norm
    return scores
