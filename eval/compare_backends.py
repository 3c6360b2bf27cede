"""Do the encoder back ends rank alike? Top-k of every gold question on each back end, one index.

    python -m eval.compare_backends --home /work/homes/wt12

Opens one engine per back end over the same index and counts the questions whose top-k passage
ids (dense and hybrid) are identical on both. Identical rankings mean identical nDCG@10.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.offline import go_offline

go_offline()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--home", type=Path, required=True, help="an indexed home")
    ap.add_argument("--questions", type=Path, default=Path("eval/gold/poc_gold.jsonl"))
    ap.add_argument("--top-k", type=int, default=10)
    args = ap.parse_args(argv)

    from assistant.encoders import BACKENDS, Embedder
    from assistant.retrieval import Engine
    from assistant.settings import load_settings

    settings = load_settings(None, home=args.home)
    engines = {}
    for backend in BACKENDS:
        s = settings.model_copy(
            update={"embedding": settings.embedding.model_copy(update={"backend": backend})}
        )
        engines[backend] = Engine.open(s, embedder=Embedder.from_settings(s))
    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text().splitlines()
        if line.strip()
    ]
    identical = {"dense": 0, "hybrid": 0}
    for question in questions:
        for method in identical:
            ranked = [
                [
                    h.passage.passage_id
                    for h in engine.retrieve(question, top_k=args.top_k, method=method)
                ]
                for engine in engines.values()
            ]
            identical[method] += all(r == ranked[0] for r in ranked)
    print(
        json.dumps(
            {
                "questions": len(questions),
                "top_k": args.top_k,
                "identical": identical,
                "backends": list(BACKENDS),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
