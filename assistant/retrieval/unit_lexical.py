"""BM25 over answer units: a passage ranked by its best sentence, list item or article paragraph.

BM25 over a whole passage adds up the question's words wherever they fall in it, so a long
article that names "punishment" in one sentence and "collective" in another outranks the short
one that forbids collective penalties; over units, the words must meet in one unit. Each unit is
indexed with its passage's section prefix (what :attr:`assistant.types.Passage.indexed_text`
puts before the text: "Article 33"), so a question naming an article still finds its units.

Built in memory from a snapshot's unit spans and passage texts (nothing is stored: the units and
passages are the ledger's), once per snapshot, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from assistant.index import UnitIndex
from assistant.text import tokens as text_tokens
from assistant.types import Passage

Ranking = list[tuple[str, float]]
_ROWS_PER_PASSAGE = 8  # unit rows read to find k distinct passages (units per passage: ~3)


def _unit_text(passage: Passage, start: int, stop: int) -> str:
    prefix = passage.indexed_text[: len(passage.indexed_text) - len(passage.text)]
    return prefix + passage.text[start:stop]


class UnitLexicalIndex:
    """bm25s over the units of one snapshot; :meth:`search` returns passages by their best unit."""

    def __init__(
        self, units: UnitIndex, passages: Mapping[str, Passage], order: Sequence[str]
    ) -> None:
        """Args:
        units: the snapshot's unit spans (their vectors are not read).
        passages: the snapshot's passages by id.
        order: passage ids in the order of the masks :meth:`search` is given (the BM25
            index's, :attr:`assistant.index.LexicalIndex.ids`).
        """
        import bm25s

        position = {pid: i for i, pid in enumerate(order)}
        rows = [
            (str(owner), _unit_text(passages[str(owner)], start, stop))
            for owner, (start, stop) in zip(units.owners, units.spans)
            if str(owner) in passages and str(owner) in position
        ]
        self.owners = np.array([owner for owner, _ in rows], dtype=object)
        self._position = np.array([position[owner] for owner, _ in rows], dtype=np.int64)
        self.bm25 = bm25s.BM25()
        self._vocab: Mapping[str, int] = {}
        if rows:
            self.bm25.index([text_tokens(t) or [""] for _, t in rows], show_progress=False)
            self._vocab = self.bm25.vocab_dict

    def __len__(self) -> int:
        return len(self.owners)

    def search(self, query: str, k: int, passage_mask: np.ndarray | None = None) -> Ranking:
        """The ``k`` passages whose best unit scores highest for ``query``, best first, with that
        unit's BM25 score (positive scores only).

        Args:
            query: the question as BM25 reads it.
            k: passages wanted.
            passage_mask: the passages a filter keeps, over the ``order`` given at build (a
                :meth:`assistant.index.LexicalIndex.mask`), or None for all.
        """
        terms = [t for t in text_tokens(query) if t in self._vocab]
        if not terms or not len(self) or k <= 0:
            return []
        mask = None
        if passage_mask is not None:
            mask = (np.asarray(passage_mask)[self._position] > 0).astype(np.float32)
            if not mask.any():
                return []
        take = min(len(self), k * _ROWS_PER_PASSAGE)
        docs, scores = self.bm25.retrieve(
            [terms], k=take, show_progress=False, weight_mask=mask, n_threads=0
        )
        best: dict[str, float] = {}
        for row, score in zip(docs[0], scores[0]):
            if score <= 0:
                break
            best.setdefault(str(self.owners[int(row)]), float(score))
            if len(best) == k:
                break
        return list(best.items())
