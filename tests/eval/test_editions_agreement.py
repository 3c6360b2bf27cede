"""The agreement of two labellings of the editions alignment, on labels small enough to count by hand."""

import json

import pytest

from eval.editions_agreement import SECOND, _labels, agreement
from eval.editions_bench import HELD_OUT


def test_second_labelling_scored_as_the_aligner_is():
    first = {("a", "b", 0): [0], ("a", "b", 1): [1, 2], ("a", "b", 2): [], ("a", "b", 3): [4]}
    second = {("a", "b", 0): [0], ("a", "b", 1): [2], ("a", "b", 2): [3], ("a", "b", 3): []}
    got = agreement(first, second)
    # second made 3 pairs, 2 accepted by first (rows 0 and 1); first wants 3
    assert got["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert got["recall"] == pytest.approx(2 / 3, abs=1e-3)
    # has a counterpart: first T T F T, second T T T F -> agree on 2 of 4; kappa (0.5 - 0.625)/0.375
    assert got["has_counterpart_agreement"] == 0.5
    assert got["has_counterpart_kappa"] == pytest.approx(-0.333, abs=1e-3)


def test_first_choice_differs_from_any_overlap():
    first = {("a", "b", 0): [5]}
    second = {("a", "b", 0): [4, 5]}
    got = agreement(first, second)
    assert got["precision"] == 0.0 and got["precision_any_overlap"] == 1.0


def test_no_shared_rows_is_an_error():
    with pytest.raises(ValueError, match="share no labelled"):
        agreement({("a", "b", 0): [1]}, {("a", "c", 0): [1]})


def test_second_labelling_covers_every_held_out_paragraph():
    first, second = _labels(HELD_OUT), _labels(SECOND)
    assert set(first) == set(second)
    pairs = json.loads(SECOND.read_text(encoding="utf-8"))["pairs"]
    for pair in pairs:
        for label in pair["labels"]:
            assert len(label["new"]) == len(label["new_starts"])


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "cannot read the labels"),
        ('{"pairs": [{"old": "a", "new": "b"}]}', "not a labelling"),
        (
            '{"pairs": [{"old": "a", "new": "b", "labels": [{"old": 0, "new": ["x"]}]}]}',
            "not a labelling",
        ),
    ],
)
def test_a_broken_label_file_is_named(tmp_path, content, says):
    path = tmp_path / "labels.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=says) as info:
        _labels(path)
    assert str(path) in str(info.value)
