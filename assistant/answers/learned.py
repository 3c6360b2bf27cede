"""The learned unit scorer: a logistic regression over :data:`assistant.answers.features.FEATURES`,
fitted by `python -m eval.fit_answers` and shipped as ``data/scorer.json`` (feature names,
weights, intercept, version, and the settings and data it was fitted on). Scoring is a dot
product: scikit-learn is needed to fit, never to answer.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answers.features import FEATURES
from assistant.errors import ConfigError
from assistant.fitted_model import read_fitted_model

MODEL_PATH = Path(__file__).parent / "data" / "scorer.json"
FORMAT = 1  # the file's layout; a file of another format is refused


@dataclass(frozen=True)
class ScorerModel:
    features: tuple[str, ...]
    weights: np.ndarray
    intercept: float
    version: str
    exponent: float = 1.0  # score = probability ** exponent (see :meth:`score`)

    def probability(self, x: np.ndarray) -> float:
        """P(the unit holds a key fact of the answer), the unit's score (0 to 1)."""
        z = float(np.dot(self.weights, x)) + self.intercept
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def score(self, x: np.ndarray) -> float:
        """The unit's score: its probability to the fitted ``exponent``. Selection keeps units
        within shares of the best score (:mod:`assistant.answers.selection`), shares set on the
        linear scores the composer used before; probabilities fall off more steeply (the second
        unit's probability is about the earlier ratio to the power 1/exponent, measured by the
        fit), so the exponent puts them back on that scale. The order of units is unchanged."""
        return float(self.probability(x) ** self.exponent)


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> ScorerModel:
    """The fitted scorer. Raises ConfigError when the file is missing, of another format, or
    fitted on other features than this code computes (refit with `python -m eval.fit_answers`)."""
    model = read_fitted_model(
        path,
        what="answer scorer",
        refit="python -m eval.fit_answers",
        features=FEATURES,
        file_format=FORMAT,
    )
    try:
        exponent = float(model.fields.get("score_exponent", 1.0))
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"the answer scorer {path} has a field that is not a number ({exc}): "
            "run `python -m eval.fit_answers` to refit it"
        ) from exc
    return ScorerModel(
        features=model.features,
        weights=model.weights,
        intercept=model.intercept,
        version=model.version,
        exponent=exponent,
    )
