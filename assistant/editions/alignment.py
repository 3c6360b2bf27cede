"""Paragraph alignment between two editions: each older paragraph matched to at most one newer one.

By default (``method="learned"``) every (older, newer) pair is scored by the fitted pair scorer
over its evidence (:mod:`assistant.editions.pair_features`: cosine, and cosine and best-matching
sentences in standard deviations from the two documents' mean, words, rare words, the openings,
quantities kept or updated, shared names, heading, part of the report, place in the section, the
neighbouring pairs, position), and an older paragraph's candidates and "no counterpart" share
its probability (a softmax). Each older paragraph takes its most probable newer one when that
is more probable than :attr:`AlignmentConfig.min_probability`; several older paragraphs may
take the same newer one (a newer report often merges threads the older one reported apart),
and each such row carries ``shared``, how many older paragraphs the newer one took.

``method="blend"`` is the first aligner, kept for comparison: two paragraphs are as alike as their meaning (the cosine of their stored vectors) and their words
(the Dice coefficient of their words and word pairs) say, weighed by :class:`AlignmentConfig`,
with a bonus when both stand under the same heading. A small penalty for pairs far from the diagonal (relative position in each document) makes the assignment keep the
documents' order where the text keeps it, without forbidding a move. The one-to-one assignment
is scipy's ``linear_sum_assignment`` (the Hungarian method) over that score; a pair is kept only
when its meaning-and-words score reaches ``config.threshold``, so an older paragraph with no
counterpart is *dropped* and a newer one with none is *new*.

Labels: *unchanged* (the same words, spacing and case aside), *revised* (with a word-level
diff), *new*, *dropped*; a matched pair out of the documents' common order (not on the longest
run of matches whose newer index never goes back) is also *moved*.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

from assistant.editions.pair_features import (
    PairScorer,
    heading_of,
    load_pair_scorer,
    pair_features,
    row_probabilities,
)
from assistant.editions.paragraphs import Paragraph
from assistant.editions.wording import Span, changed_share, lexical_matrix, normalised, word_diff

STATUSES = ("unchanged", "revised", "new", "dropped")
_SAME_ODDS = 30.0  # paragraphs with the same words pair before any other evidence counts


@dataclass(frozen=True)
class AlignmentConfig:
    """The alignment's weights; recorded beside every cached alignment."""

    dense_weight: float = 0.4  # share of meaning (cosine) in a pair's score; the rest is words
    section_bonus: float = 0.1  # added when both paragraphs stand under the same heading
    threshold: float = 0.45  # a pair scoring less is no pair: dropped + new
    order_weight: float = 0.2  # penalty per unit of relative-position distance
    method: str = "learned"  # "learned" (the fitted pair scorer) or "blend" (the weights above)
    # learned: an older paragraph's most probable newer one is its counterpart when more probable
    # than this (chosen leave one labelled pair out on the training labels, see eval.fit_editions)
    min_probability: float = 0.7

    def to_dict(self) -> dict[str, float | str]:
        if self.method == "learned":
            return {
                "method": self.method,
                "min_probability": self.min_probability,
                "scorer": load_pair_scorer().key,
            }
        return {
            "method": self.method,
            "dense_weight": self.dense_weight,
            "section_bonus": self.section_bonus,
            "threshold": self.threshold,
            "order_weight": self.order_weight,
        }


@dataclass(frozen=True)
class AlignedPair:
    """One row of an alignment: an older paragraph, a newer one, or both."""

    status: str  # one of STATUSES
    old: int | None  # index into the older document's paragraphs
    new: int | None
    score: float = 0.0  # learned: the pair's probability; blend: its meaning-and-words score
    moved: bool = False
    diff: tuple[Span, ...] = field(default=())
    changed: float = 0.0  # share of words the diff changes
    shared: int = 1  # how many older paragraphs the newer one took (1 for a one-to-one pair)

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "old": self.old,
            "new": self.new,
            "score": round(self.score, 4),
            "moved": self.moved,
            "changed": round(self.changed, 4),
            "diff": [s.to_list() for s in self.diff],
            "shared": self.shared,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> AlignedPair:
        diff = data.get("diff") or []
        return cls(
            status=str(data["status"]),
            old=None if data.get("old") is None else int(str(data["old"])),
            new=None if data.get("new") is None else int(str(data["new"])),
            score=float(str(data.get("score", 0.0))),
            moved=bool(data.get("moved", False)),
            diff=tuple(Span(str(op), str(text)) for op, text in diff),  # type: ignore[attr-defined]
            changed=float(str(data.get("changed", 0.0))),
            shared=int(str(data.get("shared", 1))),
        )


