"""Paragraph alignment against hand labels, and how long alignment takes.

    python -m eval.editions_bench --home /tmp/editions-home
    python -m eval.editions_bench --home /tmp/editions-home --series MINUJUSTH   # + a whole series
    python -m eval.editions_bench --home /tmp/editions-home --sweep              # + P/R curves
    python -m eval.editions_bench --home /tmp/editions-home --method blend       # the first aligner

Scores pair precision (of the pairs the aligner made for labelled older paragraphs, the share
whose newer side is one the labels accept) and pair recall (of the labelled older paragraphs that
have a counterpart, the share the aligner paired with an accepted one), on the labelled set the
pair scorer was fitted on (``eval/gold/editions_alignment.json``) and, apart, on the held-out
pair labelled later (``eval/gold/editions_alignment_heldout.json``). The labels carry each paragraph's opening words, so a different cut
of the documents is reported, not scored. Timings exclude the cache: every pair is aligned anew.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

from assistant.editions import (
    AlignmentConfig,
    Edition,
    PairScorer,
    Shelf,
    align_editions,
    load_edition,
)
from assistant.open import open_glossary
from assistant.settings import load_settings

GOLD = Path(__file__).parent / "gold" / "editions_alignment.json"
HELD_OUT = Path(__file__).parent / "gold" / "editions_alignment_heldout.json"
SWEEP = (0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)  # min_probability values of --sweep


def gold_pairs(path: Path) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    return pairs


def labelled_editions(shelf: Shelf, pair: dict[str, Any]) -> tuple[Edition, Edition]:
    """Both documents of a labelled pair, checked to be cut as when they were labelled."""
    old, _ = load_edition(shelf.ledger, pair["old"])
    new, _ = load_edition(shelf.ledger, pair["new"])
    for label in pair["labels"]:
        if not old.paragraphs[label["old"]].text.startswith(label["old_starts"]):
            raise SystemExit(f"{pair['old']} paragraph {label['old']} is cut differently now")
        for j, start in zip(label["new"], label["new_starts"], strict=True):
            if not new.paragraphs[j].text.startswith(start):
                raise SystemExit(f"{pair['new']} paragraph {j} is cut differently now")
    return old, new


def score_pair(
    shelf: Shelf,
    pair: dict[str, Any],
    config: AlignmentConfig,
    scorer: PairScorer | None = None,
) -> dict[str, Any]:
    old, new = labelled_editions(shelf, pair)
    started = time.perf_counter()
    rows = align_editions(old, new, config, scorer=scorer)
    seconds = time.perf_counter() - started
    made = {r.old: r.new for r in rows if r.old is not None and r.new is not None}
    predicted = correct = wanted = found = 0
    for label in pair["labels"]:
        got = made.get(label["old"])
        predicted += got is not None
        correct += got is not None and got in label["new"]
        wanted += bool(label["new"])
        found += got is not None and got in label["new"]
    return {
        "old": pair["old"],
        "new": pair["new"],
        "paragraphs": [len(old.paragraphs), len(new.paragraphs)],
        "labelled": len(pair["labels"]),
        "predicted": predicted,
        "correct": correct,
        "with_counterpart": wanted,
        "precision": correct / predicted if predicted else 0.0,
        "recall": found / wanted if wanted else 0.0,
        "align_seconds": round(seconds, 3),
    }


def score(shelf: Shelf, config: AlignmentConfig, gold: Path = GOLD) -> dict[str, Any]:
    return summed([score_pair(shelf, p, config) for p in gold_pairs(gold)], config)


def summed(pairs: list[dict[str, Any]], config: AlignmentConfig) -> dict[str, Any]:
    """Precision and recall over several scored pairs."""
    predicted = sum(p["predicted"] for p in pairs)
    correct = sum(p["correct"] for p in pairs)
    wanted = sum(p["with_counterpart"] for p in pairs)
    return {
        "config": dataclasses.asdict(config),
        "pairs": pairs,
        "precision": round(correct / predicted, 3) if predicted else 0.0,
        "recall": round(correct / wanted, 3) if wanted else 0.0,
    }


def time_series(shelf: Shelf, name: str) -> dict[str, Any]:
    """Align every successive pair of a series from the ledger (no cache), and time it."""
    series = shelf.find(name)
    started = time.perf_counter()
    sizes = []
    for a, b in zip(series.members, series.members[1:], strict=False):
        old, _ = load_edition(shelf.ledger, a.doc_id)
        new, _ = load_edition(shelf.ledger, b.doc_id)
        align_editions(old, new, shelf.config)
        sizes.append(len(old.paragraphs) + len(new.paragraphs))
    return {
        "series": series.name,
        "reports": len(series.members),
        "pairs": len(sizes),
        "paragraphs_per_pair": round(sum(sizes) / len(sizes) / 2, 1) if sizes else 0,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.editions_bench")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--series", action="append", default=[])
    parser.add_argument("--sweep", action="store_true", help="also score other thresholds")
    parser.add_argument("--method", choices=("learned", "blend"), default="learned")
    args = parser.parse_args(argv)
    settings = load_settings(None, home=args.home)
    shelf = Shelf.open(args.home, glossary=open_glossary(settings), corpus_dir=settings.corpus_dir)
    config = dataclasses.replace(shelf.config, method=args.method)
    report: dict[str, Any] = {
        "default": score(shelf, config),
        "heldout": score(shelf, config, HELD_OUT),
    }
    if args.sweep:
        name, values = (
            ("min_probability", SWEEP)
            if args.method == "learned"
            else ("threshold", (0.35, 0.4, 0.45, 0.5, 0.55, 0.6))
        )
        for key, gold in (("sweep", GOLD), ("sweep_heldout", HELD_OUT)):
            report[key] = [
                {
                    k: v
                    for k, v in score(shelf, dataclasses.replace(config, **{name: t}), gold).items()
                    if k != "pairs"
                }
                for t in values
            ]
    report["series"] = [time_series(shelf, name) for name in args.series]
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
