"""Sentence-window scores: a passage ranked by its best answer unit as well as by itself.

A passage's vector is one average over all its sentences, so a long paragraph or treaty article
whose one sentence answers a question ranks below shorter passages on the same topic; and BM25
over a whole passage counts the question's words wherever they fall in it. The answer units
stored at ingest (sentences, list items, article paragraphs: :class:`assistant.index.UnitIndex`)
give each passage a second score, its best unit's:

- the dense arm's score of a passage is lifted toward its best unit's cosine when that is higher,
  ``cos_p + share * max(0, cos_u - cos_p)`` (:func:`lift`; share 0 is the passage alone, 1 its
  best unit), over the passages either ranking returned;
- the unit BM25 arm (:mod:`assistant.retrieval.unit_lexical`) ranks a passage by its best unit,
  so the question's words must meet in one sentence.

``retrieval.unit_share`` and ``retrieval.unit_bm25_weight`` are fitted on the dev splits by
``python -m eval.tune_units``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from assistant.index import Snapshot
from assistant.types import Filters

Ranking = list[tuple[str, float]]
Pair = tuple[float, float]  # (the passage's own cosine, its best unit's cosine)


def _lift(cosine: float, unit: float, share: float) -> float:
    return cosine + share * max(0.0, unit - cosine)


def lift(pairs: Mapping[str, Pair], share: float, depth: int) -> Ranking:
    """The ``depth`` best passages by their lifted score, best first; ties keep ``pairs``' order.

    Args:
        pairs: each candidate passage's own cosine and its best unit's cosine with the query.
        share: how far a passage's score rises toward its best unit's (0 to 1).
        depth: how many passages to return.
    """
    scored = [(pid, _lift(c, u, share)) for pid, (c, u) in pairs.items()]
    order = {pid: i for i, (pid, _) in enumerate(scored)}
    scored.sort(key=lambda item: (-item[1], order[item[0]]))
    return scored[:depth]


def candidates(
    dense: Ranking,
    units: Ranking,
    cosines: Mapping[str, float],
    best_units: Mapping[str, float],
) -> dict[str, Pair]:
    """(passage cosine, best unit cosine) of every passage the dense or unit ranking returned.

    Args:
        dense: passages by their own cosine (the dense arm), best first.
        units: passages by their best unit's cosine, best first.
        cosines: own cosines of the unit ranking's passages the dense ranking lacks.
        best_units: best unit cosines of the dense ranking's passages the unit ranking lacks
            (a passage without units scores as itself).
    """
    own = dict(dense)
    unit = dict(units)
    out: dict[str, Pair] = {}
    for pid, _ in [*dense, *units]:
        if pid in out:
            continue
        c = own[pid] if pid in own else cosines.get(pid)
        if c is None:  # a vector the store does not hold (an ingest in flight)
            continue
        out[pid] = (c, unit[pid] if pid in unit else best_units.get(pid, c))
    return out


def by_best_unit(
    snapshot: Snapshot, vector: np.ndarray, k: int, filters: Filters | None
) -> Ranking:
    """The ``k`` passages whose best answer unit is nearest ``vector``, with its cosine."""
    allowed = None
    mask = snapshot.lexical.mask(filters)
    if mask is not None:
        allowed = [snapshot.lexical.ids[i] for i in np.flatnonzero(mask)]
    pairs = snapshot.units.search(vector, k, allowed)
    return [(pid, score) for pid, score in pairs if pid in snapshot.passages]


def pairs_of(
    snapshot: Snapshot, dense: Ranking, units: Ranking, vector: np.ndarray
) -> dict[str, Pair]:
    """:func:`candidates` read from ``snapshot``: the own vectors of the passages only the unit
    ranking found come from the store, the unit vectors of those only the dense ranking found
    from the snapshot's units."""
    own = {pid for pid, _ in dense}
    found = {pid for pid, _ in units}
    missing = [pid for pid, _ in units if pid not in own]
    stored = snapshot.store.embeddings(missing) if missing else {}
    cosines = {pid: float(np.dot(e, vector)) for pid, e in stored.items()}
    best: dict[str, float] = {}
    for pid, _ in dense:
        if pid not in found and (vectors := snapshot.units.vectors_of(pid)):
            best[pid] = float(np.max(np.stack(list(vectors.values())) @ vector))
    return candidates(dense, units, cosines, best)
