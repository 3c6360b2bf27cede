"""Order as evidence for the editions aligner, measured leave one report pair out (issue 25).

    python -m eval.editions_order --home /tmp/editions3-home

SG reports keep their section order, so a pair that keeps the order of the confident pairs around
it should be likelier than one that jumps. Against the shipped assignment (scipy's
``linear_sum_assignment`` over the pair scorer's positive log-odds, "hungarian"), two ways of
using order, each with the pair scorer fitted on the other labelled pairs:

- ``jumps(lam)``: each older paragraph to at most one newer one, maximising the summed log-odds
  less ``lam`` for every step back (a newer index not above the last one taken): a
  Needleman-Wunsch alignment with free gaps in which order is a cost, not a rule (a large
  ``lam`` keeps the order throughout; a newer paragraph may take several older ones);
- ``corridor``: a second logistic regression over the first one's log-odds and two kinds of
  order evidence from its assignment: how far the newer paragraph stands outside the corridor
  between the newer sides of the nearest in-order pairs before and after the older one, and the
  share of the in-order pairs of the older paragraph's section that land in the newer one's
  section (the two reports' section map); assigned as the shipped way. The second regression
  is fitted on the first one's in-sample log-odds of its own pairs.

The pair scorer is the shipped kind (a conditional logit, whose pair scores are log-odds against
the older paragraph having no counterpart). Prints pair precision and recall of each at several
log-odds thresholds (leave-one-pair-out on ``eval/gold/editions_alignment.json``); the held-out
pairs are not read.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

from assistant.editions import Shelf, pair_features
from assistant.open import open_glossary
from assistant.settings import load_settings
from eval.editions_bench import GOLD, gold_pairs, labelled_editions
from eval.fit_editions import fit

THRESHOLDS = (-1.0, -0.5, 0.0, 0.5, 1.0)
LAMS = (1.0, 3.0, 10.0)


def hungarian(gain: np.ndarray) -> dict[int, int]:
    rows, cols = linear_sum_assignment(-np.maximum(gain, 0.0))
    return {int(i): int(j) for i, j in zip(rows, cols, strict=True) if gain[i, j] > 0}


def jumps(gain: np.ndarray, lam: float) -> dict[int, int]:
    """Older i -> newer j (or none), maximising the summed gain less ``lam`` per step back."""
    n, m = gain.shape
    best = np.full(m, -np.inf)  # best total with the last newer paragraph taken = j
    free = 0.0  # nothing taken yet
    history = []
    for i in range(n):
        before = np.maximum.accumulate(np.concatenate([[free], best]))[:-1]  # last < j
        after = np.maximum.accumulate(best[::-1])[::-1]  # last >= j
        take = np.maximum(before, after - lam) + gain[i]
        history.append((best, before, after))
        best = np.maximum(best, take)
    out: dict[int, int] = {}
    j = int(np.argmax(best)) if best.max() > free else -1
    for i in range(n - 1, -1, -1):
        prev, before, after = history[i]
        if j < 0 or prev[j] >= max(before[j], after[j] - lam) + gain[i, j]:
            continue  # i took nothing; the state came from row i - 1
        out[i] = j
        if before[j] >= after[j] - lam:
            j = int(np.argmax(np.concatenate([[free], prev])[: j + 1])) - 1
        else:
            j += int(np.argmax(prev[j:]))
    return out


def in_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A longest run of ``pairs`` (sorted by older index) whose newer index increases."""
    tails: list[int] = []
    ends: list[int] = []
    before = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        tails[length : length + 1] = [j]
        ends[length : length + 1] = [k]
        before[k] = ends[length - 1] if length else -1
    out, k = [], ends[-1] if ends else -1
    while k >= 0:
        out.append(pairs[k])
        k = before[k]
    return out[::-1]


