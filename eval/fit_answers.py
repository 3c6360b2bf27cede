"""Fit the answer-unit scorer on the development splits: one command, one small versioned file.

    python -m eval.fit_answers                       # dev splits, writes assistant/answers/data/scorer.json
    python -m eval.fit_answers --check               # cross-validate only, write nothing

Every answerable question of the dev splits (never the test split) is asked over the index under
POCDOC_HOME; every answer unit the composer scores is kept with its features
(:data:`assistant.answers.features.FEATURES`) and a label: 1 when the unit holds one of the
question's key facts (after :func:`eval.datasets.normalise`, as answer quality is judged). A
logistic regression (scikit-learn, standardised features) is fitted on pairs of a positive and a
negative unit of one question, and calibrated into a probability; it is cross-validated by
question (GroupKFold: no question's units are in both a fold's training and test data) and
compared, on the same folds, with the hand weights the composer used before. The model is written
as weights on the raw features (the scaling folded in), so answering needs no scikit-learn.
Prints the features, the weights and the cross-validated figures (for eval/RESULTS.md).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from assistant.offline import go_offline

go_offline()

DEV_SPLITS = [
    "eval/gold/poc_gold.jsonl",
    "eval/gold/poc_gold_dev2.jsonl",
    "eval/gold/poc_gold_dev3.jsonl",
    "eval/gold/poc_gold_dev4.jsonl",
]
SETTINGS = {"C": 1.0, "folds": 5, "negatives": 40, "max_iter": 3000}


def collect(splits: list[str]) -> dict[str, list]:
    """Features, labels and question groups of every unit scored for the splits' questions."""
    from assistant.open import open_assistant
    from assistant.settings import load_settings
    from assistant.text import display_text
    from eval.datasets import load_gold, normalise

    assistant = open_assistant(load_settings())
    rows: dict[tuple[str, str, int, int], tuple[list[float], int]] = {}
    seen: list[tuple] = []

    def observe(hits, candidates, form) -> None:
        seen.append((hits, candidates))

    assistant.observe = observe
    for split in splits:
        for q in load_gold(Path(split)):
            if not q.answerable or not q.key_facts:
                continue
            seen.clear()
            assistant.ask(q.question)
            facts = [normalise(f) for f in q.key_facts]
            group = f"{Path(split).stem}:{q.id}"
            for hits, candidates in seen:
                for c in candidates:
                    p = hits[c.hit_index].passage
                    text = normalise(display_text(p.text[c.unit.start : c.unit.end]))
                    label = int(any(f and f in text for f in facts))
                    key = (group, p.passage_id, c.unit.start, c.unit.end)
                    rows[key] = ([float(v) for v in c.features], label)
    return {
        "groups": [k[0] for k in rows],
        "X": [v[0] for v in rows.values()],
        "y": [v[1] for v in rows.values()],
    }


def hand_scores(X: np.ndarray) -> np.ndarray:
    """The composer's hand weights before this fit (0.45 coverage, 0.40 cosine, 0.15 prior, 0.12
    form bonus; x0.75 without the key term; a factoid's value x0.5 missing, x0.75 another count;
    footnotes x0.9; a procedure's advice fit), on the same features."""
    from assistant.answers import FEATURES

    f = {name: X[:, i] for i, name in enumerate(FEATURES)}
    lexical = (0.45 * f["coverage"] + 0.15 * f["prior"]) * np.where(f["footnote"] > 0, 0.9, 1.0)
    base = lexical + 0.40 * f["unit_cosine"] + 0.12 * f["form_fit"]
    weight = np.where(f["key_term"] > 0, 1.0, 0.75)
    weight *= np.where(f["value_miss"] > 0, 0.5, np.where(f["count_miss"] > 0, 0.75, 1.0))
    advice = np.where(f["advice"] != 0, 0.6 + 0.4 * f["advice"], 1.0)
    return base * weight * advice


