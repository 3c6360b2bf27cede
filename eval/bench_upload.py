"""Question latency while a browser upload is being indexed, against the same questions idle.

    python -m eval.bench_upload --home ~/.pocdoc-bench/upload --upload ../shared/corpus/un-sg-reports/X.pdf

One process plays the server: it opens the engine (the shared encoder) and asks the gold
questions in a loop. Three phases, each timing the same questions, median and p95 in ms:
- ``idle``: nothing else runs;
- ``worker``: the upload is indexed by a separate process with its own one-thread encoder
  (``python -m ui.cli ingest FILE``, as eval/ may not import ui/): how the UI indexed uploads
  before `pocdoc serve` owned the home (its ``ui.upload_worker`` is gone);
- ``in_process``: ``ingest_paths`` on a thread of the process that answers, sharing its encoder
  (and the encoder's lock): how `pocdoc serve`'s writer indexes an upload (``/v1/uploads``)
  now, for the UI and every other client.
Each upload is removed from the index after its phase (``pocdoc ingest --prune``-style), so the
phases see the same corpus. The target is ``worker`` p50 <= 2 x ``idle`` p50. Figures and
settings go to eval/results/upload-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from assistant.offline import go_offline

go_offline()


def _ask_while(
    engine, questions: list[str], busy: threading.Event | None, minimum: int
) -> list[float]:
    """Ask questions round-robin: ``minimum`` of them, or for as long as ``busy`` is set."""
    times: list[float] = []
    i = 0
    while len(times) < minimum or (busy is not None and busy.is_set()):
        t0 = time.perf_counter()
        engine.ask(questions[i % len(questions)])
        times.append((time.perf_counter() - t0) * 1000)
        i += 1
        if busy is not None and not busy.is_set() and len(times) >= minimum:
            break
    return times


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"n": len(times), "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}  # fmt: skip


def _drop(settings, name: str) -> None:
    from ingest.pipeline import ingest_paths

    (settings.upload_dir / name).unlink(missing_ok=True)
    ingest_paths(settings, [], prune=True, progress=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--home",
        type=Path,
        required=True,
        help="an indexed home (it gets the upload, then loses it)",
    )
    ap.add_argument(
        "--upload", type=Path, required=True, help="the document to upload, e.g. a 20-page PDF"
    )
    ap.add_argument("--label", default="bundled")
    ap.add_argument("--questions", type=Path, default=Path("eval/gold/poc_gold.jsonl"))
    ap.add_argument(
        "--idle", type=int, default=30, help="questions timed with nothing else running"
    )
    ap.add_argument("--out", type=Path, default=Path("eval/results"))
    args = ap.parse_args(argv)

    from assistant.open import open_assistant
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    settings = load_settings(None, home=args.home)
    engine = open_assistant(settings)  # asks as the UI does: the assistant over the shared engine
    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text().splitlines()
        if line.strip()
    ]
    name = args.upload.name
    _ask_while(engine, questions, None, 5)  # warm up
    result: dict = {"idle": _stats(_ask_while(engine, questions, None, args.idle))}

    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    path = settings.upload_dir / name
    shutil.copyfile(args.upload, path)
    busy = threading.Event()
    busy.set()
    t0 = time.perf_counter()
    env = dict(
        os.environ,
        POCDOC_HOME=str(settings.home),
        POCDOC_EMBEDDING__THREADS="1",
        OMP_NUM_THREADS="1",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(path), "--no-progress"], env=env
    )

    def watch() -> None:
        worker.wait()
        busy.clear()

    threading.Thread(target=watch, daemon=True).start()
    times = _ask_while(engine, questions, busy, 3)
    result["worker"] = _stats(times) | {
        "upload_s": round(time.perf_counter() - t0, 1),
        "exit": worker.returncode,
    }
    _drop(settings, name)
    engine.engine.refresh()

    shutil.copyfile(args.upload, path)
    busy.set()
    t0 = time.perf_counter()

    def index() -> None:
        try:
            ingest_paths(settings, [path], progress=False, embedder=engine.embedder)
        finally:
            busy.clear()

    threading.Thread(target=index, daemon=True).start()
    times = _ask_while(engine, questions, busy, 3)
    result["in_process"] = _stats(times) | {"upload_s": round(time.perf_counter() - t0, 1)}
    _drop(settings, name)

    result["ratio_worker_vs_idle"] = round(result["worker"]["p50_ms"] / result["idle"]["p50_ms"], 2)
    result["ratio_in_process_vs_idle"] = round(
        result["in_process"]["p50_ms"] / result["idle"]["p50_ms"], 2
    )
    result["settings"] = {"home": str(args.home), "upload": str(args.upload), "bytes": args.upload.stat().st_size,
                          "cpus": os.cpu_count(), "python": platform.python_version(), "argv": sys.argv[1:]}  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"upload-{args.label}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