def similarity(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    old_vectors: np.ndarray,
    new_vectors: np.ndarray,
    config: AlignmentConfig,
) -> np.ndarray:
    """The meaning-and-words score of every (older, newer) pair, in [0, 1]."""
    dense = np.clip(old_vectors @ new_vectors.T, 0.0, 1.0)
    words = lexical_matrix([p.text for p in old], [p.text for p in new])
    old_heads, new_heads = [heading_of(p) for p in old], [heading_of(p) for p in new]
    same_heading = np.array([[a != "" and a == b for b in new_heads] for a in old_heads])
    score = config.dense_weight * dense + (1.0 - config.dense_weight) * words
    out: np.ndarray = np.clip(score + config.section_bonus * same_heading, 0.0, 1.0)
    return out


def align(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    old_vectors: np.ndarray,
    new_vectors: np.ndarray,
    config: AlignmentConfig | None = None,
    *,
    old_units: Sequence[np.ndarray] | None = None,
    new_units: Sequence[np.ndarray] | None = None,
    scorer: PairScorer | None = None,
) -> tuple[AlignedPair, ...]:
    """Align two editions' paragraphs; rows in the newer document's order, each dropped
    paragraph placed just before the row of the next older paragraph kept in order.
    ``old_units``/``new_units``: each paragraph's sentence (answer-unit) vectors, where stored."""
    config = config or AlignmentConfig()
    if not old or not new:
        return tuple(AlignedPair("dropped", i, None) for i in range(len(old))) + tuple(
            AlignedPair("new", None, j) for j in range(len(new))
        )
    old_words, new_words = [normalised(p.text) for p in old], [normalised(p.text) for p in new]
    same = np.array([[a == b for b in new_words] for a in old_words], dtype=bool)
    if config.method == "learned":
        scorer = scorer or load_pair_scorer()
        features = pair_features(old, new, old_vectors, new_vectors, old_units, new_units)
        score = row_probabilities(np.where(same, _SAME_ODDS, scorer.log_odds(features)))
        best = score.argmax(axis=1)
        matched = {i: int(j) for i, j in enumerate(best) if score[i, j] > config.min_probability}
    elif config.method == "blend":
        score = np.where(same, 1.0, similarity(old, new, old_vectors, new_vectors, config))
        rows = np.arange(len(old))[:, None] / max(len(old) - 1, 1)
        cols = np.arange(len(new))[None, :] / max(len(new) - 1, 1)
        cost = -(score - config.order_weight * np.abs(rows - cols))
        matched = {
            int(i): int(j)
            for i, j in zip(*linear_sum_assignment(cost), strict=True)
            if score[i, j] >= config.threshold
        }
    else:
        raise ValueError(f"alignment method '{config.method}': give 'learned' or 'blend'")
    in_order = _longest_increasing(sorted(matched.items()))
    shared = np.bincount(list(matched.values()), minlength=len(new))
    pairs: dict[int, list[AlignedPair]] = {}
    for i, j in sorted(matched.items()):
        # Scores as the cache keeps them (4 places), so a cached alignment equals a fresh one.
        at, moved, taken = round(float(score[i, j]), 4), (i, j) not in in_order, int(shared[j])
        if same[i, j]:
            pairs.setdefault(j, []).append(AlignedPair("unchanged", i, j, at, moved, shared=taken))
            continue
        diff = word_diff(old[i].text, new[j].text)
        pairs.setdefault(j, []).append(
            AlignedPair("revised", i, j, at, moved, diff, round(changed_share(diff), 4), taken)
        )
    return _in_reading_order(len(old), len(new), pairs)


def _in_reading_order(
    n_old: int, n_new: int, pairs: dict[int, list[AlignedPair]]
) -> tuple[AlignedPair, ...]:
    """Rows in the newer document's order; a newer paragraph that took several older ones
    stands once per older one, in the older order."""
    matched_old = {p.old for taken in pairs.values() for p in taken}
    dropped = [i for i in range(n_old) if i not in matched_old]
    rows: list[AlignedPair] = []
    for j in range(n_new):
        for pair in pairs.get(j, []):
            if pair.old is not None and not pair.moved:
                while dropped and dropped[0] < pair.old:
                    rows.append(AlignedPair("dropped", dropped.pop(0), None))
            rows.append(pair)
        if j not in pairs:
            rows.append(AlignedPair("new", None, j))
    rows.extend(AlignedPair("dropped", i, None) for i in dropped)
    return tuple(rows)


def _longest_increasing(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs (sorted by older index) on a longest run whose newer index never goes back
    (several older paragraphs may share one newer one and still be in order)."""
    tails: list[int] = []  # newer index ending the best run of each length
    tail_at: list[int] = []  # position in ``pairs`` of that end
    before: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect.bisect_right(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[length] = j
            tail_at[length] = k
        before[k] = tail_at[length - 1] if length else -1
    out: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.add(pairs[k])
        k = before[k]
    return out
