"""Evaluation of pocdoc: gold questions and BEIR datasets, ir-measures metrics, ranx significance tests."""

from eval.calibration import calibrate_threshold
from eval.cli import run_eval
from eval.config import EvalConfig, load_config
from eval.datasets import (
    BeirDataset,
    GoldQuestion,
    derive_qrels,
    load_beir,
    load_gold,
    normalise,
)
from eval.metrics import compare_to_baseline, evaluate_per_query
from eval.report import write_report
from eval.runner import EvalResult, run_beir, run_gold

__all__ = [
    "BeirDataset",
    "EvalConfig",
    "EvalResult",
    "GoldQuestion",
    "calibrate_threshold",
    "compare_to_baseline",
    "derive_qrels",
    "evaluate_per_query",
    "load_beir",
    "load_config",
    "load_gold",
    "normalise",
    "run_beir",
    "run_eval",
    "run_gold",
    "write_report",
]
