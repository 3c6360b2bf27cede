"""The run folder's PNG plots (matplotlib on an Agg canvas, no pyplot state), drawn from metrics.json."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


def write_plots(folder: Path, summary: Mapping[str, Any]) -> dict[str, str]:
    """PNG plots (Agg canvas, no pyplot state); returns ``{title: path relative to the run folder}``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    wanted = {
        "metrics.png": (
            "Retrieval metrics, 95% bootstrap confidence intervals",
            _draw_metrics,
            summary,
        ),
        "recall_at_k.png": ("Recall against k", _draw_recall, summary),
    }
    if any(r["latencies_ms"] for r in summary["retrievers"].values()):
        wanted["latency.png"] = (
            "Latency per query (after one warm-up query)",
            _draw_latency,
            summary,
        )
    if summary["calibration"]:
        wanted["abstention.png"] = (
            "Abstention calibration",
            _draw_calibration,
            summary["calibration"],
        )
    folder.mkdir(parents=True, exist_ok=True)
    plots = {}
    for name, (title, draw, data) in wanted.items():
        figure = Figure(figsize=(7.0, 4.0), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        draw(ax, data)
        ax.set_title(title)
        figure.savefig(folder / name)
        plots[title] = f"plots/{name}"
    return plots


def _draw_metrics(ax: Any, summary: Mapping[str, Any]) -> None:
    metrics, names = summary["metrics"], list(summary["retrievers"])
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        r = summary["retrievers"][name]
        means = [r["mean"][m] for m in metrics]
        errors = [[max(0.0, mean - r["ci95"][m][0]) for m, mean in zip(metrics, means)],
                  [max(0.0, r["ci95"][m][1] - mean) for m, mean in zip(metrics, means)]]  # fmt: skip
        ax.bar(
            [j + i * width for j in range(len(metrics))],
            means,
            width,
            yerr=errors,
            capsize=3,
            label=name,
        )
    ax.set_xticks([j + width * (len(names) - 1) / 2 for j in range(len(metrics))], metrics)
    ax.set(ylim=(0, 1.05), ylabel="mean over queries")
    ax.legend(fontsize="small")


def _draw_recall(ax: Any, summary: Mapping[str, Any]) -> None:
    ks: list[int] = []
    for name, r in summary["retrievers"].items():
        ks = [int(k) for k in r["recall_at_k"]]
        ax.plot(ks, list(r["recall_at_k"].values()), marker="o", label=name)
    ax.set_xscale("log")
    ax.set_xticks(ks, [str(k) for k in ks])
    ax.minorticks_off()
    ax.set(ylim=(0, 1.05), xlabel="k (passages retrieved)", ylabel="recall@k")
    ax.legend(fontsize="small")


def _draw_latency(ax: Any, summary: Mapping[str, Any]) -> None:
    timed = {
        name: r["latencies_ms"] for name, r in summary["retrievers"].items() if r["latencies_ms"]
    }
    ax.boxplot(list(timed.values()), tick_labels=list(timed))
    ax.set_ylabel("ms per query")


def _draw_calibration(ax: Any, cal: Mapping[str, Any]) -> None:
    thresholds = [row["threshold"] for row in cal["table"]]
    ax.plot(thresholds, [row["f1"] for row in cal["table"]], marker=".", label="abstention F1")
    ax.plot(
        thresholds,
        [row["balanced_accuracy"] for row in cal["table"]],
        marker=".",
        label="balanced accuracy",
    )
    ax.axvline(cal["threshold"], color="black", linestyle="--", label="chosen")
    if cal["current_threshold"] is not None:
        ax.axvline(cal["current_threshold"], color="grey", linestyle=":", label="current")
    ax.set(ylim=(0, 1.05), xlabel="evidence score threshold (abstain below)")
    ax.legend(fontsize="small")
