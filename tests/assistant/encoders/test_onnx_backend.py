"""The onnx back end gives the torch back end's vectors, on real corpus passages."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.encoders.embeddings import Embedder
from assistant.index import Ledger
from assistant.settings import load_settings

SAMPLE = 160  # of the bundled corpus's ~840 passages, spread over every document and length


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return Embedder.from_settings(
        load_settings(None, embedding={"backend": "torch", "device": "cpu"})
    )


@pytest.fixture(scope="module")
def sample_passages(corpus_settings) -> list[str]:
    ledger = Ledger(corpus_settings.ledger_path)
    try:
        texts = sorted((p.text for p in ledger.passages()), key=len)
    finally:
        ledger.close()
    step = max(1, len(texts) // SAMPLE)
    picked = texts[::step][:SAMPLE]
    return picked + [texts[-1]]  # the longest passage, truncated at 256 word pieces


def test_default_back_end_is_onnx_on_cpu(embedder: Embedder) -> None:
    assert embedder.backend == "onnx"
    assert embedder.device == "cpu"  # this machine has no GPU
    assert embedder.dimension == 384


def test_onnx_and_torch_passage_vectors_agree(
    embedder: Embedder, torch_embedder: Embedder, sample_passages: list[str]
) -> None:
    onnx = embedder.encode_passages(sample_passages)
    torch = torch_embedder.encode_passages(sample_passages)
    cosines = (onnx * torch).sum(axis=1)
    assert len(sample_passages) > 100
    assert cosines.min() >= 0.9999, f"lowest cosine {cosines.min():.6f}"


def test_onnx_and_torch_query_vectors_agree(embedder: Embedder, torch_embedder: Embedder) -> None:
    for query in ("What is tier 3 of protection of civilians?", "hostages GC IV", "x"):
        assert float(embedder.encode_query(query) @ torch_embedder.encode_query(query)) >= 0.9999


def test_batched_and_single_encoding_agree(embedder: Embedder, sample_passages: list[str]) -> None:
    texts = sample_passages[:: len(sample_passages) // 8][:8]
    together = embedder.encode_passages(texts)
    alone = np.stack([embedder.encode_query(t) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
