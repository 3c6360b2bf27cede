"""Cold start of `pocdoc ask --json`, whole process, each encoder back end side by side.

    python -m eval.bench_cold --label bundled --repeats 5

Each round starts one fresh `python -m ui.cli ask QUESTION --json --no-server` process per back end
(torch first, then onnx, alternating over rounds) on the same index, and records its wall time and
peak memory (``ru_maxrss`` of that child alone, from ``os.wait4`` in a small helper process). Then, with ``--served``, a
`pocdoc serve` is started on the index and the same number of cold `ask` client processes are
timed against it (``served``: the client's own wall and peak; the server's start is not counted). The index is the bundled corpus,
ingested first into a bench home (incremental); the ONNX export happens once before timing (its
one-off cost is reported separately as ``export_s``). Medians and the ratios to torch go to
eval/results/cold-<label>.json, with the top-level imports that dominate a cold `ask` (from
``python -X importtime``) for each back end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from assistant.offline import go_offline
from assistant.paths import SERVER_FILE

go_offline()

from eval.provenance import write_result  # noqa: E402

BACKENDS = ("torch", "onnx")
QUESTION = "What is tier 3 of protection of civilians?"


def _env(home: Path, backend: str) -> dict[str, str]:
    return dict(
        os.environ,
        POCDOC_HOME=str(home),
        POCDOC_EMBEDDING__BACKEND=backend,
        POCDOC_CORPUS_DIR="corpus",
    )


def _import_profile(home: Path, backend: str, question: str) -> list[tuple[str, float]]:
    """One more cold `ask` under ``python -X importtime``: what its imports cost."""
    cmd = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "ui.cli",
        "ask",
        question,
        "--json",
        "--no-server",
    ]
    out = subprocess.run(cmd, env=_env(home, backend), capture_output=True, text=True, check=True)
    return top_imports(out.stderr)


def top_imports(stderr: str, n: int = 12) -> list[tuple[str, float]]:
    """Cumulative import time (s) of each top-level import of the process, largest first."""
    totals: dict[str, float] = {}
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2]
        if name.startswith(" ") and not name.startswith("  "):  # nesting adds two spaces a level
            totals[name.strip()] = totals.get(name.strip(), 0.0) + int(parts[1]) / 1e6
    return sorted(totals.items(), key=lambda kv: -kv[1])[:n]


# Run by a small helper process: a child's ru_maxrss starts from its parent's size at fork (Linux
# keeps the high-water mark across exec), so the benchmark's own process, which holds the
# encoder, must not be the one that forks the measured command.
_HELPER = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
out = proc.stdout.read()
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - t0
json.loads(out)  # a whole answer came back
print(json.dumps({"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "rc": os.waitstatus_to_exitcode(status)}))
"""