def top1(scores: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """Share of questions (with at least one positive unit) whose best-scored unit is positive."""
    hits, total = 0, 0
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        if y[idx].any():
            total += 1
            hits += int(y[idx[np.argmax(scores[idx])]])
    return hits / total if total else float("nan")


def pairs(
    Z: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Differences of a positive and a negative unit of one question (both orders): the scorer
    ranks units within a question, so it is fitted on which of two units answers."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        pos, neg = idx[y[idx] == 1], idx[y[idx] == 0]
        if len(neg) > SETTINGS["negatives"]:
            neg = rng.choice(neg, SETTINGS["negatives"], replace=False)
        for a in pos:
            for n in neg:
                rows += [Z[a] - Z[n], Z[n] - Z[a]]
                labels += [1, 0]
    return np.asarray(rows), np.asarray(labels)


def fit(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and intercept on the raw features: a pairwise logistic regression on standardised
    features ranks a question's units; a one-feature logistic regression of the labels on that
    ranking score then makes it a probability (its slope and intercept folded in)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    Z = (X - scaler.mean_) / scale
    diffs, labels = pairs(Z, y, groups)
    ranker = LogisticRegression(
        C=SETTINGS["C"], fit_intercept=False, max_iter=SETTINGS["max_iter"]
    ).fit(diffs, labels)
    rank = Z @ ranker.coef_[0]
    calibration = LogisticRegression(max_iter=SETTINGS["max_iter"]).fit(rank[:, None], y)
    slope, offset = float(calibration.coef_[0][0]), float(calibration.intercept_[0])
    weights = slope * ranker.coef_[0] / scale
    intercept = offset - float(np.dot(weights, scaler.mean_))
    return weights, intercept


def score_exponent(X: np.ndarray, groups: np.ndarray, w: np.ndarray, b: float) -> float:
    """The power that puts the fitted probabilities on the scale of the earlier hand scores: for
    each question's best units, log(p_j / p_1) / log(h_j / h_1) (j = 2nd to 4th), the median
    inverted. Selection's shares of the best score were set on that scale."""
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    h = hand_scores(X)
    ratios = []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        hp, pp = np.sort(h[idx])[::-1], np.sort(p[idx])[::-1]
        for j in range(1, min(4, len(idx))):
            if 0 < hp[j] < hp[0] and 0 < pp[j] < pp[0]:
                ratios.append(np.log(pp[j] / pp[0]) / np.log(hp[j] / hp[0]))
    return round(1.0 / float(np.median(ratios)), 4) if ratios else 1.0


def cross_validate(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    learned = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=SETTINGS["folds"]).split(X, y, groups):
        w, b = fit(X[train], y[train], groups[train])
        learned[test] = X[test] @ w + b
    hand = hand_scores(X)
    return {
        "auc_learned": round(float(roc_auc_score(y, learned)), 4),
        "auc_hand": round(float(roc_auc_score(y, hand)), 4),
        "top1_learned": round(top1(learned, y, groups), 4),
        "top1_hand": round(top1(hand, y, groups), 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", nargs="+", default=DEV_SPLITS, help="dev gold JSONL files")
    ap.add_argument("--check", action="store_true", help="cross-validate only; write nothing")
    ap.add_argument("--units", type=Path, help="JSON of scored units to reuse (or to write)")
    ap.add_argument("--output", type=Path, default=None, help="model file (default: the shipped)")
    args = ap.parse_args(argv)
    if any("test" in Path(s).stem for s in args.splits):
        print("fit_answers: the test split is never fitted on", file=sys.stderr)
        return 2

    from assistant.answers import FEATURES
    from assistant.answers import SCORER_FORMAT as FORMAT
    from assistant.answers import SCORER_PATH as MODEL_PATH

    if args.units and args.units.exists():
        data = json.loads(args.units.read_text())
    else:
        data = collect(args.splits)
        if args.units:
            args.units.write_text(json.dumps(data))
    X, y = np.asarray(data["X"], dtype=np.float64), np.asarray(data["y"])
    groups = np.asarray(data["groups"])
    cv = cross_validate(X, y, groups)
    weights, intercept = fit(X, y, groups)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    record = {
        "format": FORMAT,
        "version": f"{datetime.date.today().isoformat()}-{digest}",
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in weights],
        "intercept": round(intercept, 6),
        "score_exponent": score_exponent(X, groups, weights, intercept),
        "fitted_on": {
            "splits": args.splits,
            "questions": int(len(np.unique(groups))),
            "units": int(len(y)),
            "positives": int(y.sum()),
            "label": "the unit holds a key fact of the question's gold answer (normalised)",
            "data_sha256": digest,
        },
        "settings": {
            "model": "sklearn LogisticRegression, pairwise (a positive and a negative unit of one "
            "question, at most `negatives` negatives each) on standardised features, then "
            "calibrated by a one-feature LogisticRegression of the labels on its score",
            **SETTINGS,
        },
        "cross_validated": cv,
    }
    print(f"{'feature':16} weight")
    for name, w in zip(FEATURES, weights):
        print(f"{name:16} {w:+.4f}")
    print(f"{'(intercept)':16} {intercept:+.4f}")
    print(f"{'(exponent)':16} {record['score_exponent']:.4f}")
    print(json.dumps({"fitted_on": record["fitted_on"], "cross_validated": cv}))
    if not args.check:
        out = args.output or MODEL_PATH
        out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
