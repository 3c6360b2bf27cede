"""Warm query latency of `ask`, beside its floor and a plain llama-index baseline, in one process.

    python -m eval.bench_query --label bundled                       # the bundled corpus (indexed first)
    python -m eval.bench_query --label sg-50k --home ~/.pocdoc-scale \\
        --build-from ../shared/corpus/un-sg-reports --max-tokens 64    # >= 50,000 passages

For every question of the gold set (eval/gold/poc_gold.jsonl), after a warm-up, it times:
- ``embed``: the query embedding alone (the floor any dense system pays);
- ``baseline``: a llama-index ``VectorStoreIndex`` retriever over the same Chroma collection and
  model (what a user would build first), top-k passages;
- ``retrieve``: pocdoc's hybrid retrieval (glossary expansion, dense + BM25, fusion, dedupe);
- ``ask``: the whole extractive answer (retrieval, sentence selection, citations, abstention);
- ``embed_<backend>``: the query embedding on every other encoder back end (torch when the index
  is queried on onnx), so back ends compare in one run.
p50/p95 in milliseconds and the settings are written to eval/results/query-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from assistant.offline import go_offline

go_offline()

from eval.provenance import write_result  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _timed(fn, *args, **kwargs) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - t0) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--label", default="bundled")
    ap.add_argument(
        "--home", type=Path, help="index home (default: a bench home under ~/.pocdoc-bench/<label>)"
    )
    ap.add_argument(
        "--build-from",
        type=Path,
        default=Path("corpus"),
        help="folder to ingest first (incremental)",
    )
    ap.add_argument(
        "--no-build", action="store_true", help="query the index as it is (no ingest first)"
    )
    ap.add_argument(
        "--max-tokens", type=int, help="passage size for the build (smaller -> more passages)"
    )
    ap.add_argument("--questions", type=Path, default=Path("eval/gold/poc_gold.jsonl"))
    ap.add_argument("--rounds", type=int, default=2, help="timed passes over the questions")
    ap.add_argument("--out", type=Path, default=Path("eval/results"))
    args = ap.parse_args(argv)

    from assistant.encoders import Embedder
    from assistant.open import open_assistant
    from assistant.settings import load_settings
    from eval.subject import EvalSubject
    from ingest.pipeline import ingest_paths

    home = args.home or Path.home() / ".pocdoc-bench" / args.label
    overrides: dict = {"home": home, "corpus_dir": Path("corpus")}
    if args.max_tokens:
        overrides["chunking"] = {
            "max_tokens": args.max_tokens,
            "min_tokens": min(16, args.max_tokens // 2),
        }
    settings = load_settings(None, **overrides)
    embedder = Embedder.from_settings(settings)
    if not args.no_build:
        build = ingest_paths(settings, [args.build_from], progress=True, embedder=embedder)
        print(f"index: {build.line()}", file=sys.stderr)
    engine = EvalSubject(open_assistant(settings, embedder=embedder))
    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text().splitlines()
        if line.strip()
    ]
    top_k = settings.retrieval.top_k

    for q in questions[:5]:  # warm-up: caches, lazy imports, Chroma's HNSW pages
        engine.ask(q)
        engine.baseline_retrieve(q, top_k=top_k)
    from assistant.encoders import BACKENDS

    others = {
        b: Embedder.from_settings(
            settings.model_copy(
                update={"embedding": settings.embedding.model_copy(update={"backend": b})}
            )
        )
        for b in BACKENDS
        if b != settings.embedding.backend
    }
    for other in others.values():
        other.encode_query("warm up")
    times: dict[str, list[float]] = {
        "embed": [],
        "baseline": [],
        "retrieve": [],
        "ask": [],
        **{f"embed_{b}": [] for b in others},
    }

    def afresh(fn, *a, **kw) -> float:
        """``fn`` timed with no query vector remembered (the encoder remembers the questions it
        has seen: each measurement pays for its own, as a new question does)."""
        embedder.forget_queries()
        for other in others.values():
            other.forget_queries()
        return _timed(fn, *a, **kw)

    for _ in range(args.rounds):
        for q in questions:
            times["embed"].append(afresh(embedder.encode_query, q))
            for b, other in others.items():
                times[f"embed_{b}"].append(afresh(other.encode_query, q))
            times["baseline"].append(afresh(engine.baseline_retrieve, q, top_k=top_k))
            times["retrieve"].append(afresh(engine.retrieve, q, top_k=top_k))
            times["ask"].append(afresh(engine.ask, q))
    stats = {
        name: {
            "p50_ms": percentile(v, 0.5),
            "p95_ms": percentile(v, 0.95),
            "mean_ms": statistics.fmean(v),
            "n": len(v),
        }
        for name, v in times.items()
    }
    result = {
        "benchmark": "query-latency",
        "label": args.label,
        "backend": settings.embedding.backend,
        "passages": engine.engine.status().passages,
        "documents": engine.engine.status().documents,
        "stats": stats,
        "ask_p95_over_embed_p95": stats["ask"]["p95_ms"] / stats["embed"]["p95_ms"],
        "ask_p95_over_baseline_p95": stats["ask"]["p95_ms"] / stats["baseline"]["p95_ms"],
        "target_ask_p95_ms": 150,
    }
    path = write_result(
        args.out / f"query-{args.label}.json",
        result,
        module="eval.bench_query",
        argv=argv,
        settings=settings,
    )
    print(f"{args.label}: {result['passages']} passages")
    for name, s in stats.items():
        print(f"  {name:9} p50 {s['p50_ms']:7.1f} ms   p95 {s['p95_ms']:7.1f} ms")
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
