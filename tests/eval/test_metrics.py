"""eval.metrics against values worked out by hand on tiny literal runs (gains are linear, as in
trec_eval; discount log2(rank + 1)). Metric strings are ranx's; values come from ir-measures."""

from __future__ import annotations

import math
import re

import pytest

from assistant.types import Answer, Citation
from eval.metrics import (
    answer_metrics,
    bootstrap_ci,
    compare_to_baseline,
    evaluate_per_query,
    latency_stats,
    mean_scores,
    outcome_from_answer,
)

QRELS = {"q1": {"d1": 2, "d2": 1}, "q2": {"d3": 1}}
RUN = {
    "q1": {"d1": 0.9, "d4": 0.8, "d2": 0.7},  # relevant at ranks 1 (grade 2) and 3 (grade 1)
    "q2": {"d5": 0.9, "d6": 0.8, "d3": 0.7},  # relevant at rank 3
}


def test_ndcg_uses_linear_gains_and_log2_discount() -> None:
    scores = evaluate_per_query(QRELS, RUN, ["ndcg@3"])["ndcg@3"]
    # q1: DCG = 2/log2(2) + 0 + 1/log2(4) = 2.5; ideal = 2/1 + 1/log2(3) = 2.630930 -> 0.950234
    assert scores["q1"] == pytest.approx(2.5 / (2 + 1 / math.log2(3)))
    assert scores["q1"] == pytest.approx(0.950234, abs=1e-6)
    # q2: DCG = 1/log2(4) = 0.5; ideal = 1 -> 0.5
    assert scores["q2"] == pytest.approx(0.5)


def test_recall_at_k_counts_relevant_passages_in_the_top_k() -> None:
    means = mean_scores(QRELS, RUN, ["recall@1", "recall@2", "recall@3"])
    # recall@1: q1 1/2, q2 0 -> 0.25; recall@2: same (d4, d6 are not relevant); recall@3: 1 and 1
    assert means == pytest.approx({"recall@1": 0.25, "recall@2": 0.25, "recall@3": 1.0})


def test_mrr_is_the_mean_reciprocal_rank_of_the_first_relevant() -> None:
    per_query = evaluate_per_query(QRELS, RUN, ["mrr@10", "mrr@2"])
    assert per_query["mrr@10"] == pytest.approx(
        {"q1": 1.0, "q2": 1 / 3}
    )  # first relevant at 1 and 3
    assert per_query["mrr@2"] == pytest.approx({"q1": 1.0, "q2": 0.0})  # rank 3 is past the cutoff


def test_map_divides_by_all_relevant_passages() -> None:
    per_query = evaluate_per_query(QRELS, RUN, ["map@100", "map@2"])
    # q1: precision 1/1 at rank 1 and 2/3 at rank 3 -> (1 + 2/3) / 2 = 0.833333; q2: (1/3) / 1
    assert per_query["map@100"] == pytest.approx({"q1": 5 / 6, "q2": 1 / 3})
    # map@2 keeps the denominator 2 for q1: (1 + 0) / 2
    assert per_query["map@2"] == pytest.approx({"q1": 0.5, "q2": 0.0})


def test_a_judged_query_missing_from_the_run_scores_zero_and_unjudged_ones_are_ignored() -> None:
    run = {"q1": RUN["q1"], "q9": {"d1": 1.0}}  # q2 missing; q9 has no judgements
    per_query = evaluate_per_query(QRELS, run, ["recall@3"])["recall@3"]
    assert per_query == {"q1": 1.0, "q2": 0.0}


def test_ties_are_broken_by_the_scores_given_not_by_id() -> None:
    qrels = {"q": {"b": 1}}
    assert (
        evaluate_per_query(qrels, {"q": {"a": 0.5, "b": 0.4999}}, ["mrr@10"])["mrr@10"]["q"] == 0.5
    )
    assert (
        evaluate_per_query(qrels, {"q": {"a": 0.4999, "b": 0.5}}, ["mrr@10"])["mrr@10"]["q"] == 1.0
    )


