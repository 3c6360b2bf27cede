"""The sentence-window fit's choice rule: the point that holds on every split, not the best mean
(hand-computed values on literal per-question scores)."""

from __future__ import annotations

import pytest

from eval.tune_units import OFF, choose, cross_validated, split_means

SPLIT_OF = {"a1": "A", "a2": "A", "b1": "B"}
SCORES = {
    OFF: {"a1": 0.5, "a2": 0.5, "b1": 0.5},
    (1.0, 0.0): {"a1": 0.9, "a2": 0.9, "b1": 0.45},  # best mean, but split B falls
    (0.5, 0.1): {"a1": 0.6, "a2": 0.6, "b1": 0.55},  # smaller gain, on both splits
}


def test_split_means_average_each_splits_questions() -> None:
    assert split_means(SCORES[(1.0, 0.0)], SPLIT_OF, ["A", "B"]) == pytest.approx([0.9, 0.45])


def test_choose_takes_the_point_whose_worst_split_gains_most() -> None:
    assert choose(SCORES, SPLIT_OF, ["A", "B"]) == (0.5, 0.1)
    assert choose(SCORES, SPLIT_OF, ["A"]) == (1.0, 0.0)  # on A alone the larger gain wins


def test_choose_breaks_a_tie_of_worst_gains_by_the_mean() -> None:
    scores = {**SCORES, (0.25, 0.0): {"a1": 0.55, "a2": 0.7, "b1": 0.55}}
    # worst gains: (0.5, 0.1) 0.05 (both), (0.25, 0.0) 0.05 (B), mean 0.600 against 0.583
    assert choose(scores, SPLIT_OF, ["A", "B"]) == (0.25, 0.0)


def test_leave_one_split_out_scores_the_held_out_split_at_the_others_choice() -> None:
    split_of = {f"{s}{i}": s for s in "ABC" for i in range(2)}
    off = dict.fromkeys(split_of, 0.5)
    up = dict.fromkeys(split_of, 0.6)
    up["C0"] = up["C1"] = 0.4  # a point that fails on C only
    cv = cross_validated({OFF: off, (0.5, 0.2): up}, split_of, ["A", "B", "C"])
    held = cv["leave_one_split_out"]
    assert held["C"] == {"point": (0.5, 0.2), "held_out": pytest.approx(0.4), "off": 0.5}
    assert held["A"]["point"] == OFF  # C in training: the point that fails C is not chosen
    assert cv["grouped_5_fold"]["off"] == pytest.approx(0.5)
