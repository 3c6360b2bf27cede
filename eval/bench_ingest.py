"""Ingest throughput per encoder back end, against raw encode() and against today's torch path.

    python -m eval.bench_ingest --corpus corpus --label bundled
    python -m eval.bench_ingest --corpus ../shared/corpus/un-sg-reports --min-passages 3000 --label sg-reports

Each phase runs in its own process so its peak memory (VmHWM) is its own:
1. ``ingest``: `ingest_paths` into a fresh home (load, split, embed, write Chroma + ledger + BM25);
2. ``encode``: the same passage texts (read back from that ledger) through ``Embedder.encode_passages``
   with the same batching, model loaded and warmed before timing, exactly as in phase 1.
Both run for each variant of ``--variants``: ``torch`` is the pipeline as it was before the ONNX
back end (sentence-transformers, 32 passages a batch), ``onnx`` the default settings (ONNX
Runtime, batches by token budget). Ratios: ingest / encode within a variant (target >= 0.85), and
each variant's ingest passages/s over torch's (target onnx >= 1.5). Variants and phases alternate
over ``--repeats`` rounds, each ingest into a fresh home, and medians of the per-round ratios are
reported beside every round's figures, because single runs on a shared 2-core machine vary by
several per cent. The ONNX export is made once, before timing, in a shared models folder. Results
are written as JSON with the resolved settings, so a figure can be reproduced.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.offline import go_offline

go_offline()

from eval.provenance import write_result  # noqa: E402


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _select_files(corpus: Path, min_passages: int, settings) -> list[Path]:
    """All files of a folder; with --min-passages, the first files (sorted) that reach that many."""
    from assistant.manifest import load_manifest
    from ingest.chunking import split_document
    from ingest.discovery import discover
    from ingest.loaders import load_document
    from ingest.tokens import TokenCounter

    manifest = load_manifest(corpus)
    files, _ = discover([corpus], manifest)
    if not min_passages:
        return files
    counter = TokenCounter.from_model_path(settings.resolved_model_path())
    chosen, total = [], 0
    for path in files:
        try:
            doc = load_document(path)
        except Exception:
            continue
        total += len(split_document(doc, manifest.record_for(path), counter, settings.chunking))
        chosen.append(path)
        if total >= min_passages:
            break
    return chosen


# Settings of each variant, as POCDOC_ environment variables of its child processes.
VARIANTS = {
    "torch": {"POCDOC_EMBEDDING__BACKEND": "torch", "POCDOC_EMBEDDING__BATCH_SIZE": "32"},
    "onnx": {"POCDOC_EMBEDDING__BACKEND": "onnx"},
}


def phase_ingest(home: Path, files: list[Path]) -> dict:
    from assistant.encoders import Embedder
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    settings = load_settings(None, home=home)
    embedder = Embedder.from_settings(settings)
    embedder.encode_passages(["warm up"] * 8)
    summary = ingest_paths(settings, files, progress=True, embedder=embedder)
    return {
        "passages": summary.passages_written,
        "documents": summary.added,
        "failed": [str(f) for f in summary.failed],
        "seconds": summary.seconds,
        "embed_seconds": summary.embed_seconds,
        "passages_per_s": summary.passages_written / summary.seconds,
        "peak_rss_mb": _peak_rss_mb(),
    }


def phase_encode(home: Path) -> dict:
    from assistant.encoders import Embedder
    from assistant.index import Ledger
    from assistant.settings import load_settings

    settings = load_settings(None, home=home)
    texts = [p.text for p in Ledger(settings.ledger_path).passages()]
    embedder = Embedder.from_settings(settings)
    embedder.encode_passages(["warm up"] * 8)
    t0 = time.perf_counter()
    embedder.encode_passages(texts, show_progress=True)
    seconds = time.perf_counter() - t0
    return {
        "passages": len(texts),
        "seconds": seconds,
        "passages_per_s": len(texts) / seconds,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _child(phase: str, home: Path, files: list[Path], variant: str, models_dir: Path) -> dict:
    listing = home.parent / f"{phase}-files.json"
    listing.write_text(json.dumps([str(f) for f in files]))
    env = dict(os.environ, POCDOC_EMBEDDING__MODELS_DIR=str(models_dir), **VARIANTS[variant])
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "eval.bench_ingest",
            "--phase",
            phase,
            "--home",
            str(home),
            "--files",
            str(listing),
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    """The run with the median (low) passages/s."""
    value = statistics.median_low([x["passages_per_s"] for x in runs])
    return next(x for x in runs if x["passages_per_s"] == value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--label", default="")
    ap.add_argument(
        "--min-passages",
        type=int,
        default=0,
        help="use the first files that reach this many passages",
    )
    ap.add_argument(
        "--repeats", type=int, default=3, help="alternating ingest/encode rounds (median reported)"
    )
    ap.add_argument("--out", type=Path, default=Path("eval/results"))
    ap.add_argument(
        "--variants", default="torch,onnx", help=f"comma-separated, from {', '.join(VARIANTS)}"
    )
    ap.add_argument(
        "--models-dir",
        type=Path,
        help="where the ONNX export is cached (default ~/.pocdoc-bench/models)",
    )
    ap.add_argument("--phase", choices=["ingest", "encode"], help=argparse.SUPPRESS)
    ap.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.phase == "ingest":
        files = [Path(f) for f in json.loads(args.files.read_text())]
        print(json.dumps(phase_ingest(args.home, files)))
        return 0
    if args.phase == "encode":
        print(json.dumps(phase_encode(args.home)))
        return 0

    from assistant.encoders import Embedder
    from assistant.settings import load_settings

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        ap.error(f"unknown variant(s) {', '.join(unknown)}: choose from {', '.join(VARIANTS)}")
    settings = load_settings()
    models_dir = args.models_dir or Path.home() / ".pocdoc-bench" / "models"
    t0 = time.perf_counter()
    Embedder.from_settings(load_settings(None, embedding={"models_dir": models_dir})).encode_query(
        "export once"
    )
    export_s = time.perf_counter() - t0
    files = _select_files(args.corpus, args.min_passages, settings)
    rounds = []
    for r in range(args.repeats):
        one: dict = {}
        for variant in variants if r % 2 == 0 else variants[::-1]:
            with tempfile.TemporaryDirectory(prefix="pocdoc-bench-") as tmp:
                home = Path(tmp) / "home"
                ingest = _child("ingest", home, files, variant, models_dir)
                encode = _child("encode", home, files, variant, models_dir)
            one[variant] = {
                "ingest": ingest,
                "encode": encode,
                "ratio": ingest["passages_per_s"] / encode["passages_per_s"],
            }
        if "torch" in one:
            for variant in one:
                one[variant]["over_torch"] = (
                    one[variant]["ingest"]["passages_per_s"]
                    / one["torch"]["ingest"]["passages_per_s"]
                )
        rounds.append(one)
        print(
            f"round {r + 1}: "
            + ", ".join(f"{v} {one[v]['ingest']['passages_per_s']:.1f} passages/s" for v in one),
            file=sys.stderr,
        )
    summary = {}
    for variant in variants:
        runs = [x[variant] for x in rounds]
        summary[variant] = {
            "ingest": _median_run([x["ingest"] for x in runs]),
            "encode": _median_run([x["encode"] for x in runs]),
            "ratio": statistics.median(x["ratio"] for x in runs),
            "over_torch": statistics.median(x["over_torch"] for x in runs)
            if "torch" in variants
            else None,
        }
    result = {
        "benchmark": "ingest-throughput",
        "label": args.label or args.corpus.name,
        "corpus": str(args.corpus),
        "files": len(files),
        "variants": {v: VARIANTS[v] for v in variants},
        "summary": summary,
        "rounds": rounds,
        "export_s": export_s,
        "target_ratio": 0.85,
        "target_over_torch": 1.5,
    }
    path = write_result(
        args.out / f"ingest-{result['label']}.json",
        result,
        module="eval.bench_ingest",
        argv=argv or None,
        settings=settings,
    )
    for variant, s in summary.items():
        ingest, encode = s["ingest"], s["encode"]
        vs = f"; {s['over_torch']:.2f}x torch" if s["over_torch"] is not None else ""
        print(
            f"{result['label']} [{variant}]: ingest {ingest['passages_per_s']:.1f} passages/s ({ingest['passages']} passages, "
            f"{ingest['seconds']:.0f} s, peak {ingest['peak_rss_mb']:.0f} MB); raw encode {encode['passages_per_s']:.1f} "
            f"passages/s (peak {encode['peak_rss_mb']:.0f} MB); ingest/encode {s['ratio']:.3f}{vs}"
        )
    print(f"over {len(rounds)} rounds (export once: {export_s:.1f} s) -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
