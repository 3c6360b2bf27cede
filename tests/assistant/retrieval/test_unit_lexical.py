"""BM25 over answer units: a passage ranked by its best unit, so a question's words must meet in
one sentence (tiny literal index, real bm25s)."""

from __future__ import annotations

import numpy as np

from assistant.index import LexicalIndex, UnitIndex
from assistant.retrieval.unit_lexical import UnitLexicalIndex
from assistant.types import Passage

SPREAD = "Punishment follows the disciplinary punishment rules. Collective meals are served."
TOGETHER = "Collective punishment is prohibited. Food is served daily at noon in every camp."


def _passage(pid: str, text: str, section: tuple[str, ...] = ()) -> Passage:
    return Passage(pid, f"doc-{pid}", text, 0, 0, len(text), section=section)


def _index(passages: list[Passage]) -> tuple[UnitIndex, dict[str, Passage]]:
    rows = []
    for p in passages:
        cut = p.text.index(". ") + 1
        for start, stop in ((0, cut), (cut + 1, len(p.text))):
            rows.append((p.passage_id, start, stop, np.zeros(4, dtype=np.float32)))
    return UnitIndex(rows), {p.passage_id: p for p in passages}


def test_words_in_one_unit_outrank_the_same_words_spread_over_a_passage() -> None:
    passages = [_passage("spread", SPREAD), _passage("together", TOGETHER)]
    whole = LexicalIndex.build(passages, generation=1)
    assert whole.search("collective punishment", 2)[0][0] == "spread"  # passage-level BM25
    units, by_id = _index(passages)
    index = UnitLexicalIndex(units, by_id, whole.ids)
    ranked = index.search("collective punishment", 2)
    assert [p for p, _ in ranked] == ["together", "spread"]
    assert ranked[0][1] > ranked[1][1] > 0


def test_a_unit_carries_its_passages_section_prefix() -> None:
    passages = [
        _passage("art33", TOGETHER, section=("Part III", "Article 33")),
        _passage("other", SPREAD),
    ]
    units, by_id = _index(passages)
    index = UnitLexicalIndex(units, by_id, [p.passage_id for p in passages])
    assert [p for p, _ in index.search("article 33 food", 2)][0] == "art33"


def test_the_passage_mask_keeps_only_the_filtered_passages_units() -> None:
    passages = [_passage("spread", SPREAD), _passage("together", TOGETHER)]
    units, by_id = _index(passages)
    index = UnitLexicalIndex(units, by_id, ["spread", "together"])
    only_spread = np.array([1.0, 0.0], dtype=np.float32)
    assert [p for p, _ in index.search("collective punishment", 2, only_spread)] == ["spread"]
    assert index.search("collective punishment", 2, np.zeros(2, dtype=np.float32)) == []


def test_no_known_word_and_an_empty_index_return_nothing() -> None:
    units, by_id = _index([_passage("spread", SPREAD)])
    assert UnitLexicalIndex(units, by_id, ["spread"]).search("zebra", 3) == []
    assert UnitLexicalIndex(UnitIndex(()), {}, []).search("collective", 3) == []
