"""Every (older, newer) paragraph pair as a row of features, and the learned pair scorer over them.

The scorer gives each pair a score (a dot product of its features with fitted weights); an older
paragraph's candidates compete in a softmax with one more option, "no counterpart", scored 0,
so each pair's probability is that of the newer paragraph being *the* counterpart of the older
one (a conditional logit, fitted by `python -m eval.fit_editions` on the hand-labelled alignment
set and shipped as ``data/pair_scorer.json``: feature names, weights, intercept and what it was
fitted on). Scoring needs numpy only.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.editions.evidence import (
    name_match,
    neighbour_support,
    opening_match,
    position_gap,
    quantity_match,
    sentence_match,
    standardised,
)
from assistant.editions.paragraphs import Paragraph
from assistant.editions.threads import opening_words, place_in_section, rare_words, same_part
from assistant.editions.wording import lexical_matrix, normalised
from assistant.fitted_model import read_fitted_model

FEATURES = (
    "cosine",
    "words",
    "sentences",
    "cosine_z",
    "sentences_z",
    "opening",
    "opening_z",
    "quantities",
    "names",
    "heading",
    "neighbours",
    "position",
    "rare_words",
    "opening_words",
    "same_part",
    "place_in_section",
)
SCORER_PATH = Path(__file__).parent / "data" / "pair_scorer.json"
SCORER_FORMAT = 2  # 2: a softmax over each older paragraph's candidates and "none"


def pair_features(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    old_vectors: np.ndarray,
    new_vectors: np.ndarray,
    old_units: Sequence[np.ndarray] | None = None,
    new_units: Sequence[np.ndarray] | None = None,
) -> np.ndarray:
    """An (older x newer x :data:`FEATURES`) array. A paragraph without unit vectors (an index
    from before them) counts as one sentence: its own vector."""
    cosine = np.clip(old_vectors @ new_vectors.T, -1.0, 1.0)
    old_sentences, new_sentences = _units(old_units, old_vectors), _units(new_units, new_vectors)
    sentences = sentence_match(old_sentences, new_sentences)
    opening = opening_match(old_sentences, new_sentences)
    old_text, new_text = [p.text for p in old], [p.text for p in new]
    old_heads, new_heads = [heading_of(p) for p in old], [heading_of(p) for p in new]
    cosine_z = standardised(cosine)
    columns = {
        "cosine": cosine,
        "words": lexical_matrix(old_text, new_text),
        "sentences": sentences,
        "cosine_z": cosine_z,
        "sentences_z": standardised(sentences),
        "opening": opening,
        "opening_z": standardised(opening),
        "quantities": quantity_match(old_text, new_text),
        "names": name_match(old_text, new_text),
        "heading": np.array([[a != "" and a == b for b in new_heads] for a in old_heads], float),
        "neighbours": neighbour_support(cosine_z),
        "position": position_gap(len(old), len(new)),
        "rare_words": rare_words(old_text, new_text),
        "opening_words": opening_words(old_text, new_text),
        "same_part": same_part(old, new),
        "place_in_section": place_in_section(old, new),
    }
    return np.stack([columns[name] for name in FEATURES], axis=-1)


def _units(units: Sequence[np.ndarray] | None, vectors: np.ndarray) -> list[np.ndarray]:
    if units is None:
        return [v[None, :] for v in vectors]
    return [u if len(u) else v[None, :] for u, v in zip(units, vectors, strict=True)]


def heading_of(paragraph: Paragraph) -> str:
    """The innermost heading, without its number ("III. Security" and "IV. Security" match)."""
    inner = paragraph.section.rpartition(" > ")[2]
    return normalised(re.sub(r"^\s*(?:[IVXLC]+|[A-Z]|\d+)[.)]\s+", "", inner))


@dataclass(frozen=True)
class PairScorer:
    """A pair's score, ``features @ weights + intercept``: its log-odds against the older
    paragraph having no counterpart (see :func:`row_probabilities`)."""

    weights: np.ndarray
    intercept: float
    version: str

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        out: np.ndarray = features @ self.weights + self.intercept
        return out

    @property
    def key(self) -> str:
        """The version and a digest of the weights: a refit under the same version string is
        another scorer, so alignments cached under the old one are made again."""
        digest = hashlib.sha256(np.asarray(self.weights, dtype="<f8").tobytes())
        digest.update(repr(float(self.intercept)).encode())
        return f"{self.version}:{digest.hexdigest()[:12]}"


def row_probabilities(scores: np.ndarray) -> np.ndarray:
    """Each (older, newer) pair's probability that the newer paragraph is the older one's
    counterpart: a softmax over the older paragraph's row of ``scores`` and "none" (score 0)."""
    top = scores.max(axis=1, keepdims=True, initial=0.0)  # "none" scores 0
    weights = np.exp(scores - top)
    out: np.ndarray = weights / (weights.sum(axis=1, keepdims=True) + np.exp(-top))
    return out


@functools.lru_cache(maxsize=4)
def load_pair_scorer(path: Path = SCORER_PATH) -> PairScorer:
    """The fitted pair scorer. Raises ConfigError when the file is missing, not a JSON object,
    lacks a field, or was fitted on other features than this code computes (refit:
    `python -m eval.fit_editions`)."""
    model = read_fitted_model(
        path,
        what="pair scorer",
        refit="python -m eval.fit_editions",
        features=FEATURES,
        file_format=SCORER_FORMAT,
    )
    return PairScorer(model.weights, model.intercept, model.version)
