"""Fault campaigns: damaged files, and SIGKILLs of `pocdoc ingest` at random points.

    python -m eval.faults --kills 20 --files 1000 --out eval/results/faults.json

``--files N``: N damaged files (seed files of every supported type with bytes flipped, cut,
inserted or repeated, plus random bytes) through the loaders and the splitter; each must be
indexed or refused with a PocdocError (one line), never another exception.

``--kills N``: N times, `pocdoc ingest` of a small corpus runs in a subprocess and is SIGKILLed at
a random moment (uniform over its measured run time, so some land inside Chroma's writes); then,
in this process: an Engine opens and searches (ok, or a one-line PocdocError such as "damaged:
run `pocdoc repair`"), and the next ingest must succeed and leave the index equal to a clean
ingest (same ids, texts and vectors). Repair time (``repair --force``) is compared with the
clean ingest time. The tallies are written as JSON and printed as a Markdown table.

The campaigns are in :mod:`eval.damaged_files` and :mod:`eval.kill_campaigns`, what they write in
:mod:`eval.fault_corpora`; this module is their command line and re-exports them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from assistant.offline import go_offline

go_offline()

# The campaigns import the heavy libraries inside their functions, after go_offline.
from eval.damaged_files import SEEDS, check_file, file_campaign, mutate  # noqa: E402
from eval.fault_corpora import random_documents, write_corpus, write_random  # noqa: E402
from eval.kill_campaigns import index_state, kill_campaign, store_kill_campaign  # noqa: E402

__all__ = [
    "SEEDS",
    "check_file",
    "file_campaign",
    "index_state",
    "kill_campaign",
    "main",
    "mutate",
    "random_documents",
    "store_kill_campaign",
    "write_corpus",
    "write_random",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument(
        "--store-kills",
        type=int,
        default=0,
        help="kills of a random-vector writer (Chroma persistence)",
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--corpus-files", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("eval/results/faults.json"))
    args = parser.parse_args(argv)
    result: dict = {"command": " ".join(sys.argv), "seed": args.seed}
    if args.files:
        t0 = time.perf_counter()
        result["damaged_files"] = {
            "n": args.files,
            "tally": dict(file_campaign(args.files, args.seed)),
            "seconds": time.perf_counter() - t0,
        }
        print(json.dumps(result["damaged_files"]), flush=True)
    if args.kills:
        result["kills"] = kill_campaign(
            args.kills, args.corpus_files, args.seed, log=lambda m: print(m, flush=True)
        )
    if args.store_kills:
        result["store_kills"] = store_kill_campaign(
            args.store_kills, seed=args.seed, log=lambda m: print(m, flush=True)
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
