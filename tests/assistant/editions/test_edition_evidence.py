"""The alignment's kinds of evidence, on literal matrices and texts with hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.editions.evidence import (
    name_match,
    neighbour_support,
    opening_match,
    position_gap,
    quantities,
    quantity_match,
    sentence_match,
    standardised,
)


def test_the_opening_compares_first_sentences_only() -> None:
    # old paragraph 0 opens on x and goes on to y; new paragraph 0 opens on y, new 1 on x
    old = [np.array([[1.0, 0.0], [0.0, 1.0]])]
    new = [np.array([[0.0, 2.0], [1.0, 0.0]]), np.array([[3.0, 4.0]])]
    out = opening_match(old, new)
    assert out.shape == (1, 2)
    assert out[0, 0] == pytest.approx(0.0) and out[0, 1] == pytest.approx(0.6)  # 3/5, normalised


def test_quantities_leave_out_years_and_days() -> None:
    text = (
        "On 12 May 2018, 11,788 detainees (365 per cent of capacity) and 4.5 cases; resolution 2410"
    )
    assert quantities(text) == [11788.0, 365.0, 4.5, 2410.0]


def test_a_quantity_updated_by_a_little_still_matches() -> None:
    old = ["occupancy at 365 per cent, 11,788 detainees", "1,200 cholera cases"]
    new = ["11,755 detainees, 364 per cent", "no figures"]
    out = quantity_match(old, new)
    assert out[0, 0] == pytest.approx(1.0)  # both kept, within 5 per cent
    assert out[1, 0] == 0.0 and out[0, 1] == 0.0 and out[1, 1] == 0.0


def test_standardised_scores_count_against_the_two_documents_mean() -> None:
    score = np.array([[1.0, 0.0], [0.0, 1.0]])  # mean 0.5, standard deviation 0.5
    assert standardised(score).tolist() == [[1.0, -1.0], [-1.0, 1.0]]
    assert standardised(np.full((2, 2), 0.3)).tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_sentences_score_their_best_counterpart_both_ways() -> None:
    e1, e2, e3 = np.eye(3, dtype=np.float32)
    old = [np.stack([e1, e2])]  # two sentences
    new = [np.stack([e1]), np.stack([e3])]
    out = sentence_match(old, new)
    # new 0: old's sentences score 1 and 0 (mean 0.5), its one sentence scores 1: (0.5 + 1) / 2
    assert out[0, 0] == pytest.approx(0.75)
    assert out[0, 1] == pytest.approx(0.0)


def test_a_paragraph_without_sentences_is_refused() -> None:
    with pytest.raises(ValueError, match="unit vector"):
        sentence_match([np.zeros((0, 3))], [np.eye(3)])


def test_names_weigh_the_rare_ones() -> None:
    old = ["a visit by the envoy to Gazivode and Kosovo", "then talks in Kosovo"]
    new = ["the reservoir at Gazivode in Kosovo", "more of Kosovo"]
    out = name_match(old, new)
    assert out[0, 0] > 0.5 and out[1, 1] == 0.0  # Kosovo is in every paragraph: weight 0


def test_neighbours_and_position() -> None:
    score = np.arange(9, dtype=float).reshape(3, 3)
    support = neighbour_support(score)
    assert support[1, 1] == max(score[0, 0], score[2, 2])
    assert support[0, 2] == 0.0
    assert position_gap(3, 2)[2, 0] == 1.0 and position_gap(3, 2)[1, 1] == 0.5


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{not json", "cannot read the pair scorer"),
        ('{"format": 1, "features": ["cosine"]}', "was fitted on features ['cosine']"),
        ("[1, 2]", "is not a JSON object"),
        ("null", "is not a JSON object"),
    ],
)
def test_a_broken_pair_scorer_names_the_file_and_the_refit(tmp_path, text: str, why: str) -> None:
    from assistant.editions.pair_features import load_pair_scorer
    from assistant.errors import ConfigError

    path = tmp_path / "pair_scorer.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_pair_scorer(path)
    message = str(err.value)
    assert str(path) in message and why in message and "python -m eval.fit_editions" in message


def test_a_pair_scorer_without_weights_is_refused_naming_the_file(tmp_path) -> None:
    import json

    from assistant.editions import SCORER_PATH, load_pair_scorer
    from assistant.errors import ConfigError

    data = json.loads(SCORER_PATH.read_text(encoding="utf-8"))
    del data["weights"]
    path = tmp_path / "pair_scorer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="has no field 'weights'") as err:
        load_pair_scorer(path)
    assert str(path) in str(err.value) and "python -m eval.fit_editions" in str(err.value)
