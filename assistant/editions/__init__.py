"""Editions: series of documents (a mission's reports, a policy's editions) and what changed
between two of them, paragraph by paragraph."""

from __future__ import annotations

from assistant.editions.alignment import STATUSES, AlignedPair, AlignmentConfig, align
from assistant.editions.cache import AlignmentCache
from assistant.editions.comparison import (
    CompareError,
    Comparison,
    Edition,
    Row,
    about,
    align_editions,
    compare,
    load_edition,
)
from assistant.editions.pair_features import (
    FEATURES,
    SCORER_FORMAT,
    SCORER_PATH,
    PairScorer,
    load_pair_scorer,
    pair_features,
    row_probabilities,
)
from assistant.editions.paragraphs import Paragraph, paragraphs_of
from assistant.editions.questions import ChangeQuestion, read_change_question
from assistant.editions.series import Series, find_series, mission_of, series_of
from assistant.editions.shelf import Shelf
from assistant.editions.trends import TrendPoint, first_mention, last_mention, trend
from assistant.editions.wording import ADDED, REMOVED, SAME, Span, word_diff

__all__ = [
    "ADDED",
    "FEATURES",
    "REMOVED",
    "SAME",
    "STATUSES",
    "AlignedPair",
    "AlignmentCache",
    "AlignmentConfig",
    "ChangeQuestion",
    "CompareError",
    "Comparison",
    "Edition",
    "PairScorer",
    "Paragraph",
    "SCORER_FORMAT",
    "SCORER_PATH",
    "Row",
    "Series",
    "Shelf",
    "Span",
    "TrendPoint",
    "about",
    "align",
    "align_editions",
    "compare",
    "find_series",
    "first_mention",
    "last_mention",
    "load_edition",
    "load_pair_scorer",
    "mission_of",
    "pair_features",
    "paragraphs_of",
    "read_change_question",
    "row_probabilities",
    "series_of",
    "trend",
    "word_diff",
]
