"""A fitted linear model shipped as a JSON file, read and checked one way for every scorer.

The learned scorers (the answer units', :mod:`assistant.answers.learned`, and the editions pair
scorer, :mod:`assistant.editions.pair_features`) are logistic regressions fitted by an eval script
and shipped as a JSON object: ``format``, ``features`` (names), ``weights`` (one per feature),
``intercept``, ``version``, and whatever else the scorer records. A file that cannot be read, is
not a JSON object, lacks one of those fields, holds a field that is not a number, or was fitted on
other features than the code computes is a :class:`~assistant.errors.ConfigError` naming the file,
the field and the command that refits it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigError


@dataclass(frozen=True)
class FittedModel:
    """A checked model file: ``weights`` match ``features`` one to one and are finite."""

    features: tuple[str, ...]
    weights: np.ndarray
    intercept: float
    version: str
    fields: Mapping[str, Any] = field(repr=False)  # the whole object, for a scorer's own extras


def read_fitted_model(
    path: Path, *, what: str, refit: str, features: tuple[str, ...], file_format: int
) -> FittedModel:
    """Read ``path`` as a model fitted on ``features`` in layout ``file_format``.

    Args:
        what: how messages name the model ("answer scorer", "pair scorer").
        refit: the command that writes a good file (``python -m eval.fit_answers``).
    """
    fix = f"run `{refit}`"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the {what} {path} ({exc}): {fix}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"the {what} {path} is not a JSON object: {fix}")
    names = data.get("features")
    names = tuple(str(n) for n in names) if isinstance(names, list) else names
    if data.get("format") != file_format or names != features:
        raise ConfigError(
            f"the {what} {path} was fitted on features {list(names or ())} (format "
            f"{data.get('format')}), this code computes {list(features)} (format "
            f"{file_format}): {fix} to refit it"
        )
    for name in ("weights", "intercept", "version"):
        if name not in data:
            raise ConfigError(f"the {what} {path} has no field '{name}': {fix}")
    try:
        weights = np.asarray(data["weights"], dtype=np.float64)
        intercept = float(data["intercept"])
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"the {what} {path} has a field that is not a number ({exc}): {fix} to refit it"
        ) from exc
    if weights.shape != (len(features),) or not np.all(np.isfinite(weights)):
        raise ConfigError(
            f"the {what} {path}: field 'weights' must hold {len(features)} finite numbers, "
            f"one per feature, not {data['weights']!r}: {fix}"
        )
    return FittedModel(features, weights, intercept, str(data["version"]), data)
