"""Encoders: the sentence encoder behind one interface, its ONNX and torch back ends, the ONNX export, devices and batching."""

from __future__ import annotations

from assistant.encoders.embeddings import BACKENDS, ChromaEmbeddingFunction, Embedder, vector_space
from assistant.encoders.fingerprint import encoder_fingerprint
from assistant.encoders.multilingual import MultilingualEncoder, multilingual_available

__all__ = [
    "BACKENDS",
    "ChromaEmbeddingFunction",
    "Embedder",
    "MultilingualEncoder",
    "encoder_fingerprint",
    "multilingual_available",
    "vector_space",
]
