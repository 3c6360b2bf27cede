"""Abstention scores and threshold calibration, against confusion counts worked out by hand.

The assistant abstains when evidence_score < threshold; unanswerable questions are the positive class.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.calibration import calibrate_threshold
from eval.metrics import abstention_scores


def test_abstention_scores_from_a_confusion_table() -> None:
    # 2 unanswerable (abstained on one), 3 answerable (abstained on one): TP 1, FP 1, FN 1, TN 2
    scores = abstention_scores([True, True, False, False, False], [True, False, True, False, False])
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.5)
    assert scores.balanced_accuracy == pytest.approx((0.5 + 2 / 3) / 2)


def test_never_abstaining_scores_zero_precision_not_an_error() -> None:
    scores = abstention_scores([True, False], [False, False])
    assert (scores.precision, scores.recall, scores.f1, scores.balanced_accuracy) == (
        0.0,
        0.0,
        0.0,
        0.5,
    )


@pytest.mark.parametrize(
    ("should", "did"),
    [([True, True], [True, True]), ([False], [False]), ([True, False], [True])],
    ids=["no answerable", "no unanswerable", "lengths differ"],
)
def test_abstention_scores_reject_one_sided_or_mismatched_input(
    should: list[bool], did: list[bool]
) -> None:
    with pytest.raises(ValueError):
        abstention_scores(should, did)


def test_separable_scores_put_the_threshold_between_the_groups() -> None:
    threshold, table = calibrate_threshold([0.6, 0.7, 0.8], [0.1, 0.2])
    assert threshold == pytest.approx(0.4)  # midpoint of 0.2 and 0.6
    # candidates: lowest score, midpoints, just above the highest (0.8 + 0.001)
    assert [r.threshold for r in table] == pytest.approx([0.1, 0.15, 0.4, 0.65, 0.75, 0.801])
    rows = {round(r.threshold, 3): r for r in table}
    # t=0.1: abstains on nothing: precision 0 by convention, recall 0, BA (0 + 1) / 2
    assert (rows[0.1].f1, rows[0.1].balanced_accuracy) == (0.0, 0.5)
    # t=0.15: abstains on 0.1 only: TP 1, FP 0 -> P 1, R 1/2, F1 2/3, BA (1/2 + 1) / 2
    assert rows[0.15].f1 == pytest.approx(2 / 3)
    assert rows[0.15].balanced_accuracy == pytest.approx(0.75)
    # t=0.4: TP 2, FP 0 -> F1 1
    assert (rows[0.4].abstained_unanswerable, rows[0.4].abstained_answerable, rows[0.4].f1) == (
        2,
        0,
        1.0,
    )
    # t=0.65: TP 2, FP 1 -> P 2/3, R 1, F1 0.8, BA (1 + 2/3) / 2
    assert rows[0.65].f1 == pytest.approx(0.8)
    assert rows[0.65].balanced_accuracy == pytest.approx(5 / 6)
    # t=0.801: abstains on all: TP 2, FP 3 -> P 0.4, R 1, F1 0.8 / 1.4
    assert rows[0.801].f1 == pytest.approx(0.8 / 1.4)


def test_overlapping_scores_pick_the_best_f1() -> None:
    threshold, table = calibrate_threshold([0.3, 0.5, 0.9], [0.2, 0.4])
    # t=0.45 abstains on 0.2, 0.3, 0.4: TP 2, FP 1 -> P 2/3, R 1, F1 0.8 (every other candidate is lower:
    # 0.25 -> 2/3, 0.35 -> 1/2, 0.7 -> 2/3, 0.901 -> 4/7, 0.2 -> 0)
    assert threshold == pytest.approx(0.45)
    assert max(r.f1 for r in table) == pytest.approx(0.8)


def test_f1_not_balanced_accuracy_decides() -> None:
    # 2 unanswerable (0.1, 0.5) among 7 answerable.
    threshold, table = calibrate_threshold([0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9], [0.1, 0.5])
    rows = {round(r.threshold, 3): r for r in table}
    # t=0.15: TP 1, FP 0 -> F1 2/3, BA (1/2 + 1) / 2 = 0.75
    # t=0.55: TP 2, FP 3 -> P 0.4, R 1, F1 4/7 = 0.571, BA (1 + 4/7) / 2 = 0.786 (the best BA)
    assert rows[0.15].f1 == pytest.approx(2 / 3) and rows[0.15].balanced_accuracy == pytest.approx(
        0.75
    )
    assert rows[0.55].balanced_accuracy == pytest.approx(11 / 14)
    assert max(table, key=lambda r: r.balanced_accuracy).threshold == pytest.approx(0.55)
    assert threshold == pytest.approx(0.15)


def test_identical_scores_leave_two_candidates() -> None:
    threshold, table = calibrate_threshold([0.5], [0.5])
    # t=0.5 abstains on nothing (F1 0); t=0.5 + 0.001 on both: TP 1, FP 1 -> F1 2/3
    assert [r.threshold for r in table] == pytest.approx([0.5, 0.501])
    assert threshold == pytest.approx(0.501)


@pytest.mark.parametrize(("answerable", "unanswerable"), [([], [0.1]), ([0.1], [])])
def test_calibration_needs_both_groups(answerable: list[float], unanswerable: list[float]) -> None:
    with pytest.raises(ValueError, match="both answerable and unanswerable"):
        calibrate_threshold(answerable, unanswerable)


_scores = st.lists(
    st.floats(min_value=-1.0, max_value=1.0, allow_nan=False), min_size=1, max_size=12
)


@given(_scores, _scores)
def test_the_chosen_threshold_has_the_best_f1_of_an_ascending_table(
    answerable: list[float], unanswerable: list[float]
) -> None:
    threshold, table = calibrate_threshold(answerable, unanswerable)
    assert [r.threshold for r in table] == sorted(r.threshold for r in table)
    chosen = next(r for r in table if r.threshold == threshold)
    assert chosen.f1 == max(r.f1 for r in table)
    assert chosen.abstained_unanswerable == sum(s < threshold for s in unanswerable)
    assert chosen.abstained_answerable == sum(s < threshold for s in answerable)


def test_forced_and_rescued_decisions_ignore_the_threshold() -> None:
    from eval.calibration import Decision, fit_threshold

    decisions = [
        Decision(True, 0.9, forced=True),
        Decision(False, 0.1, rescued=True),
        Decision(True, 0.2),
        Decision(False, 0.7),
    ]
    threshold, table = fit_threshold(decisions)
    # free scores 0.2 and 0.7: candidates 0.2, 0.45, 0.701; at 0.45 both unanswerable abstain, no answerable does
    assert [r.threshold for r in table] == pytest.approx([0.2, 0.45, 0.701])
    assert threshold == pytest.approx(0.45)
    best = next(r for r in table if r.threshold == threshold)
    assert (best.abstained_unanswerable, best.abstained_answerable, best.f1) == (2, 0, 1.0)


def test_cross_validation_fits_each_fold_on_the_others() -> None:
    from eval.calibration import Decision, cross_validate

    # separable scores: every fold's threshold lands between the groups, so held-out decisions are perfect
    decisions = [Decision(True, 0.05 * i) for i in range(5)] + [
        Decision(False, 0.6 + 0.05 * i) for i in range(5)
    ]
    cv = cross_validate(decisions, folds=5)
    assert cv["f1"] == 1.0 and cv["answerable_abstained"] == 0.0
    assert len(cv["thresholds"]) == 5 and all(0.2 < t < 0.6 for t in cv["thresholds"])
    with pytest.raises(ValueError, match="every training split"):
        cross_validate([Decision(True, 0.1), Decision(False, 0.9)], folds=2)