# --------------------------------------------------------------------------- significance

# Eight queries, one relevant passage each. The treatment ranks it first every time; the baseline
# ranks it second on even queries and not at all on odd ones: MRR 1.0 against 0.25.
_Q = {f"q{i}": {"rel": 1} for i in range(8)}
_BETTER = {q: {"rel": 1.0, "x": 0.5} for q in _Q}
_BASE = {
    q: ({"x": 1.0, "rel": 0.5} if i % 2 == 0 else {"x": 1.0, "y": 0.5}) for i, q in enumerate(_Q)
}


def _scores(**runs: dict) -> dict:
    return {name: evaluate_per_query(_Q, run, ["mrr@10"]) for name, run in runs.items()}


def test_per_query_scores_of_the_significance_fixture() -> None:
    assert _scores(base=_BASE)["base"]["mrr@10"] == {
        f"q{i}": 0.5 if i % 2 == 0 else 0.0 for i in range(8)
    }


@pytest.mark.parametrize("test", ["student", "fisher", "tukey"])
def test_a_retriever_that_always_wins_is_significantly_better(test: str) -> None:
    result = compare_to_baseline(_scores(base=_BASE, better=_BETTER), baseline="base", test=test)
    verdict = result["better"]["mrr@10"]
    assert set(result) == {"better"}
    assert verdict.direction == "better"
    assert verdict.significant
    assert verdict.p_value is not None and verdict.p_value < 0.05


def test_student_p_value_matches_the_paired_t_statistic() -> None:
    # differences better - base: 0.5, 1, 0.5, 1, ... mean 0.75, sd 0.267261 (n - 1), t = 7.937 on 7 df
    verdict = compare_to_baseline(_scores(base=_BASE, better=_BETTER), baseline="base")["better"][
        "mrr@10"
    ]
    assert verdict.p_value == pytest.approx(9.6e-5, rel=0.01)


def test_the_worse_side_is_marked_worse() -> None:
    result = compare_to_baseline(_scores(better=_BETTER, base=_BASE), baseline="better")
    assert result["base"]["mrr@10"].direction == "worse"
    assert result["base"]["mrr@10"].significant


def test_identical_runs_have_no_p_value_and_no_significance() -> None:
    result = compare_to_baseline(_scores(a=_BASE, b=dict(_BASE)), baseline="a")
    verdict = result["b"]["mrr@10"]
    assert (verdict.p_value, verdict.significant, verdict.direction) == (None, False, "same")


def test_an_unknown_baseline_is_an_error() -> None:
    with pytest.raises(ValueError, match="baseline 'nope'"):
        compare_to_baseline(_scores(a=_BASE), baseline="nope")


@pytest.mark.parametrize("metric", ["ndgc@10", "recall@", "recall@0", "rbp.95", "bpref@10"])
def test_unknown_metrics_are_refused(metric: str) -> None:
    with pytest.raises(ValueError, match=re.escape(metric)):
        evaluate_per_query(QRELS, RUN, [metric])


# --------------------------------------------------------------------------- intervals and latency


def test_bootstrap_interval_of_constant_values_is_a_point() -> None:
    assert bootstrap_ci([0.4, 0.4, 0.4]) == pytest.approx((0.4, 0.4))


