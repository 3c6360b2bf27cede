from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from assistant.encoders.embeddings import ChromaEmbeddingFunction, Embedder
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
        [
            "Protection of civilians in peacekeeping",
            "Peacekeepers protect civilians",
            "A recipe for cake",
        ]
    )
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


def test_chroma_embedding_function_uses_pocdoc_model(embedder: Embedder) -> None:
    fn = ChromaEmbeddingFunction(embedder)
    out = fn(["civilians"])
    assert len(out) == 1 and len(out[0]) == 384
    assert fn.get_config()["model_path"] == str(embedder.model_path)


def test_unknown_back_end_is_refused_by_settings() -> None:
    with pytest.raises(ConfigError, match="embedding.backend"):
        load_settings(None, embedding={"backend": "tensorflow"})


def test_onnx_embedder_needs_a_models_folder() -> None:
    with pytest.raises(ConfigError, match="from_settings"):
        Embedder(load_settings().resolved_model_path(), backend="onnx")


def test_from_settings_builds_the_configured_back_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POCDOC_EMBEDDING__MODELS_DIR")  # the session's shared export folder
    settings = load_settings(None, home=tmp_path, embedding={"backend": "torch", "device": "cpu"})
    emb = Embedder.from_settings(settings)  # cheap: nothing loads until the first encode
    assert (emb.backend, emb.device_setting, emb.models_dir) == (
        "torch",
        "cpu",
        tmp_path / "models",
    )


def test_both_back_ends_share_one_vector_space() -> None:
    from assistant.encoders.embeddings import vector_space

    assert vector_space("onnx") == vector_space("torch")
    with pytest.raises(ConfigError):
        vector_space("int4")


def test_token_budget_batches_keep_input_order(embedder: Embedder) -> None:
    texts = [
        "short",
        "a much longer passage about the protection of civilians in armed conflict " * 6,
        "mid length text",
    ]
    together = embedder.encode_passages(texts)
    for i, text in enumerate(texts):
        assert float(together[i] @ embedder.encode_query(text)) > 0.9999
