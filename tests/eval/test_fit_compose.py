"""The choice of eval.fit_compose: the best recall among points whose answers stay short, per
form, on mean and 95th percentile (hand-computed on tiny arrays; no index)."""

from __future__ import annotations

import numpy as np

from eval.fit_compose import GROWTH, caps_of, choose, short


def test_caps_are_the_current_answers_mean_per_form_and_p95_of_all_and_factoids_plus_growth() -> (
    None
):
    words = np.array([100.0, 100.0, 40.0, 60.0])
    forms = np.array(["general", "general", "factoid", "factoid"])
    caps = caps_of(words, forms)
    assert caps[("all", "mean")] == 75.0 + GROWTH
    assert caps[("factoid", "mean")] == 50.0 + GROWTH
    assert caps[("all", "p95")] == np.percentile(words, 95) + GROWTH
    assert caps[("factoid", "p95")] == np.percentile([40.0, 60.0], 95) + GROWTH
    assert ("general", "p95") not in caps  # a small group's 95th percentile is its longest answer


def test_a_point_that_makes_one_forms_answers_long_is_not_short() -> None:
    forms = np.array(["general", "general", "factoid", "factoid"])
    idx = np.arange(4)
    caps = caps_of(np.array([100.0, 100.0, 40.0, 40.0]), forms)
    # every form together: mean 95 <= 70 + 25; the factoids alone: mean 90 > 40 + 25
    longer_factoids = np.array([100.0, 100.0, 90.0, 90.0])
    assert not short(longer_factoids, forms, idx, caps)
    assert short(np.array([110.0, 110.0, 40.0, 40.0]), forms, idx, caps)


def test_the_best_recall_among_short_points_is_chosen_fewer_words_breaking_ties() -> None:
    forms = np.array(["general", "general"])
    idx = np.arange(2)
    caps = caps_of(np.array([100.0, 100.0]), forms)
    points = [{"word_budget": b} for b in (160, 200, 240, 280)]
    recall = np.array([[0.5, 0.5], [1.0, 0.5], [1.0, 0.5], [1.0, 1.0]])
    words = np.array([[100.0, 100.0], [120.0, 100.0], [110.0, 100.0], [200.0, 200.0]])
    assert (
        choose(points, recall, words, idx, forms, caps) == 2
    )  # 280 is long; 240 is shorter than 200
