"""How splitting one huge line scales: time and peak memory against the line's size.

Each size runs in its own process (so peak memory, VmHWM, is that size's alone) and splits one
line of ``size`` MB, with spaces ("protection " repeated) or without ("x" repeated), with the
default chunking settings. Linear work shows as a flat seconds-per-MB and memory-per-MB column;
the report gives the ratio of the largest size's per-MB time to the smallest's.

    python -m eval.bench_chunking --sizes 1 2 4 --out eval/results/bench-chunking.json
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path


def _one(size_mb: float, spaces: bool) -> dict:
    from assistant.settings import ChunkingSettings, load_settings
    from assistant.types import DocumentRecord
    from ingest.chunking import split_document
    from ingest.loaders.assembly import DocumentAssembler
    from ingest.tokens import TokenCounter

    unit = "protection " if spaces else "x"
    text = (unit * int(size_mb * 1_000_000 / len(unit))).strip()
    out = DocumentAssembler("huge.txt")
    out.add(text)
    doc = out.build()
    counter = TokenCounter.from_settings(load_settings())
    chunking = ChunkingSettings()
    t0 = time.perf_counter()
    passages = split_document(doc, DocumentRecord(doc_id="huge", title="huge"), counter, chunking)
    seconds = time.perf_counter() - t0
    return {
        "size_mb": size_mb,
        "spaces": spaces,
        "chars": len(text),
        "passages": len(passages),
        "longest_passage_chars": max(len(p.text) for p in passages),
        "seconds": round(seconds, 3),
        "peak_rss_mb": _peak_mb(),
    }


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=float, nargs="+", default=[1, 2, 4], help="line sizes in MB"
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._child:
        print(json.dumps(_one(float(args._child[0]), args._child[1] == "spaces")))
        return 0
    rows = []
    for spaces in (True, False):
        for size in args.sizes:
            cmd = [
                sys.executable,
                "-m",
                "eval.bench_chunking",
                "--_child",
                str(size),
                "spaces" if spaces else "none",
            ]
            rows.append(
                json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            )
            r = rows[-1]
            print(
                f"{'words' if spaces else 'no spaces':9} {r['size_mb']:5.1f} MB  {r['seconds']:7.2f} s  "
                f"{r['seconds'] / r['size_mb']:6.2f} s/MB  peak {r['peak_rss_mb']:7.1f} MB  "
                f"{r['passages']} passages, longest {r['longest_passage_chars']} chars"
            )
    for spaces in (True, False):
        mine = [r for r in rows if r["spaces"] == spaces]
        ratio = (mine[-1]["seconds"] / mine[-1]["size_mb"]) / (
            mine[0]["seconds"] / mine[0]["size_mb"]
        )
        print(
            f"{'words' if spaces else 'no spaces'}: s/MB at {mine[-1]['size_mb']} MB / at {mine[0]['size_mb']} MB = {ratio:.2f}"
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "command": " ".join(["python -m eval.bench_chunking", *(argv or sys.argv[1:])]),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
        args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
