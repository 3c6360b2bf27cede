"""Retrieval metrics and significance tests from maintained libraries, and the answer-level
metrics no library has.

Metrics are named by ranx's strings in the run config (``"ndcg@10"``, ``"recall@100"``) and
computed by ir-measures (pytrec_eval, i.e. trec_eval's own code), which starts in milliseconds.
ranx's numba kernels would cost about 40 s of compilation on a fresh machine (100 s on a busy
2-core one), in CI and in every new venv. Significance comes from ranx's paired tests
(``ranx.statistical_tests``) applied to those per-query scores; Student's t and Tukey's HSD run
on scipy, Fisher's randomisation test compiles one small numba kernel (about 4 s, cached).
Runs and qrels are plain dicts (``{qid: {doc_id: score}}``) everywhere in ``eval``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import ir_measures
import numpy as np

from assistant.types import Answer
from eval.answer_quality import AnswerQuality, answer_quality

RunDict = Mapping[str, Mapping[str, float]]
QrelsDict = Mapping[str, Mapping[str, int]]
Scores = Mapping[str, Mapping[str, float]]  # metric -> qid -> score

METRICS = {
    "ndcg": "nDCG", "recall": "R", "precision": "P", "mrr": "RR", "map": "AP",
    "hit_rate": "Success", "r-precision": "Rprec", "bpref": "Bpref",
}  # fmt: skip
"""Metric names a run config may use (ranx's spelling, ``name@k``) -> ir-measures names. Gains
are graded and linear (trec_eval's nDCG); every other metric counts grade >= 1 as relevant."""

# --------------------------------------------------------------------------- retrieval


def parse_metric(metric: str) -> Any:
    """The ir-measures measure of a config metric string. Raises ValueError for an unknown one."""
    name, at, cutoff = metric.partition("@")
    if name not in METRICS or (at and not cutoff.isdigit()) or cutoff.startswith("0"):
        raise ValueError(
            f"unknown metric {metric!r}: use one of {', '.join(METRICS)}, e.g. 'ndcg@10'"
        )
    measure = ir_measures.parse_measure(f"{METRICS[name]}{at}{cutoff}")
    try:
        measure.validate_params()  # ir-measures validates with assert; turn it into our error
    except AssertionError as exc:
        raise ValueError(f"metric {metric!r} takes no cutoff: write {name!r}") from exc
    return measure


def evaluate_per_query(
    qrels: QrelsDict, run: RunDict, metrics: Sequence[str]
) -> dict[str, dict[str, float]]:
    """``{metric: {qid: score}}`` over the judged queries; a judged query the run lacks scores 0,
    queries without judgements are ignored."""
    measures = {parse_metric(m): m for m in metrics}
    out = {m: dict.fromkeys(qrels, 0.0) for m in metrics}
    judged_run = {qid: {d: float(s) for d, s in run[qid].items()} for qid in qrels if run.get(qid)}
    if judged_run:
        qrels_dict = {qid: {d: int(g) for d, g in docs.items()} for qid, docs in qrels.items()}
        for row in ir_measures.iter_calc(list(measures), qrels_dict, judged_run):
            if row.query_id in out[measures[row.measure]]:
                out[measures[row.measure]][row.query_id] = float(row.value)
    return out


def mean_scores(qrels: QrelsDict, run: RunDict, metrics: Sequence[str]) -> dict[str, float]:
    """``{metric: mean over the judged queries}``."""
    per_query = evaluate_per_query(qrels, run, metrics)
    return {m: float(np.mean(list(scores.values()))) for m, scores in per_query.items()}


@dataclass(frozen=True)
class Significance:
    """One retriever against the baseline on one metric."""

    p_value: float | None  # None where the test is undefined (identical per-query scores)
    significant: bool
    direction: Literal["better", "worse", "same"]


def compare_to_baseline(
    scores: Mapping[str, Scores],
    *,
    baseline: str,
    test: Literal["student", "fisher", "tukey"] = "student",
    alpha: float = 0.05,
    permutations: int = 1000,
    seed: int = 42,
) -> dict[str, dict[str, Significance]]:
    """Paired significance of each retriever against ``baseline`` with ranx's tests.

    Args:
        scores: ``{retriever: {metric: {qid: score}}}`` as :func:`evaluate_per_query` returns,
            over the same queries for every retriever.

    Returns:
        ``{retriever: {metric: Significance}}`` for every retriever but the baseline.
    """
    from ranx.statistical_tests import compute_statistical_significance

    if baseline not in scores:
        raise ValueError(f"baseline {baseline!r} is not among the retrievers {sorted(scores)}")
    if len(scores) < 2:
        return {}
    metrics = list(scores[baseline])
    qids = sorted(scores[baseline][metrics[0]])
    arrays = {
        name: {m: np.array([s[m][q] for q in qids], dtype=float) for m in metrics}
        for name, s in scores.items()
    }
    with warnings.catch_warnings():
        # scipy warns when paired differences have no variance (identical runs, one query); the
        # p-value is then NaN, which is reported below as "no p-value", not hidden.
        warnings.simplefilter("ignore", RuntimeWarning)
        comparisons = compute_statistical_significance(
            list(scores),
            arrays,
            stat_test=test,
            n_permutations=permutations,
            max_p=alpha,
            random_seed=seed,
        )
    out: dict[str, dict[str, Significance]] = {}
    for name in scores:
        if name == baseline:
            continue
        out[name] = {}
        for m in metrics:
            p_value = float(comparisons[frozenset([baseline, name])][m]["p_value"])
            delta = arrays[name][m].mean() - arrays[baseline][m].mean()
            defined = not math.isnan(p_value)
            out[name][m] = Significance(
                p_value=p_value if defined else None,
                significant=defined and p_value < alpha,
                direction="better" if delta > 0 else "worse" if delta < 0 else "same",
            )
    return out


def bootstrap_ci(
    values: Sequence[float], *, samples: int = 1000, seed: int = 42, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of the mean of ``values``."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        raise ValueError("bootstrap_ci needs at least one value")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(samples, data.size))].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def latency_stats(latencies_ms: Sequence[float]) -> dict[str, float | int]:
    """p50, p95, mean and max in milliseconds, and the number of timed calls."""
    data = np.asarray(latencies_ms, dtype=float)
    if data.size == 0:
        return {"n": 0}
    p50, p95 = np.percentile(data, [50, 95])
    return {
        "n": int(data.size),
        "p50": float(p50),
        "p95": float(p95),
        "mean": float(data.mean()),
        "max": float(data.max()),
    }


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class AnswerOutcome:
    """What one ``Engine.ask`` call did for one gold question, reduced to what the metrics need."""

    qid: str
    answerable: bool
    abstained: bool
    evidence_score: float
    cited: tuple[str, ...] = ()
    relevant_cited: bool | None = None  # None: the question has no derived relevant passages
    quotes_checked: int = 0
    quotes_correct: int = 0
    latency_ms: float | None = None
    quality: AnswerQuality | None = None
    forced: bool = (
        False  # abstained whatever the threshold (a missing anchor, a document not indexed)
    )
    rescued: bool = False  # answered whatever the threshold (a glossary definition)


def outcome_from_answer(
    qid: str,
    answerable: bool,
    answer: Answer,
    *,
    relevant: Mapping[str, int] | None,
    passage_texts: Mapping[str, str],
    latency_ms: float | None = None,
    key_facts: Sequence[str] = (),
) -> AnswerOutcome:
    """Check ``answer``'s citations: does one cite a relevant passage, and is each citation's quote
    an exact substring of the indexed text of the passage it cites (an unknown passage fails)?"""
    cited = tuple(c.passage_id for c in answer.citations)
    quoted = [c for c in answer.citations if c.quote]
    correct = sum(1 for c in quoted if c.quote in passage_texts.get(c.passage_id, ""))
    return AnswerOutcome(
        qid=qid,
        answerable=answerable,
        abstained=answer.abstained,
        evidence_score=float(answer.evidence_score),
        cited=cited,
        relevant_cited=any(pid in relevant for pid in cited) if relevant else None,
        quotes_checked=len(quoted),
        quotes_correct=correct,
        latency_ms=latency_ms,
        quality=answer_quality(answer, key_facts),
        forced=answer.abstained and bool(answer.missing),
        rescued=not answer.abstained and bool(answer.definitions),
    )


@dataclass(frozen=True)
class AbstentionScores:
    """Abstention as a classifier of unanswerable questions (the positive class)."""

    precision: float  # of the abstentions, the share on unanswerable questions (0 when none)
    recall: float  # of the unanswerable questions, the share abstained on
    f1: float
    balanced_accuracy: float  # mean of that recall and the share of answerable questions answered


def abstention_scores(
    should_abstain: Sequence[bool], abstained: Sequence[bool]
) -> AbstentionScores:
    """Precision, recall, F1 and balanced accuracy of abstaining, unanswerable = positive."""
    if len(should_abstain) != len(abstained):
        raise ValueError("should_abstain and abstained differ in length")
    positives = sum(should_abstain)
    negatives = len(should_abstain) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("abstention scores need both answerable and unanswerable questions")
    tp = sum(1 for s, a in zip(should_abstain, abstained) if s and a)
    fp = sum(1 for s, a in zip(should_abstain, abstained) if a and not s)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    answered_right = (negatives - fp) / negatives
    return AbstentionScores(precision, recall, f1, (recall + answered_right) / 2)


def answer_metrics(outcomes: Sequence[AnswerOutcome]) -> dict[str, float | int | None]:
    """Evidence found in the cited passages, citation correctness and abstention, over ``outcomes``.

    ``evidence_found`` counts an abstention on a judged question as a miss;
    ``evidence_found_when_answered`` looks only at the questions answered.
    """
    judged = [o for o in outcomes if o.relevant_cited is not None]
    judged_answered = [o for o in judged if not o.abstained]
    checked = sum(o.quotes_checked for o in outcomes)
    answered = [o for o in outcomes if not o.abstained]
    out: dict[str, float | int | None] = {
        "questions": len(outcomes),
        "answerable": sum(o.answerable for o in outcomes),
        "answered": len(answered),
        "evidence_found": _share(o.relevant_cited for o in judged),
        "evidence_found_when_answered": _share(o.relevant_cited for o in judged_answered),
        "citations_per_answer": float(np.mean([len(o.cited) for o in answered]))
        if answered
        else None,
        "quotes_checked": checked,
        "citation_correctness": sum(o.quotes_correct for o in outcomes) / checked
        if checked
        else None,
    }
    flags = [not o.answerable for o in outcomes]
    if any(flags) and not all(flags):
        scores = abstention_scores(flags, [o.abstained for o in outcomes])
        out |= {f"abstention_{k}": v for k, v in vars(scores).items()}
    answerable = [o for o in outcomes if o.answerable]
    if answerable:
        out["answerable_abstained"] = sum(o.abstained for o in answerable) / len(answerable)
    return out | _quality_metrics(outcomes)


def _quality_metrics(outcomes: Sequence[AnswerOutcome]) -> dict[str, float | int | None]:
    """Key-fact recall over answerable questions that list key facts; the rest over answers given."""
    with_facts = [o.quality for o in outcomes if o.answerable and o.quality and o.quality.key_facts]
    given = [o.quality for o in outcomes if not o.abstained and o.quality]
    words = [q.words for q in given]
    return {
        "key_fact_recall": float(np.mean([q.key_facts_found / q.key_facts for q in with_facts]))
        if with_facts
        else None,
        "key_facts_questions": len(with_facts),
        "fragment_sentences": sum(q.fragments for q in given),
        "answer_sentences": sum(q.sentences for q in given),
        "answer_words_mean": float(np.mean(words)) if words else None,
        "answer_words_p95": float(np.percentile(words, 95)) if words else None,
        "redundancy_mean": float(np.mean([q.redundancy for q in given])) if given else None,
    }


def _share(flags) -> float | None:
    values = [bool(f) for f in flags]
    return sum(values) / len(values) if values else None


# --------------------------------------------------------------------------- calibration
