"""Encoders: the sentence encoder behind one interface, its ONNX and torch back ends, the ONNX export, devices and batching."""

from __future__ import annotations

from assistant.encoders.embeddings import BACKENDS, ChromaEmbeddingFunction, Embedder, vector_space
from assistant.encoders.fingerprint import encoder_fingerprint

__all__ = [
    "BACKENDS",
    "ChromaEmbeddingFunction",
    "Embedder",
    "encoder_fingerprint",
    "vector_space",
]
