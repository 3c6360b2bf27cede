"""How far two labellers of the editions alignment agree, and the aligner against each.

    python -m eval.editions_agreement                       # the two labellings of the held-out pairs
    python -m eval.editions_agreement --home /tmp/editions-home   # + the aligner against each

The held-out pairs were labelled twice under the written definition of a counterpart
(eval/gold/README.md): ``editions_alignment_heldout.json`` first, ``editions_alignment_heldout_second.json``
by a second labeller who saw neither the first labels nor the aligner. The second labelling is
scored against the first exactly as ``eval.editions_bench`` scores the aligner (its first choice
for each older paragraph: right when the first labels accept it), so the agreement is the ceiling
a pair precision and recall can be read against. Also printed: whether the two agree that an
older paragraph has a counterpart at all (share and Cohen's kappa, from scikit-learn), and the
same scored with any overlap of the two sets of counterparts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from eval.editions_bench import HELD_OUT

SECOND = Path(__file__).parent / "gold" / "editions_alignment_heldout_second.json"


def _labels(path: Path) -> dict[tuple[str, str, int], list[int]]:
    """A labelling's counterparts by (older doc, newer doc, older paragraph); a file that is not
    one is a ValueError naming the file and what is wrong."""
    try:
        pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
        return {
            (pair["old"], pair["new"], int(label["old"])): [int(j) for j in label["new"]]
            for pair in pairs
            for label in pair["labels"]
        }
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the labels: {exc}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{path}: not a labelling (pairs[] of {{old, new, labels[] of {{old, new: [...]}}}}): "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def agreement(
    first: dict[tuple[str, str, int], list[int]], second: dict[tuple[str, str, int], list[int]]
) -> dict[str, Any]:
    """The second labelling scored against the first, over the older paragraphs both labelled."""
    rows = sorted(set(first) & set(second))
    if not rows:
        raise ValueError("the two labellings share no labelled older paragraph")
    a = [bool(first[r]) for r in rows]
    b = [bool(second[r]) for r in rows]
    made = sum(b)
    wanted = sum(a)
    first_choice = sum(1 for r in rows if second[r] and second[r][0] in first[r])
    overlap = sum(1 for r in rows if set(first[r]) & set(second[r]))
    return {
        "rows": len(rows),
        "first_with_counterpart": wanted,
        "second_with_counterpart": made,
        "has_counterpart_agreement": round(sum(x == y for x, y in zip(a, b)) / len(rows), 3),
        "has_counterpart_kappa": round(float(cohen_kappa_score(a, b)), 3),
        "precision": round(first_choice / made, 3) if made else 0.0,
        "recall": round(first_choice / wanted, 3) if wanted else 0.0,
        "precision_any_overlap": round(overlap / made, 3) if made else 0.0,
        "recall_any_overlap": round(overlap / wanted, 3) if wanted else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.editions_agreement")
    parser.add_argument("--first", type=Path, default=HELD_OUT)
    parser.add_argument("--second", type=Path, default=SECOND)
    parser.add_argument("--home", type=Path, help="also score the aligner against each labelling")
    args = parser.parse_args(argv)
    try:
        report: dict[str, Any] = {
            "second_against_first": agreement(_labels(args.first), _labels(args.second))
        }
    except ValueError as exc:
        print(f"python -m eval.editions_agreement: {exc}", file=sys.stderr)
        return 2
    if args.home:
        from assistant.editions import Shelf
        from assistant.open import open_glossary
        from assistant.settings import load_settings
        from eval.editions_bench import score

        settings = load_settings(None, home=args.home)
        shelf = Shelf.open(
            args.home, glossary=open_glossary(settings), corpus_dir=settings.corpus_dir
        )
        for key, path in (
            ("aligner_against_first", args.first),
            ("aligner_against_second", args.second),
        ):
            report[key] = {
                k: v for k, v in score(shelf, shelf.config, path).items() if k != "pairs"
            }
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
