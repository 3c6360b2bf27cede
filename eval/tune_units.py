"""Fit the sentence-window settings (``retrieval.unit_share``, ``retrieval.unit_bm25_weight``) on
the dev splits, and report every split at the chosen point.

    python -m eval.tune_units                                   # fit on the four dev splits
    python -m eval.tune_units --report eval/gold/poc_gold_test.jsonl --out eval/results/tune-units.json

Each answerable question with qrels (derived from the gold quotes) is retrieved once per arm
(:meth:`Engine.arms` with both unit arms on), then fused at every grid point exactly as
``Engine.retrieve`` fuses (:meth:`Engine.ranked`); nDCG@10 and recall@5 (ir-measures) per split.

The point chosen is the one whose *smallest* nDCG@10 gain over the no-unit point, across the dev
splits, is largest (ties: the larger mean): a setting must hold on every split, not raise their
mean by one. Leave-one-split-out (the rule applied to three dev splits, scored on the fourth) and
5-fold cross-validation grouped by question (the mean rule) say how well the choice transfers.
Index under POCDOC_HOME, with unit vectors (`pocdoc ingest`). Never fit on the test split.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.offline import go_offline

go_offline()

DEV = [
    "eval/gold/poc_gold.jsonl",
    "eval/gold/poc_gold_dev2.jsonl",
    "eval/gold/poc_gold_dev3.jsonl",
    "eval/gold/poc_gold_dev4.jsonl",
]
METRICS = ["ndcg@10", "recall@5"]
SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
OFF = (0.0, 0.0)

Point = tuple[float, float]  # (unit_share, unit_bm25_weight)
PerQuery = Mapping[str, float]  # question key -> metric value


def split_means(per: PerQuery, split_of: Mapping[str, str], splits: Sequence[str]) -> list[float]:
    """The mean of ``per`` over each split's questions, in ``splits``' order."""
    out = []
    for split in splits:
        values = [v for key, v in per.items() if split_of[key] == split]
        out.append(sum(values) / len(values) if values else 0.0)
    return out


def choose(
    scores: Mapping[Point, PerQuery], split_of: Mapping[str, str], splits: Sequence[str]
) -> Point:
    """The point whose smallest per-split gain over :data:`OFF` is largest (ties: larger mean
    over the questions); gains rounded to 0.001, below which a split's nDCG does not move."""
    base = split_means(scores[OFF], split_of, splits)

    def key(point: Point) -> tuple[float, float]:
        means = split_means(scores[point], split_of, splits)
        kept = [v for k, v in scores[point].items() if split_of[k] in splits]
        worst = min(m - b for m, b in zip(means, base))
        return round(worst, 3), sum(kept) / len(kept)

    return max(scores, key=key)


def _best_mean(scores: Mapping[Point, PerQuery], keys: Sequence[str]) -> Point:
    return max(scores, key=lambda p: sum(scores[p][k] for k in keys))


def cross_validated(
    scores: Mapping[Point, PerQuery], split_of: Mapping[str, str], splits: Sequence[str]
) -> dict[str, Any]:
    """Leave-one-split-out with :func:`choose`, and 5 folds grouped by question (best mean)."""
    from sklearn.model_selection import GroupKFold

    held: dict[str, Any] = {}
    for split in splits:
        point = choose(scores, split_of, [s for s in splits if s != split])
        keys = [k for k in scores[OFF] if split_of[k] == split]
        mean = {p: sum(scores[p][k] for k in keys) / len(keys) for p in (point, OFF)}
        held[split] = {"point": point, "held_out": mean[point], "off": mean[OFF]}
    keys = [k for k in scores[OFF] if split_of[k] in splits]
    out_of_fold: list[float] = []
    points = []
    for train, test in GroupKFold(n_splits=5).split(keys, groups=keys):
        point = _best_mean(scores, [keys[i] for i in train])
        points.append(point)
        out_of_fold += [scores[point][keys[i]] for i in test]
    off = sum(scores[OFF][k] for k in keys) / len(keys)
    grouped = {"points": points, "out_of_fold": sum(out_of_fold) / len(keys), "off": off}
    return {"leave_one_split_out": held, "grouped_5_fold": grouped}


