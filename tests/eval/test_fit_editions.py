"""The conditional logit eval.fit_editions fits, on literal arrays."""

from __future__ import annotations

import numpy as np

from assistant.editions import row_probabilities
from eval.fit_editions import _loss, fit


def _data(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for rows, cols in ((4, 3), (3, 5)):
        x = rng.normal(size=(rows, cols, 2))
        y = np.zeros((rows, cols), dtype=bool)
        y[0, 1] = y[1, [0, 2]] = True  # one answer, two accepted answers; other rows: none
        out.append((x, y))
    return out


def test_the_loss_gradient_matches_finite_differences() -> None:
    data, theta = _data(3), np.array([0.3, -0.7, 0.2])
    _, grad = _loss(theta, data)
    step = 1e-6
    numeric = [
        (_loss(theta + step * e, data)[0] - _loss(theta - step * e, data)[0]) / (2 * step)
        for e in np.eye(len(theta))
    ]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-6)


def test_the_loss_of_a_row_is_minus_the_log_probability_of_its_answer() -> None:
    x = np.array([[[1.0], [0.0]], [[0.0], [0.0]]])  # older 0 answers newer 0; older 1: none
    y = np.array([[True, False], [False, False]])
    loss, _ = _loss(np.array([0.0, 0.0]), [(x, y)])  # every score 0: each option 1/3
    assert np.isclose(loss, 2 * np.log(3))


def test_the_fit_puts_the_answer_first() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 6, 1))
    y = np.zeros((40, 6), dtype=bool)
    y[np.arange(20), x[:20, :, 0].argmax(axis=1)] = True  # the larger feature, when any
    x[20:] -= 6.0  # rows without a counterpart have low features throughout
    scorer = fit([(x, y)], "test")
    probabilities = row_probabilities(scorer.log_odds(x))
    assert (probabilities[:20].argmax(axis=1) == y[:20].argmax(axis=1)).all()
    assert scorer.weights[0] > 0 and probabilities[20:].max() < 0.5
