"""The features of an answer unit that the learned scorer weighs (:mod:`assistant.answers.learned`).

Each is a number a reader could check against the unit and the question; how much each counts is
fitted on the development splits (`python -m eval.fit_answers`), not set by hand. The order of
:data:`FEATURES` is the order of the fitted weights in ``data/scorer.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answers.questions import Form

FEATURES: tuple[str, ...] = (
    "coverage",  # IDF-weighted share of the question's terms in the unit (and, less, its lead-in)
    "unit_cosine",  # the encoder's cosine between the question and the unit
    "passage_cosine",  # the encoder's cosine between the question and the unit's passage
    "prior",  # the passage's fused retrieval score over the best passage's
    "anchor",  # share of the question's anchors (mission, place, year) named in the unit
    "key_term",  # 1 when the unit holds the question's key term (or it has none)
    "value",  # a factoid's unit stating a value of the kind asked for (count of the noun asked)
    "count_miss",  # ... stating a number, but of something else than "how many <noun>" asks
    "value_miss",  # ... stating no value of the kind asked
    "form_fit",  # the form's structural fit: defines the term (2: the verb joins the term itself),
    # lists an enumeration's items, an article's opening; 0 to 2
    "advice",  # a procedure's unit worded as advice and/or in a recommendations section (0, .5, 1)
    "list",  # the unit is an introduction quoted with its items
    "item",  # the unit is a list item or a treaty article's paragraph
    "position",  # where the unit stands in its passage, 0 (first) to 1 (last)
    "footnote",  # the unit is a footnote's explanation
    "coverage_share",  # coverage over the best coverage among the question's units
    "cosine_gap",  # unit cosine minus the best unit cosine among the question's units
    "passage_gap",  # passage cosine minus the best passage cosine among them
)


@dataclass(frozen=True)
class Signals:
    """What the scorer measured of one unit, before it is weighed."""

    coverage: float
    unit_cosine: float
    passage_cosine: float
    prior: float
    anchor: float
    keyed: bool
    unstated: str  # "" (states the value), "count", "value"; "-" for a question not a factoid
    form_fit: float
    advice: float  # 0.6, 0.8 or 1.0 for a procedure (see unit_rules.advice_weight); 1.0 otherwise
    kind: str
    position: float
    footnote: bool


@dataclass(frozen=True)
class Best:
    """The best of each signal among one question's units: a unit is weighed against the
    question's other units as well as on its own (coverage and cosine scales vary by question)."""

    coverage: float
    unit_cosine: float
    passage_cosine: float

    @classmethod
    def of(cls, signals: Sequence[Signals]) -> Best:
        return cls(
            max((s.coverage for s in signals), default=0.0),
            max((s.unit_cosine for s in signals), default=0.0),
            max((s.passage_cosine for s in signals), default=0.0),
        )


def feature_vector(s: Signals, form: Form, best: Best) -> np.ndarray:
    """The unit's features in :data:`FEATURES` order."""
    factoid = form is Form.FACTOID and s.unstated != "-"
    return np.array(
        [
            s.coverage,
            s.unit_cosine,
            s.passage_cosine,
            s.prior,
            s.anchor,
            float(s.keyed),
            float(factoid and s.unstated == ""),
            float(factoid and s.unstated == "count"),
            float(factoid and s.unstated == "value"),
            s.form_fit,
            (s.advice - 0.6) / 0.4 if form is Form.PROCEDURE else 0.0,
            float(s.kind == "list"),
            float(s.kind == "item"),
            s.position,
            float(s.footnote),
            s.coverage / best.coverage if best.coverage > 0 else 0.0,
            s.unit_cosine - best.unit_cosine,
            s.passage_cosine - best.passage_cosine,
        ],
        dtype=np.float64,
    )


_WORD = re.compile(r"[^\W_][\w'’-]*")


def spelled_forms(
    question: str,
    weights: dict[str, float],
    *,
    tokens: Callable[[str], list[str]],
    expand: Callable[[str], str] | None,
) -> dict[str, frozenset[str]]:
    """Each weighted abbreviation of ``question`` that the glossary spells out, with its full
    form's tokens ({"spm": {"special", "polit", "mission"}}): a unit that writes the full form
    covers the abbreviation, as documents write it after its first use."""
    out: dict[str, frozenset[str]] = {}
    if expand is None:
        return out
    for word in dict.fromkeys(_WORD.findall(question)):
        expanded, short = expand(word), tokens(word)
        if len(short) != 1 or short[0] not in weights or not expanded.startswith(word):
            continue
        if full := frozenset(tokens(expanded[len(word) :])) - {short[0]}:
            out[short[0]] = full
    return out
