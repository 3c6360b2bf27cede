"""Retrieval for a question not in English: the English ranking of its English reading, fused with
a second dense arm that reads the question as written.

:class:`CrossLingualEngine` stands in for the :class:`~assistant.retrieval.engine.Engine` while one
such question is answered. Asked for the question's English reading (the ``pivot``, see
:mod:`assistant.term_names`), it takes the engine's own ranking of it (dense, BM25, fusion, as for
any English question) and fuses it by RRF with the passages nearest the question in the
multilingual vector space (:mod:`assistant.index.passage_languages`), so a French question finds English
passages and French ones. Every other call goes to the engine unchanged. With ``languages`` set,
only passages in those languages are kept.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.encoders import MultilingualEncoder
from assistant.index import PassageLanguages
from assistant.modes import Arm, Method
from assistant.retrieval import fusion
from assistant.retrieval import hits as post
from assistant.retrieval.engine import Engine
from assistant.types import Filters, Hit

MULTILINGUAL = "multilingual"  # the second dense arm's name in a hit's sources
ENGLISH = "english"  # the engine's own ranking of the question's English reading


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
        """As :meth:`Engine.retrieve`; for the question's English reading, fused with its
        multilingual arm."""
        method = Method.parse(method)
        cfg = self._engine.settings.retrieval
        top_k = top_k or cfg.top_k
        depth = max(cfg.candidates, top_k)
        english = self._kept(
            self._engine.retrieve(query, top_k=depth, method=method, filters=filters, expand=expand)
        )
        if query != self.pivot or method is Method.BM25 or not self.arm_ready:
            return english[:top_k]
        table = self._table
        if table is None:  # arm_ready checked it: not reached
            return english[:top_k]
        nearest = table.search(self._question_vector(), depth, self._allowed(filters))
        rankings = {
            ENGLISH: [(h.passage.passage_id, h.score) for h in english],
            MULTILINGUAL: nearest,
        }
        ranking = fusion.fuse(
            rankings,
            method="rrf",
            k=cfg.rrf_k,
            weights={ENGLISH: 1.0, MULTILINGUAL: self._weight},
            top_k=depth,
        )
        known = {h.passage.passage_id: h for h in english}
        seen = {
            Arm.DENSE: {
                pid: h.dense_score for pid, h in known.items() if h.dense_score is not None
            },
            Arm.BM25: {pid: h.bm25_score for pid, h in known.items() if h.bm25_score is not None},
            MULTILINGUAL: dict(nearest),
        }
        hits = post.to_hits(ranking, self._engine.snapshot.passages, seen)
        hits = [
            replace(h, also_in=known[h.passage.passage_id].also_in)
            if h.passage.passage_id in known
            else h
            for h in hits
        ]
        hits = post.collapse_duplicates(hits, cfg.dedupe_threshold)[:top_k]
        # Evidence weighs the English encoder's cosine: fill it in for the arm's own finds.
        return self._engine._with_dense_scores(
            [h if h.passage.passage_id in known else replace(h, dense_score=None) for h in hits],
            self._engine.embedder.encode_query(self.pivot),
        )

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

    def _kept(self, hits: list[Hit]) -> list[Hit]:
        if not self._languages:
            return hits
        return [h for h in hits if self._language_of.get(h.passage.passage_id) in self._languages]
