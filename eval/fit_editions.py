"""Fit the paragraph-pair scorer of the editions aligner on the hand-labelled alignment set.

    python -m eval.fit_editions --home /tmp/editions-units-home            # cross-check + fit
    python -m eval.fit_editions --home /tmp/editions-units-home --write    # + ship the fit
    python -m eval.fit_editions --home /tmp/editions-units-home --heldout  # + the held-out pairs
    python -m eval.fit_editions --home /tmp/editions-units-home --sweep    # + a P/R curve

Rows: every labelled older paragraph against every paragraph of the newer report (features of
:mod:`assistant.editions.pair_features`), 1 where the labels accept the newer paragraph. A
logistic regression (features standardised, the scaling folded back into the weights so that
aligning needs no scikit-learn) on all labelled pairs is what ``--write`` ships to
``assistant/editions/data/pair_scorer.json``.

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
from eval.editions_bench import GOLD, HELD_OUT, gold_pairs, labelled_editions, score_pair, summed

C = 1.0  # scikit-learn's default regularisation; not searched
SWEEP = (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)  # log-odds thresholds of --sweep


def labelled_rows(shelf: Shelf, pair: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Features and 0/1 labels of every labelled older paragraph against every newer one."""
    old, new = labelled_editions(shelf, pair)
    x = pair_features(
        old.paragraphs, new.paragraphs, old.vectors, new.vectors, old.units, new.units
    )
    rows, labels = [], []
    for label in pair["labels"]:
        rows.append(x[label["old"]])
        labels.append(np.isin(np.arange(len(new.paragraphs)), label["new"]).astype(int))
    return np.concatenate(rows), np.concatenate(labels)


def fit(x: np.ndarray, y: np.ndarray, version: str) -> PairScorer:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, max_iter=2000).fit(scaler.transform(x), y)
    weights = model.coef_[0] / scaler.scale_
    intercept = float(model.intercept_[0] - np.dot(weights, scaler.mean_))
    return PairScorer(weights, intercept, version)


def lopo_at(
    shelf: Shelf, pairs: list[dict[str, Any]], fits: list[PairScorer], config: AlignmentConfig
) -> dict[str, Any]:
    """Leave-one-pair-out precision and recall at ``config``'s threshold."""
    scored = [score_pair(shelf, p, config, s) for p, s in zip(pairs, fits, strict=True)]
    out = {k: v for k, v in summed(scored, config).items() if k not in ("pairs", "config")}
    return {"min_log_odds": config.min_log_odds, **out}


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
        rest = [d for m, d in enumerate(data) if m != k]
        scorer = fit(np.concatenate([x for x, _ in rest]), np.concatenate([y for _, y in rest]), "")
        held_out_fits.append(scorer)
        report["leave_one_pair_out"].append(score_pair(shelf, pair, config, scorer))
    report["leave_one_pair_out_all"] = {
        k: v for k, v in summed(report["leave_one_pair_out"], config).items() if k != "pairs"
    }
    if args.sweep:
        report["leave_one_pair_out_sweep"] = [
            lopo_at(shelf, pairs, held_out_fits, replace(config, min_log_odds=t)) for t in SWEEP
        ]
    x_all = np.concatenate([x for x, _ in data])
    y_all = np.concatenate([y for _, y in data])
    version = f"fit on {GOLD.name}: {len(pairs)} report pairs, {int(y_all.sum())} positive rows"
    scorer = fit(x_all, y_all, version)
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
                    "regularisation_C": C,
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
