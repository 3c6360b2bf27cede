"""Fit the paragraph-pair scorer of the editions aligner on the hand-labelled alignment set.

    python -m eval.fit_editions --home /tmp/editions-units-home            # cross-check + fit
    python -m eval.fit_editions --home /tmp/editions-units-home --write    # + ship the fit
    python -m eval.fit_editions --home /tmp/editions-units-home --heldout  # + the held-out pairs
    python -m eval.fit_editions --home /tmp/editions-units-home --sweep    # + a P/R curve

Rows: every labelled older paragraph against every paragraph of the newer report (features of
:mod:`assistant.editions.pair_features`), 1 where the labels accept the newer paragraph. The
scorer is a conditional logit: an older paragraph's candidates and "no counterpart" (score 0)
share its probability in a softmax, and the fit maximises the probability of the labels'
answer (any accepted newer paragraph, or none), with an L2 penalty on the standardised weights
(the scaling folded back into the weights, so aligning needs no scipy optimiser). The fit on all
labelled pairs is what ``--write`` ships to ``assistant/editions/data/pair_scorer.json``.

Before that, the honest figure: leave one labelled report pair out, fit on the others, align the
left-out pair with that fit and score it (pair precision and recall); and, asked for, the
held-out pairs (``eval/gold/editions_alignment_heldout.json``, labelled before this aligner ran
on them) aligned with the fit on all three. Features and fitting are chosen on the first figure
only; ``eval.editions_bench`` reports the held-out pairs with the shipped fit.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.editions import (
    FEATURES,
    SCORER_FORMAT,
    SCORER_PATH,
    AlignmentConfig,
    PairScorer,
    Shelf,
    pair_features,
)
from assistant.open import open_glossary
from assistant.settings import load_settings
from eval.editions_bench import (
    GOLD,
    HELD_OUT,
    SWEEP,
    gold_pairs,
    labelled_editions,
    score_pair,
    summed,
)

L2 = 1.0  # penalty on the standardised weights (as scikit-learn's default C=1); not searched


def labelled_rows(shelf: Shelf, pair: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Features and 0/1 labels of every labelled older paragraph against every newer one."""
    old, new = labelled_editions(shelf, pair)
    x = pair_features(
        old.paragraphs, new.paragraphs, old.vectors, new.vectors, old.units, new.units
    )
    olds = [label["old"] for label in pair["labels"]]
    labels = np.zeros((len(olds), len(new.paragraphs)), dtype=bool)
    for row, label in enumerate(pair["labels"]):
        labels[row, label["new"]] = True
    return x[olds], labels


def fit(data: list[tuple[np.ndarray, np.ndarray]], version: str) -> PairScorer:
    """The conditional logit over labelled report pairs, each (older rows x newer x features,
    older rows x newer accepted)."""
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    flat = np.concatenate([x.reshape(-1, x.shape[-1]) for x, _ in data])
    mean, scale = flat.mean(axis=0), flat.std(axis=0) + 1e-9
    scaled = [((x - mean) / scale, y) for x, y in data]
    result = minimize(
        _loss, np.zeros(flat.shape[1] + 1), args=(scaled,), jac=True, method="L-BFGS-B"
    )
    weights = result.x[:-1] / scale
    return PairScorer(weights, float(result.x[-1] - weights @ mean), version)


def _loss(theta: np.ndarray, data: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, np.ndarray]:
    """Negative log-likelihood of the labels' answers, plus the L2 penalty; and its gradient."""
    from scipy.special import logsumexp  # type: ignore[import-untyped]

    w, b = theta[:-1], theta[-1]
    loss, grad = 0.5 * L2 * float(w @ w), np.append(L2 * w, 0.0)
    for x, y in data:
        s = x @ w + b
        log_z = logsumexp(np.concatenate([s, np.zeros((len(s), 1))], axis=1), axis=1)
        some = y.any(axis=1)
        log_t = np.where(some, logsumexp(np.where(y, s, -np.inf), axis=1), 0.0)
        loss += float((log_z - log_t).sum())
        g = np.exp(s - log_z[:, None]) - np.where(y, np.exp(s - log_t[:, None]), 0.0)
        grad[:-1] += np.einsum("rmf,rm->f", x, g)
        grad[-1] += g.sum()
    return loss, grad


def lopo_at(
    shelf: Shelf, pairs: list[dict[str, Any]], fits: list[PairScorer], config: AlignmentConfig
) -> dict[str, Any]:
    """Leave-one-pair-out precision and recall at ``config``'s threshold."""
    scored = [score_pair(shelf, p, config, s) for p, s in zip(pairs, fits, strict=True)]
    out = {k: v for k, v in summed(scored, config).items() if k not in ("pairs", "config")}
    return {"min_probability": config.min_probability, **out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fit_editions")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--write", action="store_true", help=f"write the fit to {SCORER_PATH}")
    parser.add_argument("--heldout", action="store_true", help="also score the held-out pair")
    parser.add_argument(
        "--sweep", action="store_true", help="leave-one-pair-out at other log-odds thresholds"
    )
    args = parser.parse_args(argv)
    settings = load_settings(None, home=args.home)
    shelf = Shelf.open(args.home, glossary=open_glossary(settings), corpus_dir=settings.corpus_dir)
    config = AlignmentConfig()
    pairs = gold_pairs(GOLD)
    data = [labelled_rows(shelf, p) for p in pairs]
    report: dict[str, Any] = {"features": list(FEATURES), "leave_one_pair_out": []}
    held_out_fits = []
    for k, pair in enumerate(pairs):
        scorer = fit([d for m, d in enumerate(data) if m != k], "")
        held_out_fits.append(scorer)
        report["leave_one_pair_out"].append(score_pair(shelf, pair, config, scorer))
    report["leave_one_pair_out_all"] = {
        k: v for k, v in summed(report["leave_one_pair_out"], config).items() if k != "pairs"
    }
    if args.sweep:
        report["leave_one_pair_out_sweep"] = [
            lopo_at(shelf, pairs, held_out_fits, replace(config, min_probability=t)) for t in SWEEP
        ]
    positive = sum(int(y.sum()) for _, y in data)
    version = f"fit on {GOLD.name}: {len(pairs)} report pairs, {positive} positive rows"
    scorer = fit(data, version)
    report["weights"] = dict(zip(FEATURES, np.round(scorer.weights, 4).tolist(), strict=True))
    report["intercept"] = round(scorer.intercept, 4)
    if args.heldout:
        report["heldout"] = summed(
            [score_pair(shelf, p, config, scorer) for p in gold_pairs(HELD_OUT)], config
        )
    if args.write:
        SCORER_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCORER_PATH.write_text(
            json.dumps(
                {
                    "format": SCORER_FORMAT,
                    "version": version,
                    "features": list(FEATURES),
                    "weights": scorer.weights.tolist(),
                    "intercept": scorer.intercept,
                    "model": "conditional logit: softmax over an older paragraph's newer "
                    "candidates and none (score 0)",
                    "l2_penalty": L2,
                    "fitted_on": str(GOLD.relative_to(Path(__file__).parent.parent)),
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
