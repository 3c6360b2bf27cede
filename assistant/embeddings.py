"""Sentence-transformers embeddings from a local model folder, never a hub id."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings

_MODEL_FILES = ("config.json", "modules.json")


class Embedder:
    """Encodes passages and queries into L2-normalised vectors (cosine = dot product).

    The model loads on first use, so building an ``Embedder`` is cheap.
    """

    def __init__(self, model_path: Path, *, batch_size: int = 32, max_seq_length: int = 256, threads: int = 0):
        self.model_path = Path(model_path)
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()
        # One model serves every UI session, and fast tokenizers are not safe to call from two
        # threads at once ("Already borrowed"); encoding is serialised (a query takes ~12 ms).
        self._encode_lock = threading.Lock()
        if not self.model_path.is_dir() or not any((self.model_path / f).exists() for f in _MODEL_FILES):
            raise ConfigError(
                f"embedding model folder {self.model_path} is not a sentence-transformers model "
                "(no config.json or modules.json): set embedding.model_path to a local model folder"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        emb = settings.embedding
        return cls(
            settings.resolved_model_path(),
            batch_size=emb.batch_size,
            max_seq_length=emb.max_seq_length,
            threads=emb.threads,
        )

    @property
    def name(self) -> str:
        return self.model_path.name

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> Any:
        # The hub must never be asked: set before huggingface_hub is first imported.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import torch
        from sentence_transformers import SentenceTransformer

        if self.threads:
            torch.set_num_threads(self.threads)
        model = SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)
        model.max_seq_length = self.max_seq_length
        return model

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def encode_passages(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        return self._encode(list(texts), show_progress=show_progress)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts))

    def encode_query(self, text: str) -> np.ndarray:
        return self._encode([text])[0]

    def _encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.model
        with self._encode_lock:
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.asarray(vectors, dtype=np.float32)


class ChromaEmbeddingFunction:
    """An explicit Chroma embedding function, so Chroma never falls back to its downloading default."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002 - Chroma's protocol name
        return list(self._embedder.encode_passages(input))

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002
        return list(self._embedder.encode_queries(input))

    @staticmethod
    def name() -> str:
        return "pocdoc-sentence-transformers"

    def get_config(self) -> dict[str, Any]:
        return {"model_path": str(self._embedder.model_path)}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(Embedder(Path(config["model_path"])))

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]
