"""The order-aware assignments eval.editions_order measures, on literal matrices."""

from __future__ import annotations

import itertools

import numpy as np

from eval.editions_order import hungarian, in_order, jumps, order_evidence


def _value(gain: np.ndarray, matched: dict[int, int], lam: float) -> float:
    total, last = 0.0, None
    for i in sorted(matched):
        total += gain[i, matched[i]] - (lam if last is not None and matched[i] <= last else 0.0)
        last = matched[i]
    return total


def test_jumps_finds_the_best_alignment_by_brute_force() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n, m = rng.integers(1, 5, size=2)
        gain, lam = rng.normal(size=(n, m)), float(rng.choice([0.0, 0.5, 2.0]))
        best = max(
            _value(gain, {i: j for i, j in enumerate(c) if j >= 0}, lam)
            for c in itertools.product(range(-1, m), repeat=n)
        )
        assert _value(gain, jumps(gain, lam), lam) == best


def test_a_step_back_is_taken_only_when_it_pays_more_than_its_cost() -> None:
    gain = np.array([[0.0, 0.0, 2.0], [1.5, 0.0, 0.0]])  # the second pair steps back
    assert jumps(gain, 1.0) == {0: 2, 1: 0}
    assert jumps(gain, 2.0) == {0: 2}
    assert hungarian(gain) == {0: 2, 1: 0}


def test_in_order_keeps_a_longest_increasing_run() -> None:
    assert in_order([(0, 3), (1, 1), (2, 2), (3, 5), (4, 4)]) == [(1, 1), (2, 2), (4, 4)]


def test_order_evidence_measures_the_corridor_and_the_section_map() -> None:
    odds = np.full((4, 4), -5.0)
    for k in (0, 1, 3):
        odds[k, k] = 3.0  # anchors (0, 0), (1, 1), (3, 3)
    z = order_evidence(odds, ["A", "A", "A", "B"], ["a", "a", "b", "b"])
    assert z[2, :, 1].tolist() == [0.25, 0.0, 0.0, 0.0]  # row 2 lies between newer 1 and 3
    assert z[0, 3, 1] == 0.5  # row 0's corridor is newer 0..1 (the next anchor is (1, 1))
    assert z[2, :, 2].tolist() == [1.0, 1.0, 0.0, 0.0]  # section A's anchors land in "a"
    assert z[0, :, 2].tolist() == [1.0, 1.0, 0.0, 0.0]  # row 0's own anchor left out
