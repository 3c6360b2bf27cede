"""The run folder: every figure beside the settings and inputs that reproduce it.

```
settings.json       resolved pocdoc settings, the eval config, package and model versions
fingerprint.txt     the corpus fingerprint of the index evaluated
runs/<name>.trec    one TREC run per retriever: qid Q0 docid rank score tag
qrels.trec          the judgements: qid 0 docid grade
metrics.json        means, 95% bootstrap intervals, significance, latency, per-query scores, answers
report.md           the tables, with plots/*.png (matplotlib, Agg)
```
The TREC run scores decrease strictly down each ranking (see ``runner.strictly_decreasing``),
so ranx, trec_eval or ir-measures reading the files recompute the same figures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from eval.calibration import Decision, cross_validate, fit_threshold, row_at
from eval.config import EvalConfig
from eval.metrics import (
    answer_metrics,
    bootstrap_ci,
    compare_to_baseline,
    evaluate_per_query,
    latency_stats,
)
from eval.plots import write_plots
from eval.runner import EvalResult
from eval.trec import write_trec_qrels, write_trec_run

_TESTS = {
    "student": "paired Student's t-test",
    "fisher": "Fisher's randomisation test",
    "tukey": "Tukey's HSD test",
}
_MARKS = {"better": "†", "worse": "‡"}
_CURVE_KS = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)


def write_report(
    folder: Path,
    result: EvalResult,
    config: EvalConfig,
    *,
    settings_data: Mapping[str, Any],
    fingerprint: str,
) -> Path:
    """Write the run folder (created if missing) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(
        json.dumps(settings_data, indent=2, default=str) + "\n", encoding="utf-8"
    )
    (folder / "fingerprint.txt").write_text(fingerprint + "\n", encoding="utf-8")
    (folder / "runs").mkdir(exist_ok=True)
    for name, retriever in result.retrievers.items():
        write_trec_run(folder / "runs" / f"{name}.trec", retriever.run, tag=name)
    write_trec_qrels(folder / "qrels.trec", result.qrels)
    if result.answers:  # one line per question, so a reader can find the answers behind a figure
        lines = [json.dumps(asdict(o), default=str) for o in result.answers]
        (folder / "answers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    current = settings_data.get("pocdoc", {}).get("answer", {}).get("abstain_threshold")
    summary = summarise(result, config, current_threshold=current)
    (folder / "metrics.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    plots = write_plots(folder / "plots", summary)
    (folder / "report.md").write_text(
        render_markdown(summary, fingerprint, plots), encoding="utf-8"
    )
    return folder


# --------------------------------------------------------------------------- metrics.json


def summarise(
    result: EvalResult, config: EvalConfig, *, current_threshold: float | None = None
) -> dict[str, Any]:
    """All figures of a run as JSON-ready data (the content of metrics.json)."""
    curve = [f"recall@{k}" for k in sorted({*(k for k in _CURVE_KS if k <= config.k), config.k})]
    retrievers: dict[str, Any] = {}
    for name, retriever in result.retrievers.items():
        per_query = evaluate_per_query(
            result.qrels, retriever.run, list(dict.fromkeys([*config.metrics, *curve]))
        )
        means = {m: sum(per_query[m].values()) / len(per_query[m]) for m in per_query}
        retrievers[name] = {
            "mean": {m: means[m] for m in config.metrics},
            "ci95": {
                m: bootstrap_ci(
                    list(per_query[m].values()), samples=config.bootstrap, seed=config.seed
                )
                for m in config.metrics
            },
            "recall_at_k": {m.split("@")[1]: means[m] for m in curve},
            "latency_ms": latency_stats(retriever.latencies_ms) if config.latency else None,
            "latencies_ms": retriever.latencies_ms if config.latency else [],
            "short_lists": retriever.short_lists,
            "score_fixes": retriever.score_fixes,
            "per_query": {m: per_query[m] for m in config.metrics},
        }
    _add_comparisons(retrievers, config)
    summary: dict[str, Any] = {
        "name": config.name,
        "dataset": result.dataset,
        "k": config.k,
        "metrics": config.metrics,
        "baseline": config.baseline,
        "significance": {
            "test": config.significance,
            "alpha": config.alpha,
            "queries": len(result.qrels),
        },
        "retrievers": retrievers,
        "skipped": result.skipped,
        "answers": None,
        "calibration": None,
    }
    if result.answers:
        summary["answers"] = answer_metrics(result.answers)
        asked = [o.latency_ms for o in result.answers if o.latency_ms is not None]
        summary["answers"]["latency_ms"] = latency_stats(asked) if config.latency else None
        summary["calibration"] = _calibration(result, current_threshold)
    return summary


def _add_comparisons(retrievers: dict[str, Any], config: EvalConfig) -> None:
    baseline = config.baseline
    significance = compare_to_baseline(
        {name: data["per_query"] for name, data in retrievers.items()},
        baseline=baseline,
        test=config.significance,
        alpha=config.alpha,
        permutations=config.permutations,
        seed=config.seed,
    )
    base = retrievers[baseline]
    for name, data in retrievers.items():
        data["significance"] = {m: vars(s) for m, s in significance.get(name, {}).items()}
        data["ratio_to_baseline"] = {
            m: _ratio(data["mean"][m], base["mean"][m]) for m in config.metrics
        }
        if data["latency_ms"] and base["latency_ms"] and data["latency_ms"]["n"]:
            data["ratio_to_baseline"]["latency_p50"] = _ratio(
                data["latency_ms"]["p50"], base["latency_ms"]["p50"]
            )


def _ratio(value: float, base: float) -> float | None:
    return value / base if base else None


def _calibration(result: EvalResult, current: float | None) -> dict[str, Any] | None:
    decisions = [
        Decision(not o.answerable, o.evidence_score, o.forced, o.rescued) for o in result.answers
    ]
    if all(d.should_abstain for d in decisions) or not any(d.should_abstain for d in decisions):
        return None
    threshold, table = fit_threshold(decisions)
    best = next(row for row in table if row.threshold == threshold)
    try:
        cv = cross_validate(decisions)
    except ValueError:
        cv = None  # too few questions of one kind for every fold (a smoke run)
    return {
        "criterion": "f1 of abstaining on unanswerable questions; ties: balanced accuracy, then the lower threshold",
        "threshold": threshold,
        "f1": best.f1,
        "current_threshold": current,
        "current": vars(row_at(current, decisions)) if current is not None else None,
        "cross_validation": cv,
        "forced": sum(d.forced for d in decisions),
        "rescued": sum(d.rescued for d in decisions),
        "table": [vars(row) for row in table],
    }


# --------------------------------------------------------------------------- report.md


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
