"""Choose the answer-unit arm's fusion weight (``retrieval.unit_weight``) on the dev splits.

    python -m eval.tune_units                     # the four dev splits of eval/gold/
    python -m eval.tune_units --splits eval/gold/poc_gold_test.jsonl --weights 0 0.5   # report

Every answerable question is retrieved (hybrid, top 10) at each weight over the index under
POCDOC_HOME (which must hold unit vectors: `pocdoc ingest`); nDCG@10, recall@5 and MRR (ranx)
against the qrels derived from the gold quotes are printed per weight. Tune on dev splits only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.offline import go_offline

go_offline()

DEV = [
    "eval/gold/poc_gold.jsonl",
    "eval/gold/poc_gold_dev2.jsonl",
    "eval/gold/poc_gold_dev3.jsonl",
    "eval/gold/poc_gold_dev4.jsonl",
]
METRICS = ["ndcg@10", "recall@5", "mrr"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", nargs="+", default=DEV)
    ap.add_argument("--weights", nargs="+", type=float, default=[0.0, 0.25, 0.5, 1.0])
    args = ap.parse_args(argv)

    from ranx import Qrels, Run, evaluate

    from assistant.retrieval import Engine
    from assistant.settings import load_settings
    from eval.datasets import derive_qrels, load_gold

    settings = load_settings()
    engine = Engine.open(settings)
    passages = list(engine.passages())
    queries: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    for split in args.splits:
        questions = [q for q in load_gold(Path(split)) if q.answerable]
        gold = derive_qrels(questions, passages)
        for q in questions:
            judged = {pid: int(g) for pid, g in gold.qrels.get(q.id, {}).items() if g > 0}
            if judged:
                key = f"{Path(split).stem}:{q.id}"
                queries[key], qrels[key] = q.question, judged
    for weight in args.weights:
        retrieval = settings.retrieval.model_copy(update={"unit_weight": weight})
        engine.settings = settings.model_copy(update={"retrieval": retrieval})
        run = {
            key: {
                h.passage.passage_id: 1.0 / i
                for i, h in enumerate(engine.retrieve(text, top_k=10), 1)
            }
            for key, text in queries.items()
        }
        scores = evaluate(Qrels(qrels), Run(run), METRICS)
        print(json.dumps({"unit_weight": weight, "queries": len(queries), **scores}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
