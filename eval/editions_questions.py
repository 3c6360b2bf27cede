"""Change questions through `Assistant.ask`: key facts found, and both sides cited.

    python -m eval.editions_questions --home /tmp/editions-units-home [--json figures.json]

``eval/gold/editions_questions.jsonl``: 20 questions ("what changed between A and B on T", "how
did T evolve in M's reports", "since when does M's reporting mention T", "when did M's reports
stop mentioning T"), each with the two documents an answer must cite (the older and the newer; the
first mention and the latest or last) and key facts read in each. Scored per question:

- both sides cited: the answer's citations include both documents;
- key facts found: a fact counts when an answer sentence citing its document holds it (case and
  spacing aside), so a fact quoted from the wrong report is not found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

QUESTIONS = Path(__file__).parent / "gold" / "editions_questions.jsonl"


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def score_answer(item: dict[str, Any], answer: Any) -> dict[str, Any]:
    """One question's figures from its answer (an :class:`assistant.types.Answer`)."""
    by_n = {c.n: c.doc_id for c in answer.citations}
    said: dict[str, str] = {}
    for sentence in answer.sentences:
        for n in sentence.citations:
            doc = by_n.get(n, "")
            said[doc] = said.get(doc, "") + " " + _plain(sentence.text)
    cited = set(by_n.values())
    facts = [(side["doc_id"], fact) for side in item["sides"] for fact in side["key_facts"]]
    found = [f for d, f in facts if _plain(f) in said.get(d, "")]
    return {
        "id": item["id"],
        "kind": item["kind"],
        "abstained": bool(answer.abstained),
        "both_sides": all(side["doc_id"] in cited for side in item["sides"]),
        "facts": len(facts),
        "found": len(found),
        "missed": [f for _, f in facts if f not in found],
        "cited": sorted(cited),
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    facts = sum(r["facts"] for r in rows)
    return {
        "questions": len(rows),
        "both_sides_cited": sum(r["both_sides"] for r in rows),
        "key_fact_recall": round(sum(r["found"] for r in rows) / facts, 3) if facts else 0.0,
        "abstained": sum(r["abstained"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    from assistant.open import open_assistant
    from assistant.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m eval.editions_questions")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--json", type=Path, help="also write every question's figures here")
    args = parser.parse_args(argv)
    items = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    assistant = open_assistant(load_settings(None, home=args.home))
    rows = []
    for item in items:
        started = time.perf_counter()
        row = score_answer(item, assistant.ask(item["question"]))
        row["seconds"] = round(time.perf_counter() - started, 2)
        rows.append(row)
        print(
            f"{row['id']} {row['kind']:7} both={row['both_sides']!s:5} "
            f"facts {row['found']}/{row['facts']} {row['seconds']:.1f}s"
            + (f"  missed {row['missed']}" if row["missed"] else ""),
            file=sys.stderr,
        )
    report = {"summary": summary(rows), "questions": rows}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    json.dump(report["summary"], sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
