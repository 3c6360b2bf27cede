"""Ingest throughput against the encoder's raw encode() on the same passages, side by side.

    python -m eval.bench_ingest --corpus corpus --label bundled
    python -m eval.bench_ingest --corpus ../shared/corpus/un-sg-reports --min-passages 5000 --label sg-reports

Each phase runs in its own process so its peak memory (VmHWM) is its own:
1. ``ingest``: `ingest_paths` into a fresh home (load, split, embed, write Chroma + ledger + BM25);
2. ``encode``: the same passage texts (read back from that ledger) through ``Embedder.encode_passages``
   with the same batch size, model loaded and warmed before timing, exactly as in phase 1.
Ratio = ingest passages/s / encode passages/s (target >= 0.85). The phases alternate
(ingest, encode, ingest, encode, ...) for ``--repeats`` rounds, each ingest into a fresh home, and
the median of the per-round ratios is reported beside every round's figures, because single runs on
a shared 2-core machine vary by several per cent. Results are written as JSON with the resolved
settings, so a figure can be reproduced.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _select_files(corpus: Path, min_passages: int, settings) -> list[Path]:
    """All files of a folder; with --min-passages, the first files (sorted) that reach that many."""
    from ingest.chunking import split_document
    from ingest.discovery import discover
    from ingest.loaders import load_document
    from ingest.manifest import load_manifest
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
        except Exception:  # noqa: BLE001 - image-only reports are skipped here, reported by ingest
            continue
        total += len(split_document(doc, manifest.record_for(path), counter, settings.chunking))
        chosen.append(path)
        if total >= min_passages:
            break
    return chosen


def phase_ingest(home: Path, files: list[Path]) -> dict:
    from assistant.embeddings import Embedder
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
    from assistant.embeddings import Embedder
    from assistant.ledger import Ledger
    from assistant.settings import load_settings

    settings = load_settings(None, home=home)
    texts = [p.text for p in Ledger(settings.ledger_path).passages()]
    embedder = Embedder.from_settings(settings)
    embedder.encode_passages(["warm up"] * 8)
    t0 = time.perf_counter()
    embedder.encode_passages(texts, show_progress=True)
    seconds = time.perf_counter() - t0
    return {"passages": len(texts), "seconds": seconds, "passages_per_s": len(texts) / seconds, "peak_rss_mb": _peak_rss_mb()}


def _child(phase: str, home: Path, files: list[Path]) -> dict:
    listing = home.parent / f"{phase}-files.json"
    listing.write_text(json.dumps([str(f) for f in files]))
    out = subprocess.run(
        [sys.executable, "-m", "eval.bench_ingest", "--phase", phase, "--home", str(home), "--files", str(listing)],
        check=True, stdout=subprocess.PIPE, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--label", default="")
    ap.add_argument("--min-passages", type=int, default=0, help="use the first files that reach this many passages")
    ap.add_argument("--repeats", type=int, default=3, help="alternating ingest/encode rounds (median reported)")
    ap.add_argument("--out", type=Path, default=Path("eval/results"))
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

    from assistant.settings import load_settings

    settings = load_settings()
    files = _select_files(args.corpus, args.min_passages, settings)
    rounds = []
    for r in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="pocdoc-bench-") as tmp:
            home = Path(tmp) / "home"
            ingest = _child("ingest", home, files)
            encode = _child("encode", home, files)
        rounds.append({"ingest": ingest, "encode": encode, "ratio": ingest["passages_per_s"] / encode["passages_per_s"]})
        print(f"round {r + 1}: ratio {rounds[-1]['ratio']:.3f}", file=sys.stderr)
    median = statistics.median(x["ratio"] for x in rounds)
    ingest = statistics.median_low([x["ingest"]["passages_per_s"] for x in rounds])
    ingest = next(x["ingest"] for x in rounds if x["ingest"]["passages_per_s"] == ingest)
    encode = statistics.median_low([x["encode"]["passages_per_s"] for x in rounds])
    encode = next(x["encode"] for x in rounds if x["encode"]["passages_per_s"] == encode)
    result = {
        "benchmark": "ingest-throughput",
        "label": args.label or args.corpus.name,
        "corpus": str(args.corpus),
        "files": len(files),
        "ingest": ingest,
        "encode": encode,
        "ratio": median,
        "rounds": rounds,
        "target_ratio": 0.85,
        "command": "python -m eval.bench_ingest " + " ".join(a for a in (argv or sys.argv[1:])),
        "settings": settings.public_dict(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"ingest-{result['label']}.json"
    path.write_text(json.dumps(result, indent=2))
    each = ", ".join(f"{x['ratio']:.3f}" for x in rounds)
    print(
        f"{result['label']}: ingest {ingest['passages_per_s']:.1f} passages/s ({ingest['passages']} passages, "
        f"{ingest['seconds']:.0f} s, peak {ingest['peak_rss_mb']:.0f} MB); raw encode {encode['passages_per_s']:.1f} "
        f"passages/s (peak {encode['peak_rss_mb']:.0f} MB); median ratio {result['ratio']:.3f} over "
        f"{len(rounds)} rounds ({each}) -> {path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