def test_bootstrap_interval_brackets_the_mean_and_repeats_with_the_seed() -> None:
    values = [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    low, high = bootstrap_ci(values, samples=500, seed=7)
    assert 0.0 <= low < sum(values) / len(values) < high <= 1.0
    assert bootstrap_ci(values, samples=500, seed=7) == (low, high)


def test_bootstrap_interval_needs_values() -> None:
    with pytest.raises(ValueError):
        bootstrap_ci([])


def test_latency_percentiles_interpolate_linearly() -> None:
    stats = latency_stats([1.0, 2.0, 3.0, 4.0])
    # p50: halfway between 2 and 3; p95: position 0.95 * 3 = 2.85 -> 3 + 0.85 * (4 - 3)
    assert stats == pytest.approx({"n": 4, "p50": 2.5, "p95": 3.85, "mean": 2.5, "max": 4.0})
    assert latency_stats([]) == {"n": 0}


# --------------------------------------------------------------------------- answers


def _citation(n: int, passage_id: str, quote: str) -> Citation:
    return Citation(
        n=n, passage_id=passage_id, doc_id="doc", title="", doc_type="", date="", symbol="", page=None,
        section="", paragraph="", source="", text="", score=0.5, quote=quote,
    )  # fmt: skip


def _answer(abstained: bool, citations: tuple[Citation, ...] = (), evidence: float = 0.5) -> Answer:
    return Answer(
        question="?", answer="", abstained=abstained, citations=citations, evidence_score=evidence
    )


TEXTS = {"p1": "Civilians must be protected.", "p2": "Missions report to the Council."}


def test_a_quote_counts_as_correct_only_when_it_is_an_exact_substring_of_its_passage() -> None:
    answer = _answer(
        False,
        (
            _citation(1, "p1", "must be protected"),  # in p1
            _citation(2, "p2", "must be protected"),  # not in p2: cites the wrong passage
            _citation(3, "p9", "anything"),  # p9 is not in the index
            _citation(4, "p1", ""),  # no quote: not checked
        ),
    )
    outcome = outcome_from_answer("q1", True, answer, relevant={"p2": 1}, passage_texts=TEXTS)
    assert (outcome.quotes_checked, outcome.quotes_correct) == (3, 1)
    assert outcome.relevant_cited is True  # p2 is cited and relevant
    assert outcome.cited == ("p1", "p2", "p9", "p1")


def test_a_question_without_judgements_has_no_evidence_verdict() -> None:
    outcome = outcome_from_answer("u1", False, _answer(True), relevant=None, passage_texts=TEXTS)
    assert outcome.relevant_cited is None


def test_answer_metrics_on_four_questions() -> None:
    outcomes = [
        # answerable, answered, cites a relevant passage, 2 of 2 quotes right
        outcome_from_answer("a1", True, _answer(False, (_citation(1, "p1", "Civilians"), _citation(2, "p2", "Council"))),
                            relevant={"p1": 1}, passage_texts=TEXTS),
        # answerable, answered, cites only an irrelevant passage, 0 of 1 quote right
        outcome_from_answer("a2", True, _answer(False, (_citation(1, "p2", "Civilians"),)),
                            relevant={"p1": 1}, passage_texts=TEXTS),
        # answerable but abstained: a miss for evidence_found
        outcome_from_answer("a3", True, _answer(True), relevant={"p1": 1}, passage_texts=TEXTS),
        # unanswerable and abstained: a true abstention
        outcome_from_answer("u1", False, _answer(True), relevant=None, passage_texts=TEXTS),
    ]  # fmt: skip
    m = answer_metrics(outcomes)
    assert m["questions"] == 4 and m["answerable"] == 3 and m["answered"] == 2
    assert m["evidence_found"] == pytest.approx(1 / 3)  # a1 of a1, a2, a3
    assert m["evidence_found_when_answered"] == pytest.approx(1 / 2)  # a1 of a1, a2
    assert m["citation_correctness"] == pytest.approx(2 / 3)  # 2 of 3 quotes
    assert m["citations_per_answer"] == pytest.approx(1.5)  # (2 + 1) / 2 answered
    # abstained on a3 (wrong) and u1 (right): precision 1/2, recall 1/1, F1 2/3
    assert m["abstention_precision"] == pytest.approx(0.5)
    assert m["abstention_recall"] == pytest.approx(1.0)
    assert m["abstention_f1"] == pytest.approx(2 / 3)