def _measure(home: Path, backend: str, question: str, *, served: bool = False) -> dict:
    """Wall and peak memory of one cold `ask` process (its own rusage, via a small helper)."""
    cmd = [
        sys.executable,
        "-m",
        "ui.cli",
        "ask",
        question,
        "--json",
        *([] if served else ["--no-server"]),
    ]
    out = subprocess.run(
        [sys.executable, "-c", _HELPER, *cmd],
        env=_env(home, backend),
        capture_output=True,
        text=True,
    )
    if out.returncode or not out.stdout.strip():
        raise SystemExit(f"`pocdoc ask` failed on the {backend} back end: {out.stderr[-2000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result.pop("rc"):
        raise SystemExit(f"`pocdoc ask` exited non-zero on the {backend} back end")
    return result


def _served_rounds(home: Path, question: str, repeats: int) -> list[dict]:
    """Cold `ask` clients against a `pocdoc serve` on ``home`` (onnx), after it is ready."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--port", "0"],
        env=_env(home, "onnx"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while not (home / SERVER_FILE).exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("`pocdoc serve` did not start")
            time.sleep(0.2)
        _measure(home, "onnx", question, served=True)  # the server's first request warms its caches
        return [_measure(home, "onnx", question, served=True) for _ in range(repeats)]
    finally:
        server.terminate()
        server.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--label", default="bundled")
    ap.add_argument("--home", type=Path, help="index home (default: ~/.pocdoc-bench/cold-<label>)")
    ap.add_argument("--repeats", type=int, default=5, help="rounds; each runs every back end once")
    ap.add_argument("--question", default=QUESTION)
    ap.add_argument(
        "--served", action="store_true", help="also time `ask` clients of a running `pocdoc serve`"
    )
    ap.add_argument("--out", type=Path, default=Path("eval/results"))
    args = ap.parse_args(argv)

    from assistant.encoders import Embedder
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    home = args.home or Path.home() / ".pocdoc-bench" / f"cold-{args.label}"
    settings = load_settings(None, home=home, corpus_dir=Path("corpus"))
    t0 = time.perf_counter()
    embedder = Embedder.from_settings(settings)
    embedder.encode_query("export once")
    export_s = time.perf_counter() - t0
    build = ingest_paths(settings, [Path("corpus")], progress=False, embedder=embedder)
    print(f"index: {build.line()}", file=sys.stderr)

    rounds: dict[str, list[dict]] = {b: [] for b in BACKENDS}
    for r in range(args.repeats):
        for backend in BACKENDS if r % 2 == 0 else BACKENDS[::-1]:
            rounds[backend].append(_measure(home, backend, args.question))
        print(
            f"round {r + 1}: "
            + ", ".join(f"{b} {rounds[b][-1]['wall_s']:.2f} s" for b in BACKENDS),
            file=sys.stderr,
        )
    imports = {b: _import_profile(home, b, args.question) for b in BACKENDS}
    served = _served_rounds(home, args.question, args.repeats) if args.served else []
    stats = {
        b: {
            "wall_s_median": statistics.median(x["wall_s"] for x in rounds[b]),
            "peak_rss_mb_median": statistics.median(x["peak_rss_mb"] for x in rounds[b]),
            "rounds": rounds[b],
            "top_imports_s": imports[b],
        }
        for b in BACKENDS
    }
    result = {
        "benchmark": "cold-ask",
        "label": args.label,
        "passages": build.passages_total,
        "question": args.question,
        "export_s": export_s,
        "stats": stats,
        "served": {
            "wall_s_median": statistics.median(x["wall_s"] for x in served) if served else None,
            "peak_rss_mb_median": statistics.median(x["peak_rss_mb"] for x in served)
            if served
            else None,
            "rounds": served,
        },
        "onnx_over_torch_wall": stats["onnx"]["wall_s_median"] / stats["torch"]["wall_s_median"],
        "onnx_over_torch_peak": stats["onnx"]["peak_rss_mb_median"]
        / stats["torch"]["peak_rss_mb_median"],
        "target": {"wall_s": 3.0, "peak_rss_mb": 400},
    }
    path = write_result(
        args.out / f"cold-{args.label}.json",
        result,
        module="eval.bench_cold",
        argv=argv,
        settings=settings,
    )
    for b in BACKENDS:
        s = stats[b]
        top = ", ".join(f"{name} {sec:.2f}" for name, sec in s["top_imports_s"][:6])
        print(
            f"{b:6} cold ask {s['wall_s_median']:.2f} s, peak {s['peak_rss_mb_median']:.0f} MB; imports (s): {top}"
        )
    if served:
        print(
            f"served (onnx) client: {result['served']['wall_s_median']:.2f} s, peak {result['served']['peak_rss_mb_median']:.0f} MB"
        )
    print(
        f"onnx / torch: wall {result['onnx_over_torch_wall']:.2f}x, peak {result['onnx_over_torch_peak']:.2f}x "
        f"(export once: {export_s:.1f} s) -> {path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
