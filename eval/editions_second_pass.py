"""A second pass for the editions aligner that reads the first pass's neighbours (issue 25).

    python -m eval.editions_second_pass --home /tmp/editions5-home

A report keeps its threads in runs, so if the older paragraphs before and after ``i`` went to
(or next to) newer paragraph ``j``, ``i`` likely goes there too. The first pass is the shipped
pair scorer; the second is another conditional logit (:func:`eval.fit_editions.fit`) over each
pair's first-pass score and the first pass's probabilities that the older paragraph before goes
to ``j - 1`` or ``j``, and the one after to ``j`` or ``j + 1`` (and their product). Measured
leave one labelled pair out on the training labels only; the second pass is fitted on first-pass
scores made out of fold (the first pass for each training pair fitted without it), so it learns
how far to trust scores as they come on unseen reports. Both passes are decoded as shipped: an
older paragraph takes its most probable newer one above ``min_probability``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from assistant.editions import PairScorer, Shelf, row_probabilities
from eval.editions_bench import SWEEP
from eval.editions_order import labelled_matrices, pr_line, run_on_home
from eval.fit_editions import fit


def neighbour_evidence(scores: np.ndarray) -> np.ndarray:
    """(older x newer x 4): the first-pass score, P(i-1 -> j-1 or j), P(i+1 -> j or j+1) and
    their product."""
    p = row_probabilities(scores)
    left, right = np.zeros_like(p), np.zeros_like(p)
    left[:, 1:], right[:, :-1] = p[:, :-1], p[:, 1:]
    before, after = np.zeros_like(p), np.zeros_like(p)
    before[1:] = (p + left)[:-1]
    after[:-1] = (p + right)[1:]
    return np.stack([np.clip(scores, -30, 30), before, after, before * after], axis=-1)


def _fitted(data: list[dict[str, Any]], key: str, on: list[int]) -> PairScorer:
    return fit(
        [(data[m][key][data[m]["labelled"]], data[m]["y"][data[m]["labelled"]]) for m in on], ""
    )


def measured(shelf: Shelf) -> dict[str, Any]:
    data = labelled_matrices(shelf)
    for d in data:
        d["y"] = d["y"].astype(bool)
    first_runs, second_runs = [], []
    for k, held in enumerate(data):
        rest = [m for m in range(len(data)) if m != k]
        first = _fitted(data, "x", rest)
        for m in rest:  # out-of-fold first-pass scores for the second pass to learn from
            others = [q for q in rest if q != m]
            data[m]["z"] = neighbour_evidence(_fitted(data, "x", others).log_odds(data[m]["x"]))
        second = _fitted(data, "z", rest)
        scores = first.log_odds(held["x"])
        first_runs.append((held, scores))
        second_runs.append((held, second.log_odds(neighbour_evidence(scores))))
    return {
        f"{t:.2f}": {
            "first pass (shipped)": _scored(first_runs, t),
            "second pass": _scored(second_runs, t),
        }
        for t in SWEEP
    }


def _scored(runs: list[tuple[dict[str, Any], np.ndarray]], least: float) -> str:
    made = right = wanted = 0
    for d, scores in runs:
        p = row_probabilities(scores)
        best = p.argmax(axis=1)
        for i in np.flatnonzero(d["labelled"]):
            wanted += bool(d["y"][i].any())
            if p[i, best[i]] > least:
                made += 1
                right += int(d["y"][i, best[i]])
    return pr_line(right, made, wanted)


def main(argv: list[str] | None = None) -> int:
    return run_on_home("python -m eval.editions_second_pass", measured, argv)


if __name__ == "__main__":
    raise SystemExit(main())
