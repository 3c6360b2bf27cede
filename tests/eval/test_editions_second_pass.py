"""The second pass's neighbour evidence (eval.editions_second_pass), on a literal matrix."""

from __future__ import annotations

import numpy as np

from eval.editions_second_pass import neighbour_evidence


def test_neighbours_that_went_to_j_or_next_to_it_support_j() -> None:
    # older 0 surely -> newer 0, older 2 surely -> newer 2, older 1 undecided
    sure, never = 50.0, -50.0
    scores = np.array([[sure, never, never], [0.0, 0.0, 0.0], [never, never, sure]])
    z = neighbour_evidence(scores)
    assert z.shape == (3, 3, 4)
    np.testing.assert_allclose(z[1, :, 1], [1.0, 1.0, 0.0], atol=1e-9)  # 0 -> j or j - 1
    np.testing.assert_allclose(z[1, :, 2], [0.0, 1.0, 1.0], atol=1e-9)  # 2 -> j or j + 1
    np.testing.assert_allclose(z[1, :, 3], [0.0, 1.0, 0.0], atol=1e-9)  # both: the middle
    assert z[0, :, 1].tolist() == [0.0] * 3 and z[2, :, 2].tolist() == [0.0] * 3
    assert z[0, 0, 0] == 30.0  # the score, clipped
