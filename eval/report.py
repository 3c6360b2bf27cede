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
from eval.report_markdown import render_markdown
from eval.runner import EvalResult
from eval.trec import write_trec_qrels, write_trec_run

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
