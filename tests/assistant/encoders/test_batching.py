from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.encoders.batching import plan_batches
from assistant.errors import ConfigError


def test_long_passages_go_few_to_a_batch_and_short_ones_many() -> None:
    lengths = [10, 256, 5, 256, 100, 7]
    assert plan_batches(lengths, token_budget=512, max_batch=4) == [[1, 3], [4, 0, 5, 2]]


def test_batch_size_caps_short_passages() -> None:
    assert plan_batches([3] * 5, token_budget=10_000, max_batch=2) == [[0, 1], [2, 3], [4]]


def test_a_passage_over_the_budget_gets_its_own_batch() -> None:
    assert plan_batches([600, 3], token_budget=512, max_batch=8) == [[0], [1]]


def test_no_texts_no_batches() -> None:
    assert plan_batches([], token_budget=512, max_batch=8) == []


def test_bad_budget_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="token_budget"):
        plan_batches([1], token_budget=0, max_batch=8)


@given(
    st.lists(st.integers(min_value=0, max_value=300), max_size=60),
    st.integers(1, 4096),
    st.integers(1, 64),
)
def test_every_index_once_and_every_batch_within_limits(
    lengths: list[int], budget: int, max_batch: int
) -> None:
    batches = plan_batches(lengths, token_budget=budget, max_batch=max_batch)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= max_batch
        if len(batch) > 1:
            assert len(batch) * max(max(1, lengths[i]) for i in batch) <= budget
