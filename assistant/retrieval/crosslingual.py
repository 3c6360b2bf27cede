"""Retrieval for a question not in English: the arms of its English reading, joined by a second
dense arm that reads the question as written.

:class:`CrossLingualEngine` stands in for the :class:`~assistant.retrieval.engine.Engine` while one
such question is answered. Asked for the question's English reading (the ``pivot``, see
:mod:`assistant.term_names`), it takes the engine's own arms of it (:meth:`Engine.arms`: dense,
BM25, answer units, as for any English question), adds the passages nearest the question in the
multilingual vector space (:mod:`assistant.index.passage_languages`) as one more arm at its own
weight, and lets the engine fuse them (:meth:`Engine.ranked`), so a French question finds English
passages and French ones. Every other call goes to the engine's arms unchanged. With ``languages``
set, only passages in those languages are kept, in every arm.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np

from assistant.encoders import MultilingualEncoder
from assistant.index import PassageLanguages
from assistant.modes import Method
from assistant.retrieval.engine import Engine
from assistant.types import Filters, Hit

MULTILINGUAL = "multilingual"  # the second dense arm's name in a hit's sources


class CrossLingualEngine:
    """An engine seen through one question in another language (thread-safe as the engine is)."""

    def __init__(
        self,
        engine: Engine,
        *,
        question: str,
        pivot: str,
        table: PassageLanguages | None,
        encoder: MultilingualEncoder | None,
        weight: float = 1.0,
        languages: Collection[str] = (),
    ) -> None:
        self._engine = engine
        self.question, self.pivot = question, pivot
        self._table, self._encoder, self._weight = table, encoder, weight
        self._languages = frozenset(languages)
        self._language_of = table.language_of() if table is not None else {}
        self._vector: np.ndarray | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    @property
    def arm_ready(self) -> bool:
        """Whether the multilingual arm runs (vectors stored, encoder installed, weight above 0)."""
        return (
            self._table is not None
            and self._table.has_vectors
            and self._encoder is not None
            and self._weight > 0
        )

    def retrieve(
        self,
        query: str,
        *,
        top_k: int | None = None,
        method: Method | str = Method.HYBRID,
        filters: Filters | None = None,
        expand: bool | None = None,
    ) -> list[Hit]:
        """As :meth:`Engine.retrieve`; for the question's English reading, the multilingual arm
        joins the engine's arms in its fusion."""
        method = Method.parse(method)
        top_k = top_k or self._engine.settings.retrieval.top_k
        engine = self._engine
        arms = engine.arms(query, top_k=top_k, method=method, filters=filters, expand=expand)
        if query == self.pivot and method is not Method.BM25 and self.arm_ready:
            nearest = self._nearest(arms.depth, filters)
            arms = arms.joined(MULTILINGUAL, nearest, self._weight)
        if self._languages:
            arms = arms.kept(
                {p for p, lang in self._language_of.items() if lang in self._languages}
            )
        return engine.ranked(arms, top_k=top_k, method=method)

    def _nearest(self, depth: int, filters: Filters | None) -> list[tuple[str, float]]:
        """The multilingual arm: passages nearest the question as written."""
        if self._table is None:
            return []
        return self._table.search(self._question_vector(), depth, self._allowed(filters))

    def _question_vector(self) -> np.ndarray:
        if self._vector is None and self._encoder is not None:
            self._vector = self._encoder.encode_query(self.question)
        return self._vector if self._vector is not None else np.zeros(0, dtype=np.float32)

    def _allowed(self, filters: Filters | None) -> set[str]:
        snapshot = self._engine.snapshot
        allowed = set(snapshot.passages)
        mask = snapshot.lexical.mask(filters)
        if mask is not None:
            allowed = {snapshot.lexical.ids[i] for i in np.flatnonzero(mask)}
        if self._languages:
            allowed = {p for p in allowed if self._language_of.get(p) in self._languages}
        return allowed
