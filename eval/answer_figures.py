"""Answer-quality figures of the gold splits, quickly: `ask` on every question of each split, with
answer metrics and cross-validated abstention, no retrieval benchmark (`pocdoc eval` does both).

    python -m eval.answer_figures eval/gold/poc_gold.jsonl eval/gold/poc_gold_test.jsonl

Uses the index under POCDOC_HOME (index the bundled corpus first) and prints one JSON object per
split: answer metrics, the abstention figures at the configured threshold, and 5-fold
cross-validated abstention (threshold fitted on the other folds).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.offline import go_offline  # noqa: E402 - light: no library imported

go_offline()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("splits", nargs="+", type=Path, help="gold JSONL files")
    args = ap.parse_args(argv)

    from assistant.settings import load_settings
    from eval.calibration import Decision, cross_validate, fit_threshold, row_at
    from eval.datasets import derive_qrels, load_gold
    from eval.metrics import answer_metrics
    from eval.runner import ask_all
    from eval.subject import EvalSubject
    from ingest.catalogue import open_assistant

    settings = load_settings()
    subject = EvalSubject(open_assistant(settings))
    passages = list(subject.passages())
    texts = {p.passage_id: p.text for p in passages}
    for path in args.splits:
        questions = load_gold(path)
        gold = derive_qrels(questions, passages)
        outcomes = ask_all(subject, questions, gold.qrels, texts, progress=False)
        decisions = [Decision(not o.answerable, o.evidence_score, o.forced, o.rescued) for o in outcomes]
        record = {
            "split": str(path),
            "answers": answer_metrics(outcomes),
            "at_threshold": vars(row_at(settings.answer.abstain_threshold, decisions)),
            "cross_validated": cross_validate(decisions),
            "fitted_in_sample": vars(row_at(fit_threshold(decisions)[0], decisions)),
        }
        print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
