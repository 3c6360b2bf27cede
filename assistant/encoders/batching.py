"""Encoder batches by token budget: long passages go a few to a batch, short ones many.

A batch costs about (passages x its longest passage) word pieces, padding included. Sorting by
length and filling each batch up to a budget keeps padding small and the batch cost even, so a
corpus of short passages is not encoded 32 at a time as if each were 256 word pieces long.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.errors import ConfigError


def plan_batches(lengths: Sequence[int], *, token_budget: int, max_batch: int) -> list[list[int]]:
    """Indices of ``lengths`` grouped into batches, longest first.

    Each batch holds at most ``max_batch`` items and, padded to its longest item, at most
    ``token_budget`` word pieces; an item longer than the budget gets a batch of its own. Ties in
    length keep input order, so the plan is deterministic.

    Raises:
        ConfigError: a budget or batch size below 1.
    """
    if token_budget < 1 or max_batch < 1:
        raise ConfigError(
            f"token budget {token_budget} and batch size {max_batch} must both be at least 1: "
            "fix embedding.token_budget / embedding.batch_size"
        )
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        # Sorted longest first, so the first item of a batch sets its padded length.
        width = longest if current else max(1, lengths[i])
        if current and (len(current) >= max_batch or (len(current) + 1) * width > token_budget):
            batches.append(current)
            current = []
            width = max(1, lengths[i])
        if not current:
            longest = width
        current.append(i)
    if current:
        batches.append(current)
    return batches
