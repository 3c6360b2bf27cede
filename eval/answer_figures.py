"""Answer-quality figures of the gold splits, quickly: `ask` on every question of each split, with
answer metrics and cross-validated abstention, no retrieval benchmark (`pocdoc eval` does both).

    python -m eval.answer_figures eval/gold/poc_gold.jsonl eval/gold/poc_gold_test.jsonl

Uses the index under POCDOC_HOME (index the bundled corpus first) and prints one JSON object per
split: answer metrics, the abstention figures at the configured threshold, 5-fold
cross-validated abstention (threshold fitted on the other folds), and how often an answer cites
the document the question is about first (:func:`expected_first`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.offline import go_offline

go_offline()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("splits", nargs="+", type=Path, help="gold JSONL files")
    ap.add_argument(
        "--answers",
        type=Path,
        help="folder to write <split>.answers.jsonl into: each question, its answer and outcome",
    )
    args = ap.parse_args(argv)

    from assistant.open import open_assistant
    from assistant.settings import load_settings
    from eval.calibration import Decision, cross_validate, fit_threshold, row_at
    from eval.datasets import derive_qrels, load_gold
    from eval.metrics import answer_metrics
    from eval.runner import ask_all
    from eval.subject import EvalSubject

    settings = load_settings()
    subject = EvalSubject(open_assistant(settings))
    passages = list(subject.passages())
    texts = {p.passage_id: p.text for p in passages}
    for path in args.splits:
        questions = load_gold(path)
        gold = derive_qrels(questions, passages)
        answers: list = []
        outcomes = ask_all(
            subject, questions, gold.qrels, texts, progress=False, on_answer=answers.append
        )
        if args.answers:
            write_answers(args.answers / f"{path.stem}.answers.jsonl", questions, answers, outcomes)
        decisions = [
            Decision(not o.answerable, o.evidence_score, o.forced, o.rescued) for o in outcomes
        ]
        record = {
            "split": str(path),
            "answers": answer_metrics(outcomes) | expected_first(questions, answers),
        }
        if len({d.should_abstain for d in decisions}) == 2:  # abstention needs both kinds
            record |= {
                "at_threshold": vars(row_at(settings.answer.abstain_threshold, decisions)),
                "cross_validated": cross_validate(decisions),
                "fitted_in_sample": vars(row_at(fit_threshold(decisions)[0], decisions)),
            }
        print(json.dumps(record))
    return 0


def expected_first(questions, answers) -> dict[str, float | int | None]:
    """Of the answerable questions answered, the share whose first citation (the lowest ``n``)
    is a passage of a document the gold line names in ``relevant``: the report asked about is the
    one the answer leads with. An answer without citations counts as a miss."""
    rows = [
        (q, a) for q, a in zip(questions, answers, strict=True) if q.answerable and not a.abstained
    ]
    hits = sum(
        1
        for q, a in rows
        if a.citations
        and min(a.citations, key=lambda c: c.n).doc_id in {r.doc_id for r in q.relevant}
    )
    return {
        "expected_document_first": hits / len(rows) if rows else None,
        "expected_document_first_hits": hits,
        "expected_document_first_of": len(rows),
    }


def write_answers(path: Path, questions, answers, outcomes) -> None:
    """One line per question: what was asked, what the gold set expects, what the answer said."""
    from dataclasses import asdict

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for q, a, o in zip(questions, answers, outcomes, strict=True):
            row = {
                "id": q.id,
                "question": q.question,
                "answerable": q.answerable,
                "form": a.form,
                "key_facts": list(q.key_facts),
                "evidence": [r.quote for r in q.relevant],
                "answer": a.answer,
                "abstained": a.abstained,
                "sentences": [s.text for s in a.sentences],
                "expected_documents": sorted({r.doc_id for r in q.relevant}),
                "cited_documents": [c.doc_id for c in sorted(a.citations, key=lambda c: c.n)],
                "outcome": asdict(o),
            }
            out.write(json.dumps(row, default=str) + "\n")


if __name__ == "__main__":
    sys.exit(main())
