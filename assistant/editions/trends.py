"""A topic across a series: how many paragraphs of each edition address it, which ones, and the
first edition that does ("since when does MINUJUSTH's reporting mention gangs?")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.editions.comparison import Edition, about, load_edition
from assistant.editions.paragraphs import Paragraph
from assistant.editions.series import Series
from assistant.index import Ledger


@dataclass(frozen=True)
class TrendPoint:
    """One edition of a series and its paragraphs about the topic."""

    edition: Edition
    paragraphs: tuple[Paragraph, ...]

    @property
    def count(self) -> int:
        return len(self.paragraphs)

    def to_dict(self) -> dict[str, object]:
        r = self.edition.record
        return {
            "doc_id": r.doc_id,
            "symbol": r.symbol,
            "date": r.date,
            "paragraphs": self.count,
            "of": len(self.edition.paragraphs),
            "where": [p.label for p in self.paragraphs],
        }


def trend(
    ledger: Ledger,
    series: Series,
    topic: str,
    *,
    embed_topic: Callable[[str], np.ndarray] | None = None,
) -> list[TrendPoint]:
    """Each member of ``series`` (oldest first) with its paragraphs about ``topic``."""
    vector = embed_topic(topic) if embed_topic is not None else None
    points = []
    for record in series.members:
        edition, _ = load_edition(ledger, record.doc_id)
        chosen = about(edition, topic, vector)
        points.append(TrendPoint(edition, tuple(edition.paragraphs[i] for i in chosen)))
    return points


def first_mention(points: list[TrendPoint]) -> TrendPoint | None:
    """The oldest edition with a paragraph about the topic, or None when none has one."""
    return next((p for p in points if p.count), None)


def last_mention(points: list[TrendPoint]) -> TrendPoint | None:
    """The newest edition with a paragraph about the topic ("when did the reports stop
    mentioning it": the edition after this one is the first without it)."""
    return next((p for p in reversed(points) if p.count), None)
