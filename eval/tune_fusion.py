"""Grid search over fusion settings on a development split: RRF k, per-arm weights, glossary per arm.

Every grid point runs the engine's own ``retrieve`` (so fusion, duplicate collapse and demotion
are exactly what ``pocdoc`` does) over the dev questions and scores it with the run config's first
metric. Single arms are scored with and without glossary expansion, which shows where expansion
helps. Only tune on a dev split; report the chosen setting on the test split with ``pocdoc eval``.

    python -m eval.tune_fusion eval/configs/sg-paragraphs-dev.toml --out eval/results/tune-sg-dev.json
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any


def _score(engine: Any, settings: Any, queries: dict[str, str], qrels: dict, method: str, metrics: list[str], k: int) -> dict[str, float]:
    from eval.metrics import mean_scores
    from eval.runner import strictly_decreasing

    engine.settings = settings
    run = {}
    for qid, text in queries.items():
        hits = engine.retrieve(text, top_k=k, method=method)
        run[qid], _ = strictly_decreasing([(h.passage.passage_id, float(h.score)) for h in hits])
    return mean_scores(qrels, run, metrics)


def grid() -> list[dict[str, Any]]:
    points = []
    for k, w, arms in itertools.product((5, 10, 20, 40, 60, 100), (0.3, 0.4, 0.5, 0.6, 0.7), (("dense", "bm25"), ("bm25",), ("dense",), ())):
        points.append({"fusion": "rrf", "rrf_k": k, "fusion_weights": (1 - w, w), "expand_arms": arms})
    for w, arms in itertools.product((0.3, 0.4, 0.5, 0.6, 0.7), (("dense", "bm25"), ("bm25",), ("dense",))):
        points.append({"fusion": "relative_score", "fusion_weights": (1 - w, w), "expand_arms": arms})
    return points


def main(argv: list[str] | None = None) -> int:
    from assistant.engine import Engine
    from assistant.settings import load_settings
    from eval.cli import isolated_settings
    from eval.config import load_config
    from eval.datasets import derive_qrels, load_gold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path, help="an eval run config over the dev split")
    parser.add_argument("--out", type=Path, help="write every grid point's scores here (JSON)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    base = load_settings()
    if config.index is not None:
        base = isolated_settings(base, config.index.collection)
    engine = Engine.open(base)
    questions = load_gold(config.dataset.path)
    qrels = derive_qrels(questions, engine.passages()).qrels
    queries = {q.id: q.question for q in questions if q.id in qrels}
    metrics = list(config.metrics)
    rows = []
    for method, expand in itertools.product(("dense", "bm25"), (False, True)):
        retrieval = base.retrieval.model_copy(update={"expand_glossary": expand})
        scores = _score(engine, base.model_copy(update={"retrieval": retrieval}), queries, qrels, method, metrics, config.k)
        rows.append({"method": method, "expand_glossary": expand, **scores})
        print(f"{method:6} expand={expand!s:5} " + " ".join(f"{m}={v:.4f}" for m, v in scores.items()), flush=True)
    for point in grid():
        retrieval = base.retrieval.model_copy(update=point)
        scores = _score(engine, base.model_copy(update={"retrieval": retrieval}), queries, qrels, "hybrid", metrics, config.k)
        rows.append({"method": "hybrid", **point, **scores})
    hybrid = sorted((r for r in rows if r["method"] == "hybrid"), key=lambda r: -r[metrics[0]])
    best = {key: hybrid[0][key] for key in ("fusion", "rrf_k", "fusion_weights", "expand_arms") if key in hybrid[0]}
    for threshold in (0.6, 0.7, 0.8, 0.9, 1.0):  # duplicate collapse at the best fusion point
        retrieval = base.retrieval.model_copy(update={**best, "dedupe_threshold": threshold})
        scores = _score(engine, base.model_copy(update={"retrieval": retrieval}), queries, qrels, "hybrid", metrics, config.k)
        rows.append({"method": "hybrid", **best, "dedupe_threshold": threshold, **scores})
        print(f"dedupe {threshold}: " + " ".join(f"{m}={v:.4f}" for m, v in scores.items()), flush=True)
    for r in hybrid[:15]:
        print(json.dumps(r))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"config": str(args.config), "queries": len(queries), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