def order_evidence(
    odds: np.ndarray, old_sections: list[str], new_sections: list[str]
) -> np.ndarray:
    """(older x newer x 3): the log-odds, the gap outside the corridor of in-order pairs (as a
    share of the newer report), and the section map's share."""
    n, m = odds.shape
    kept = in_order(sorted(hungarian(odds).items()))
    low, high = np.zeros(n), np.full(n, m - 1.0)
    for i in range(n):
        before = [j for a, j in kept if a < i]
        after = [j for a, j in kept if a > i]
        low[i] = before[-1] if before else 0.0
        high[i] = after[0] if after else m - 1.0
    cols = np.arange(m)[None, :]
    gap = (np.clip(low[:, None] - cols, 0, None) + np.clip(cols - high[:, None], 0, None)) / m
    share = np.zeros((n, m))
    new_of = np.array(new_sections)
    for i in range(n):
        mine = [j for a, j in kept if a != i and old_sections[a] == old_sections[i]]
        for j in mine:
            share[i] += new_of == new_sections[j]
        share[i] /= max(len(mine), 1)
    return np.stack([odds, gap, share], axis=-1)


def labelled_matrices(shelf: Shelf) -> list[dict[str, Any]]:
    """Each training pair's features, labels, labelled rows and section names."""
    data = []
    for pair in gold_pairs(GOLD):
        old, new = labelled_editions(shelf, pair)
        x = pair_features(
            old.paragraphs, new.paragraphs, old.vectors, new.vectors, old.units, new.units
        )
        y = np.zeros(x.shape[:2], dtype=int)
        labelled = np.zeros(x.shape[0], dtype=bool)
        for label in pair["labels"]:
            labelled[label["old"]] = True
            y[label["old"], label["new"]] = 1
        sections = ([p.section for p in old.paragraphs], [p.section for p in new.paragraphs])
        data.append({"x": x, "y": y, "labelled": labelled, "sections": sections})
    return data


def measured(shelf: Shelf) -> dict[str, Any]:
    data = labelled_matrices(shelf)
    runs: dict[str, list[tuple[dict[str, Any], np.ndarray]]] = {"hungarian": [], "corridor": []}
    for k, held in enumerate(data):
        rest = [d for m, d in enumerate(data) if m != k]
        first = fit(_rows(rest, "x"), "")
        for d in data:
            d["z"] = order_evidence(first.log_odds(d["x"]), *d["sections"])
        second = fit(_rows(rest, "z"), "")
        runs["hungarian"].append((held, first.log_odds(held["x"])))
        runs["corridor"].append((held, second.log_odds(held["z"])))
    table: dict[str, Any] = {}
    for t in THRESHOLDS:
        row = {
            "hungarian": _scored(runs["hungarian"], hungarian, t),
            "corridor": _scored(runs["corridor"], hungarian, t),
        }
        for lam in LAMS:
            row[f"jumps({lam:g})"] = _scored(runs["hungarian"], partial(jumps, lam=lam), t)
        table[f"{t:+.1f}"] = row
    return table


def _rows(data: list[dict[str, Any]], key: str) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(d[key][d["labelled"]], d["y"][d["labelled"]].astype(bool)) for d in data]


def _scored(
    runs: list[tuple[dict[str, Any], np.ndarray]],
    assign: Callable[[np.ndarray], dict[int, int]],
    threshold: float,
) -> str:
    made = right = wanted = 0
    for d, odds in runs:
        matched = assign(odds - threshold)
        for i in np.flatnonzero(d["labelled"]):
            wanted += bool(d["y"][i].any())
            if i in matched:
                made += 1
                right += int(d["y"][i, matched[i]])
    return pr_line(right, made, wanted)


def pr_line(right: int, made: int, wanted: int) -> str:
    """Pair precision and recall as the order and second-pass benchmarks print them."""
    return f"P {right / max(made, 1):.3f} R {right / max(wanted, 1):.3f} ({right}/{made}/{wanted})"


def main(argv: list[str] | None = None) -> int:
    return run_on_home("python -m eval.editions_order", measured, argv)


def run_on_home(
    prog: str, measure: Callable[[Shelf], dict[str, Any]], argv: list[str] | None
) -> int:
    """``measure`` over the home ``--home`` names, printed as JSON (this and the second pass)."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    settings = load_settings(None, home=args.home)
    shelf = Shelf.open(args.home, glossary=open_glossary(settings), corpus_dir=settings.corpus_dir)
    json.dump(measure(shelf), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
