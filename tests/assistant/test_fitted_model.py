"""The one reader of fitted model files: bad files are ConfigErrors naming the file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.fitted_model import read_fitted_model

FEATURES = ("a", "b")
GOOD = {
    "format": 1,
    "features": ["a", "b"],
    "weights": [0.5, -2.0],
    "intercept": 1.5,
    "version": "v",
}


def _read(path: Path):
    return read_fitted_model(
        path, what="test scorer", refit="python -m eval.fit_test", features=FEATURES, file_format=1
    )


def _written(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_good_file_reads_with_its_extra_fields(tmp_path: Path) -> None:
    model = _read(_written(tmp_path, GOOD | {"score_exponent": 2.0}))
    assert model.features == FEATURES and model.intercept == 1.5 and model.version == "v"
    assert np.array_equal(model.weights, [0.5, -2.0]) and model.fields["score_exponent"] == 2.0


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([0.5, -2.0], "is not a JSON object"),
        ("weights", "is not a JSON object"),
        ({k: v for k, v in GOOD.items() if k != "weights"}, "has no field 'weights'"),
        ({k: v for k, v in GOOD.items() if k != "intercept"}, "has no field 'intercept'"),
        (GOOD | {"features": "a,b"}, "was fitted on features"),
        (GOOD | {"format": 2}, "(format 2)"),
        (GOOD | {"weights": [1.0]}, "field 'weights' must hold 2 finite numbers"),
        (GOOD | {"weights": [1.0, None]}, "field 'weights' must hold 2 finite numbers"),
        (GOOD | {"weights": {"a": 1}}, "not a number"),
        (GOOD | {"intercept": [1]}, "not a number"),
    ],
)
def test_a_broken_file_names_itself_the_fault_and_the_refit(
    tmp_path: Path, data: object, why: str
) -> None:
    path = _written(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        _read(path)
    message = str(err.value)
    assert str(path) in message and why in message and "python -m eval.fit_test" in message


def test_a_missing_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the test scorer .*missing.json"):
        _read(tmp_path / "missing.json")
