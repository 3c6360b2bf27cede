from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import ChromaEmbeddingFunction, Embedder
from assistant.errors import ConfigError
from assistant.settings import load_settings

# OFFLINE.md: the same bytes as upstream sentence-transformers/all-MiniLM-L6-v2 revision 1110a243.
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def test_packaged_model_weights_are_the_genuine_minilm() -> None:
    path = load_settings().resolved_model_path() / "model.safetensors"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert path.stat().st_size == 90_868_376
    assert digest == MODEL_SHA256


def test_model_path_is_a_setting(tmp_path: Path) -> None:
    settings = load_settings(None, embedding={"model_path": tmp_path})
    assert settings.resolved_model_path() == tmp_path
    with pytest.raises(ConfigError, match=str(tmp_path)):
        Embedder.from_settings(settings)


def test_vectors_are_normalised_and_similar_texts_are_close(embedder: Embedder) -> None:
    vecs = embedder.encode_passages(
        ["Protection of civilians in peacekeeping", "Peacekeepers protect civilians", "A recipe for cake"]
    )
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


def test_chroma_embedding_function_uses_pocdoc_model(embedder: Embedder) -> None:
    fn = ChromaEmbeddingFunction(embedder)
    out = fn(["civilians"])
    assert len(out) == 1 and len(out[0]) == 384
    assert fn.get_config()["model_path"] == str(embedder.model_path)
