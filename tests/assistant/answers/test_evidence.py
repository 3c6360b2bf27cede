"""Evidence: the pool the composer reads, merged from rankings on different scales."""

from __future__ import annotations

import pytest


def test_merged_pool_scores_extra_passages_below_the_fused_ones() -> None:
    from assistant.answers.evidence import merged
    from assistant.types import Hit, Passage

    def hit(i: int, score: float) -> Hit:
        p = Passage(
            passage_id=f"p{i}", doc_id="d", text=f"text {i}", ordinal=i, char_start=0, char_end=6
        )
        return Hit(passage=p, score=score, rank=i + 1)

    fused = [hit(0, 1.0), hit(1, 0.4)]
    bm25 = [hit(1, 12.0), hit(2, 10.0), hit(3, 5.0)]  # BM25's own scale
    pool = merged(fused, bm25)
    assert [h.passage.passage_id for h in pool] == ["p0", "p1", "p2", "p3"]
    assert [h.score for h in pool] == pytest.approx([1.0, 0.4, 0.4, 0.2])