def _questions(engine: Any, splits: Sequence[str]) -> tuple[dict, dict, dict]:
    from eval.datasets import derive_qrels, load_gold

    passages = list(engine.passages())
    queries: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    split_of: dict[str, str] = {}
    for split in splits:
        questions = [q for q in load_gold(Path(split)) if q.answerable]
        gold = derive_qrels(questions, passages)
        for q in questions:
            judged = {pid: int(g) for pid, g in gold.qrels.get(q.id, {}).items() if g > 0}
            if judged:
                key = f"{Path(split).stem}:{q.id}"
                queries[key], qrels[key], split_of[key] = q.question, judged, Path(split).stem
    return queries, qrels, split_of


def _at(arms: Any, point: Point) -> Any:
    """``arms`` (retrieved with both unit arms on) as retrieval at ``point`` sees them."""
    from assistant.retrieval import UNIT_BM25

    share, weight = point
    rankings = {n: r for n, r in arms.rankings.items() if n != UNIT_BM25 or weight > 0}
    weights = {n: w for n, w in arms.weights.items() if n in rankings}
    if weight > 0:
        weights[UNIT_BM25] = weight
    return replace(arms, rankings=rankings, weights=weights, pairs=arms.pairs if share else {})


def _grid_scores(
    engine: Any, queries: Mapping[str, str], qrels: Mapping, points: Sequence[Point]
) -> dict[str, dict[Point, dict[str, float]]]:
    """Per metric, each point's per-question scores; each query's arms are retrieved once."""
    from assistant.modes import Method
    from eval.metrics import evaluate_per_query
    from eval.runner import strictly_decreasing

    base = engine.settings

    def at(share: float, weight: float) -> Any:
        update = {"unit_share": share, "unit_bm25_weight": weight}
        return base.model_copy(update={"retrieval": base.retrieval.model_copy(update=update)})

    engine.settings = at(1.0, 1.0)  # both unit arms retrieved, weighed per point below
    arms = {key: engine.arms(text, top_k=10, method=Method.HYBRID) for key, text in queries.items()}
    out: dict[str, dict[Point, dict[str, float]]] = {m: {} for m in METRICS}
    try:
        for point in points:
            engine.settings = at(*point)
            run = {}
            for key, a in arms.items():
                hits = engine.ranked(_at(a, point), top_k=10)
                run[key], _ = strictly_decreasing(
                    [(h.passage.passage_id, float(h.score)) for h in hits]
                )
            per = evaluate_per_query(dict(qrels), run, METRICS)
            for metric in METRICS:
                out[metric][point] = per[metric]
    finally:
        engine.settings = base
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", nargs="+", default=DEV, help="dev splits to fit on")
    ap.add_argument("--report", nargs="*", default=[], help="more splits, scored, never fitted")
    ap.add_argument("--out", type=Path, help="write every point's per-split scores here (JSON)")
    args = ap.parse_args(argv)

    from assistant.retrieval import Engine
    from assistant.settings import load_settings

    settings = load_settings()
    engine = Engine.open(settings)
    queries, qrels, split_of = _questions(engine, [*args.splits, *args.report])
    points = list(itertools.product(SHARES, WEIGHTS))
    scores = _grid_scores(engine, queries, qrels, points)
    fit = [Path(s).stem for s in args.splits]
    every = [*fit, *(Path(s).stem for s in args.report)]
    chosen = choose(scores["ndcg@10"], split_of, fit)
    rows = []
    for point in points:
        row: dict[str, Any] = {"unit_share": point[0], "unit_bm25_weight": point[1]}
        for metric in METRICS:
            means = split_means(scores[metric][point], split_of, every)
            row[metric] = dict(zip(every, (round(m, 4) for m in means)))
        rows.append(row)
        print(json.dumps(row), flush=True)
    cv = cross_validated(scores["ndcg@10"], split_of, fit)
    summary = {"chosen": {"unit_share": chosen[0], "unit_bm25_weight": chosen[1]}, **cv}
    print(json.dumps(summary))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        resolved = settings.retrieval.model_dump(mode="json")
        args.out.write_text(
            json.dumps({"retrieval": resolved, "rows": rows, **summary}, indent=1, default=str)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
