"""Grid search over fusion settings on a development split: RRF k, per-arm weights, glossary per arm.

Each arm's ranking is retrieved once per query (with and without glossary expansion); every grid
point then fuses, collapses duplicates and demotes exactly as ``Engine.retrieve`` does and is
scored with the run config's metrics (the first one ranks the points). Single arms are scored with and without glossary expansion, which shows where expansion
helps. Only tune on a dev split; report the chosen setting on the test split with ``pocdoc eval``.

    python -m eval.tune_fusion eval/configs/sg-paragraphs-dev.toml --out eval/results/tune-sg-dev.json
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any


def _arm_rankings(
    engine: Any, queries: dict[str, str], depth: int
) -> dict[tuple[str, str, bool], list]:
    """Each arm's raw ranking per query, with and without glossary expansion, retrieved once.

    This mirrors the first half of ``Engine.retrieve`` (what each arm returns before fusion), so
    that the grid only re-runs the cheap part; ``_fused_run`` is its second half.
    """
    out = {}
    for qid, text in queries.items():
        for expand in (False, True):
            q = engine.expand(text) if expand else text
            out[(qid, "dense", expand)] = engine._dense(
                engine.embedder.encode_query(q), depth, None
            )
            out[(qid, "bm25", expand)] = engine.snapshot.lexical.search(q, depth, None)
    return out


def _fused_run(
    passages: dict,
    arms: dict,
    queries: dict[str, str],
    retrieval: Any,
    k: int,
    only: str | None = None,
) -> dict:
    from assistant.retrieval import collapse_duplicates, demote_superseded, fuse, to_hits
    from eval.runner import strictly_decreasing

    run = {}
    for qid in queries:
        expanding = retrieval.expand_glossary
        rankings = {
            arm: arms[(qid, arm, expanding and arm in retrieval.expand_arms)]
            for arm in ("dense", "bm25")
            if only in (None, arm)
        }
        if only:
            ranking = rankings[only]
        else:
            weights = dict(zip(("dense", "bm25"), retrieval.fusion_weights))
            ranking = fuse(
                rankings,
                method=retrieval.fusion,
                k=retrieval.rrf_k,
                weights=weights,
                top_k=max(retrieval.candidates, k),
            )
        hits = to_hits(ranking, passages, {n: dict(r) for n, r in rankings.items()})
        hits = demote_superseded(
            collapse_duplicates(hits, retrieval.dedupe_threshold), retrieval.superseded_penalty
        )
        run[qid], _ = strictly_decreasing(
            [(h.passage.passage_id, float(h.score)) for h in hits[:k]]
        )
    return run


def grid() -> list[dict[str, Any]]:
    points = []
    for k, w, arms in itertools.product(
        (5, 20, 60), (0.3, 0.5, 0.7), (("dense", "bm25"), ("bm25",), ("dense",))
    ):
        points.append(
            {"fusion": "rrf", "rrf_k": k, "fusion_weights": (1 - w, w), "expand_arms": arms}
        )
    for w, arms in itertools.product((0.3, 0.5, 0.7), (("dense", "bm25"),)):
        points.append(
            {"fusion": "relative_score", "fusion_weights": (1 - w, w), "expand_arms": arms}
        )
    return points


def main(argv: list[str] | None = None) -> int:
    from assistant.retrieval import Engine
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
    from assistant.open import open_glossary

    # The glossary as `pocdoc eval` opens it (eval.cli -> open_assistant): without it, expansion is a no-op.
    engine = Engine.open(base, glossary=open_glossary(base))
    questions = load_gold(config.dataset.path)
    qrels = derive_qrels(questions, engine.passages()).qrels
    queries = {q.id: q.question for q in questions if q.id in qrels}
    metrics = list(config.metrics)
    from eval.metrics import mean_scores

    depth = max(base.retrieval.candidates, config.k)
    arms = _arm_rankings(engine, queries, depth)
    passages = {p.passage_id: p for p in engine.passages()}
    rows = []

    def score(update: dict, only: str | None = None) -> dict[str, float]:
        retrieval = base.retrieval.model_copy(update=update)
        return mean_scores(
            qrels, _fused_run(passages, arms, queries, retrieval, config.k, only), metrics
        )

    for method, expand in itertools.product(("dense", "bm25"), (False, True)):
        scores = score({"expand_glossary": expand}, only=method)
        rows.append({"method": method, "expand_glossary": expand, **scores})
        print(
            f"{method:6} expand={expand!s:5} "
            + " ".join(f"{m}={v:.4f}" for m, v in scores.items()),
            flush=True,
        )
    for point in grid():
        rows.append({"method": "hybrid", **point, **score(point)})
        print(json.dumps(rows[-1]), flush=True)
    hybrid = sorted((r for r in rows if r["method"] == "hybrid"), key=lambda r: -r[metrics[0]])
    best = {
        key: hybrid[0][key]
        for key in ("fusion", "rrf_k", "fusion_weights", "expand_arms")
        if key in hybrid[0]
    }
    for threshold in (0.6, 0.7, 0.8, 0.9, 1.0):  # duplicate collapse at the best fusion point
        scores = score({**best, "dedupe_threshold": threshold})
        rows.append({"method": "hybrid", **best, "dedupe_threshold": threshold, **scores})
        print(
            f"dedupe {threshold}: " + " ".join(f"{m}={v:.4f}" for m, v in scores.items()),
            flush=True,
        )
    for r in hybrid[:15]:
        print(json.dumps(r))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(
                {"config": str(args.config), "queries": len(queries), "rows": rows}, indent=1
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
