"""What embedding answer units at ingest costs: ingest time and index size with and without them,
in one run, on the same files.

    python -m eval.bench_units --corpus corpus --repeats 2

Each ingest runs in its own process into a fresh home (the ONNX export is shared and made
before timing). ``without`` is the same code with unit embedding switched off (the ingest of
before this change: passages only); ``with`` is the default. Rounds alternate (without, with,
...) and the medians of wall and CPU seconds are reported with their ratio; CPU seconds (user +
sys of the child) are steadier than wall time on a shared machine. Index size is the home's
ledger, Chroma folder and BM25 folder in bytes. Written to eval/results/units-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.offline import go_offline

go_offline()


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def phase(home: Path, corpus: Path, units: bool) -> dict:
    """One ingest into ``home`` (run in a child process)."""
    import numpy as np

    import ingest.batching
    import ingest.pipeline
    from assistant.encoders import Embedder
    from assistant.index import UnitVectors
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    if not units:  # passages only, as ingest was before unit vectors

        def no_units(passages, embedder, summary, known=None):
            return {p.passage_id: UnitVectors(p.passage_id, (), np.zeros((0, 0))) for p in passages}

        ingest.batching.embed_units = no_units  # type: ignore[assignment]
        ingest.pipeline.backfill_units = lambda *a, **k: 0  # type: ignore[assignment]
    settings = load_settings(None, home=home)
    embedder = Embedder.from_settings(settings)
    embedder.encode_query("warm up")
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "units": units,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime, 2),
        "passages": summary.passages_written,
        "embed_s": round(summary.embed_seconds, 2),
        "units_embedded": summary.units_embedded,
        "unit_s": round(summary.unit_seconds, 2),
        "ledger_bytes": _size(settings.ledger_path),
        "chroma_bytes": _size(home / "chroma"),
        "bm25_bytes": _size(settings.bm25_dir),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--label", default="bundled")
    ap.add_argument("--models-dir", type=Path, default=Path.home() / ".pocdoc-bench" / "models")
    ap.add_argument("--phase", choices=["with", "without"], help=argparse.SUPPRESS)
    ap.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase(args.home, args.corpus, args.phase == "with")))
        return 0

    from assistant.encoders import Embedder
    from assistant.settings import load_settings
    from eval.provenance import write_result

    Embedder.from_settings(
        load_settings(None, embedding={"models_dir": args.models_dir})
    ).encode_query("export once")
    env = dict(os.environ, POCDOC_EMBEDDING__MODELS_DIR=str(args.models_dir))
    rounds: list[dict] = []
    for _ in range(args.repeats):
        for variant in ("without", "with"):
            with tempfile.TemporaryDirectory(prefix="pocdoc-units-") as tmp:
                out = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "eval.bench_units",
                        "--phase",
                        variant,
                        "--home",
                        tmp,
                        "--corpus",
                        str(args.corpus),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rounds.append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(json.dumps(rounds[-1]), flush=True)

    def median(key: str, units: bool) -> float:
        return statistics.median(r[key] for r in rounds if r["units"] is units)

    summary = {
        key: {
            "without": median(key, False),
            "with": median(key, True),
            "ratio": round(median(key, True) / median(key, False), 3)
            if median(key, False)
            else None,
        }
        for key in ("wall_s", "cpu_s", "ledger_bytes", "chroma_bytes", "bm25_bytes")
    }
    print(json.dumps(summary))
    write_result(
        Path(f"eval/results/units-{args.label}.json"),
        {"rounds": rounds, **summary},
        module="eval.bench_units",
        argv=argv,
        settings=load_settings(),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
