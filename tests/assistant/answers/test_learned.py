"""The learned unit scorer: the shipped model matches the features the code computes, scores with
a dot product, and a model fitted on other features is refused with the refit command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.answers.features import FEATURES, Best, Signals, feature_vector
from assistant.answers.learned import MODEL_PATH, load_model
from assistant.answers.questions import Form
from assistant.errors import ConfigError


def _signals(**changes: object) -> Signals:
    base = {
        "coverage": 0.5,
        "unit_cosine": 0.5,
        "passage_cosine": 0.4,
        "prior": 1.0,
        "anchor": 0.0,
        "keyed": True,
        "unstated": "-",
        "form_fit": 0.0,
        "advice": 1.0,
        "kind": "sentence",
        "position": 0.0,
        "footnote": False,
    }
    base.update(changes)
    return Signals(**base)  # type: ignore[arg-type]


def test_the_shipped_model_is_fitted_on_the_features_the_code_computes() -> None:
    model = load_model()
    data = json.loads(MODEL_PATH.read_text())
    assert model.features == FEATURES and len(model.weights) == len(FEATURES)
    assert data["fitted_on"]["splits"] and all("test" not in s for s in data["fitted_on"]["splits"])


def test_answering_does_not_import_scikit_learn() -> None:
    import subprocess

    code = (
        "import sys; from assistant.answers.learned import load_model; import numpy as np; "
        "m = load_model(); m.probability(np.zeros(len(m.features))); "
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_unit_that_holds_more_of_the_question_scores_higher() -> None:
    model = load_model()
    weak, strong = _signals(coverage=0.1, unit_cosine=0.2), _signals(coverage=0.9, unit_cosine=0.7)
    best = Best.of([weak, strong])
    p_weak = model.probability(feature_vector(weak, Form.GENERAL, best))
    p_strong = model.probability(feature_vector(strong, Form.GENERAL, best))
    assert 0.0 <= p_weak < p_strong <= 1.0


def test_a_factoid_unit_stating_the_value_asked_outscores_one_that_does_not() -> None:
    model = load_model()
    stated, missing = _signals(unstated=""), _signals(unstated="value")
    best = Best.of([stated, missing])
    assert model.probability(feature_vector(stated, Form.FACTOID, best)) > model.probability(
        feature_vector(missing, Form.FACTOID, best)
    )


def test_features_are_in_their_declared_order() -> None:
    x = feature_vector(_signals(coverage=0.3, kind="list"), Form.GENERAL, Best(0.6, 0.5, 0.4))
    named = dict(zip(FEATURES, x, strict=True))
    assert named["coverage"] == 0.3 and named["list"] == 1.0 and named["coverage_share"] == 0.5
    assert named["value"] == named["value_miss"] == 0.0  # not a factoid


@pytest.mark.parametrize(
    "change",
    [{"features": ["coverage"]}, {"format": 99}],
)
def test_a_model_for_other_features_is_refused_with_the_refit_command(
    tmp_path: Path, change: dict
) -> None:
    data = json.loads(MODEL_PATH.read_text()) | change
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="python -m eval.fit_answers"):
        load_model(path)


def test_an_unreadable_model_names_the_refit_command(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="python -m eval.fit_answers"):
        load_model(tmp_path / "missing.json")
    assert np.isfinite(load_model().intercept)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weights": None}, "weights"),
        ({"intercept": None}, "intercept"),
        ({"version": None}, "version"),
        ({"weights": [1.0, 2.0]}, "weights"),
        ({"weights": "high"}, "not a number"),
        ({"intercept": "low"}, "not a number"),
    ],
)
def test_a_broken_model_field_is_named_with_the_file(
    tmp_path: Path, change: dict, field: str
) -> None:
    data = json.loads(MODEL_PATH.read_text())
    data |= {k: v for k, v in change.items() if v is not None}
    for k in [k for k, v in change.items() if v is None]:
        del data[k]
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=field) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_a_model_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scorer.json"
    path.write_text("[1, 2]")
    with pytest.raises(ConfigError, match="not a JSON object"):
        load_model(path)
