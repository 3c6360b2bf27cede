"""report.md: the tables of a run's summary (the content of metrics.json) for a human reader,
with significance marks against the baseline and the abstention calibration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TESTS = {
    "student": "paired Student's t-test",
    "fisher": "Fisher's randomisation test",
    "tukey": "Tukey's HSD test",
}
_MARKS = {"better": "†", "worse": "‡"}


def render_markdown(summary: Mapping[str, Any], fingerprint: str, plots: Mapping[str, str]) -> str:
    """The human-readable report of a summary."""
    lines = [f"# pocdoc evaluation: {summary['name']}", "", *_header(summary, fingerprint), ""]
    lines += ["## Retrieval", "", *_retrieval_table(summary), "", *_legend(summary), ""]
    lines += ["### Ratio to the baseline", "", *_ratio_table(summary), ""]
    lines += ["### 95% bootstrap confidence intervals", "", *_ci_table(summary), ""]
    lines += [f"![{title}]({path})\n" for title, path in plots.items()]
    if summary["answers"]:
        lines += ["## Answers", "", *_answers_table(summary["answers"]), ""]
    if summary["calibration"]:
        lines += [
            "## Abstention calibration",
            "",
            *_calibration_section(summary["calibration"]),
            "",
        ]
    notes = _notes(summary)
    if notes:
        lines += ["## Notes", "", *notes, ""]
    return "\n".join(lines)


def _header(summary: Mapping[str, Any], fingerprint: str) -> list[str]:
    d = summary["dataset"]
    if d["kind"] == "gold":
        what = (
            f"gold set, {d['questions']} questions ({d['answerable']} answerable, {d['unanswerable']} unanswerable); "
            f"{d['judged']} judged for retrieval over {d['passages']} passages"
        )
    else:
        what = f"BEIR {d['name']}, {d['evaluated']} of {d['judged']} judged queries over {d['corpus']} documents"
    sig = summary["significance"]
    return [
        f"- Dataset: {what}",
        f"- Corpus fingerprint: `{fingerprint}`",
        f"- Retrieval depth k = {summary['k']}; baseline `{summary['baseline']}`; "
        f"{_TESTS[sig['test']]}, α = {sig['alpha']}, n = {sig['queries']} queries",
    ]


def _retrieval_table(summary: Mapping[str, Any]) -> list[str]:
    metrics = summary["metrics"]
    latency = any(r["latency_ms"] for r in summary["retrievers"].values())
    head = ["Retriever", *metrics, *(["p50 ms", "p95 ms"] if latency else [])]
    rows = [_row(head), _row(["---"] + ["---:"] * (len(head) - 1))]
    for name, r in summary["retrievers"].items():
        label = f"{name} (baseline)" if name == summary["baseline"] else name
        cells = [f"{r['mean'][m]:.3f}{_mark(r['significance'].get(m))}" for m in metrics]
        if latency:
            lat = r["latency_ms"] or {}
            cells += [_num(lat.get("p50"), ".1f"), _num(lat.get("p95"), ".1f")]
        rows.append(_row([label, *cells]))
    return rows


def _mark(significance: Mapping[str, Any] | None) -> str:
    if not significance or not significance["significant"]:
        return ""
    return _MARKS.get(significance["direction"], "")


def _legend(summary: Mapping[str, Any]) -> list[str]:
    sig = summary["significance"]
    return [
        f"† significantly better than `{summary['baseline']}`, ‡ significantly worse "
        f"({_TESTS[sig['test']]}, p < {sig['alpha']}, {sig['queries']} queries); unmarked: no significant difference. "
        "Latency: wall time per query, one untimed warm-up query first."
    ]


def _ratio_table(summary: Mapping[str, Any]) -> list[str]:
    keys = [*summary["metrics"], "latency_p50"]
    rows = [_row(["Retriever", *keys]), _row(["---"] + ["---:"] * len(keys))]
    for name, r in summary["retrievers"].items():
        ratios = r["ratio_to_baseline"]
        rows.append(
            _row([name, *(f"{ratios[k]:.2f}×" if ratios.get(k) is not None else "–" for k in keys)])
        )
    return rows


def _ci_table(summary: Mapping[str, Any]) -> list[str]:
    metrics = summary["metrics"]
    rows = [_row(["Retriever", *metrics]), _row(["---"] + ["---:"] * len(metrics))]
    for name, r in summary["retrievers"].items():
        rows.append(
            _row([name, *(f"{r['ci95'][m][0]:.3f}–{r['ci95'][m][1]:.3f}" for m in metrics)])
        )
    return rows


def _answers_table(answers: Mapping[str, Any]) -> list[str]:
    labels = {
        "questions": "questions asked",
        "answered": "answered (not abstained)",
        "evidence_found": "evidence found in cited passages (abstention = miss)",
        "evidence_found_when_answered": "evidence found in cited passages, answered questions",
        "citations_per_answer": "citations per answer",
        "citation_correctness": "citation correctness (quote is a substring of its passage)",
        "abstention_precision": "abstention precision (unanswerable = positive)",
        "abstention_recall": "abstention recall",
        "abstention_f1": "abstention F1 (in-sample: the threshold set as it is)",
        "answerable_abstained": "answerable questions abstained on",
        "key_fact_recall": "key-fact recall (answerable questions with key facts; abstention = 0)",
        "fragment_sentences": "heading or fragment sentences in answers (must be 0)",
        "answer_sentences": "answer sentences",
        "answer_words_mean": "answer length, words (mean)",
        "answer_words_p95": "answer length, words (p95)",
        "redundancy_mean": "redundancy: highest overlap of two sentences of an answer (mean)",
    }
    rows = [_row(["Measure", "Value"]), _row(["---", "---:"])]
    rows += [
        _row([label, _num(answers.get(key), ".3f")])
        for key, label in labels.items()
        if key in answers
    ]
    if answers.get("latency_ms"):
        rows.append(
            _row(
                [
                    "ask latency p50 / p95 ms",
                    f"{answers['latency_ms']['p50']:.1f} / {answers['latency_ms']['p95']:.1f}",
                ]
            )
        )
    return rows


def _calibration_section(cal: Mapping[str, Any], max_rows: int = 25) -> list[str]:
    table = cal["table"]
    lines = [
        f"Recommended `answer.abstain_threshold = {cal['threshold']:.4f}` (abstention F1 {cal['f1']:.3f}); "
        f"criterion: {cal['criterion']}. The assistant abstains when the evidence score is below the threshold.",
    ]
    cv = cal.get("cross_validation")
    if cv:
        lines.append(
            f"Cross-validated ({cv['folds']}-fold, stratified, seed {cv['seed']}; each fold's threshold fitted on the "
            f"others): abstention precision {cv['precision']:.3f}, recall {cv['recall']:.3f}, F1 {cv['f1']:.3f}; "
            f"answerable questions abstained on {cv['answerable_abstained']:.3f}. Fold thresholds: "
            + ", ".join(f"{t:.4f}" for t in cv["thresholds"])
            + "."
        )
    lines.append(
        f"{cal.get('forced', 0)} answers abstained whatever the threshold (an anchor no passage mentions, a document "
        f"not indexed) and {cal.get('rescued', 0)} answered whatever it (a glossary definition); the threshold decides the rest."
    )
    if cal["current"] is not None:
        now = cal["current"]
        lines.append(
            f"The current setting {cal['current_threshold']} would give F1 {now['f1']:.3f} "
            f"(precision {now['precision']:.3f}, recall {now['recall']:.3f}) on these evidence scores."
        )
    step = max(1, -(-len(table) // max_rows))
    shown = [
        row for i, row in enumerate(table) if i % step == 0 or row["threshold"] == cal["threshold"]
    ]
    if len(shown) < len(table):
        lines.append(
            f"Every {step}th of {len(table)} candidates shown, and the chosen one; all are in metrics.json."
        )
    head = [
        "threshold",
        "abstained unanswerable",
        "abstained answerable",
        "precision",
        "recall",
        "F1",
        "balanced accuracy",
    ]
    lines += ["", _row(head), _row(["---:"] * len(head))]
    for row in shown:
        bold = "**" if row["threshold"] == cal["threshold"] else ""
        counts = [str(row["abstained_unanswerable"]), str(row["abstained_answerable"])]
        rates = [f"{row[k]:.3f}" for k in ("precision", "recall", "f1", "balanced_accuracy")]
        lines.append(_row([f"{bold}{row['threshold']:.4f}{bold}", *counts, *rates]))
    return lines


def _notes(summary: Mapping[str, Any]) -> list[str]:
    notes = [f"- `{name}` did not run: {why}." for name, why in summary["skipped"].items()]
    for name, r in summary["retrievers"].items():
        if r["short_lists"]:
            notes.append(
                f"- `{name}` returned fewer than k = {summary['k']} passages for {r['short_lists']} queries."
            )
        if r["score_fixes"]:
            notes.append(
                f"- `{name}`: scores not below the one ranked above them at float32 precision (trec_eval's) were "
                f"nudged down {r['score_fixes']} times, so the TREC files keep the engine's rank order."
            )
    dataset = summary["dataset"]
    for u in dataset.get("unmatched_quotes", []):
        notes.append(
            f"- Gold `{u['id']}`: quote in `{u['doc_id']}` unmatched ({u['why']}): “{u['quote'][:80]}”"
        )
    if dataset.get("spanning_quotes"):
        notes.append(
            f"- {dataset['spanning_quotes']} gold quotes matched only across two adjacent passages."
        )
    for failure in dataset.get("ingest_failures", []):
        notes.append(f"- Not indexed: {failure}")
    return notes


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _num(value: float | int | None, fmt: str) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else format(value, fmt)
