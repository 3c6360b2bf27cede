"""Answer units' vectors, searchable: sentence-window retrieval over the whole index.

Each passage's answer units (its sentences, list items and article paragraphs: cut by
:mod:`assistant.answers.units` at ingest, which this room does not import) are embedded once and
stored in the ledger beside the passage (:mod:`assistant.index.ledger_units`). A reader holds them
as one float32 matrix: a query's cosine with every unit is one matrix-vector product, and a
passage scores as its best unit, so a paragraph whose one sentence answers is not diluted by the
rest of it. The composer reads the same vectors instead of encoding units at query time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Span = tuple[int, int]


@dataclass(frozen=True)
class UnitVectors:
    """One passage's answer units: their offsets in the passage text and their vectors (one row
    each). ``spans`` may be empty: the passage was cut and holds nothing quotable."""

    passage_id: str
    spans: tuple[Span, ...]
    vectors: np.ndarray

    def __post_init__(self) -> None:
        if len(self.spans) != len(self.vectors):
            raise ValueError(
                f"{len(self.vectors)} vectors for {len(self.spans)} units of {self.passage_id}"
            )


class UnitIndex:
    """Every stored unit vector of one ledger generation, in memory (read-only once built)."""

    def __init__(self, rows: Iterable[tuple[str, int, int, np.ndarray]]) -> None:
        owners: list[str] = []
        spans: list[Span] = []
        vectors: list[np.ndarray] = []
        for passage_id, start, stop, vector in rows:
            owners.append(passage_id)
            spans.append((start, stop))
            vectors.append(vector)
        self.owners = np.array(owners, dtype=object)
        self.spans = spans
        self.matrix = (
            np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, 0), np.float32)
        )
        self._rows: dict[str, list[int]] = {}
        for row, passage_id in enumerate(owners):
            self._rows.setdefault(passage_id, []).append(row)

    def __len__(self) -> int:
        return len(self.spans)

    def vectors_of(self, passage_id: str) -> Mapping[Span, np.ndarray]:
        """A passage's unit vectors by span ({} when none are stored: an older index)."""
        return {self.spans[r]: self.matrix[r] for r in self._rows.get(passage_id, ())}

    def search(
        self, vector: np.ndarray, k: int, allowed: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` passages whose best unit is nearest ``vector`` (cosine), best first, with
        that unit's cosine; ``allowed``: the passages a filter keeps (None: all)."""
        if not len(self) or k <= 0:
            return []
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        if allowed is not None:
            scores = np.where(np.isin(self.owners, list(allowed)), scores, -np.inf)
        # enough unit rows to find k distinct passages in all but pathological cases
        take = min(len(scores), k * 8)
        top = np.argpartition(-scores, take - 1)[:take]
        best: dict[str, float] = {}
        for row in top[np.argsort(-scores[top], kind="stable")]:
            score = float(scores[row])
            if score == -np.inf:
                break
            best.setdefault(str(self.owners[row]), score)
            if len(best) == k:
                break
        return list(best.items())
