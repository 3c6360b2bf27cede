"""The torch back end: sentence-transformers from the local model folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.encoders.devices import torch_device
from assistant.errors import ConfigError


class TorchEncoder:
    """``SentenceTransformer.encode`` on CPU or CUDA; imports torch when built."""

    backend = "torch"

    def __init__(self, model_path: Path, *, max_seq_length: int, threads: int, device: str) -> None:
        # The hub must never be asked: set before huggingface_hub is first imported.
        from assistant.offline import go_offline

        go_offline()
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self.device = torch_device(device, cuda_available=torch.cuda.is_available())
        self._model = SentenceTransformer(
            str(model_path), device=self.device, local_files_only=True
        )
        self._model.max_seq_length = max_seq_length
        getter = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dimension = getter()
        if dimension is None:
            raise ConfigError(f"{model_path}: the model does not state its embedding dimension")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors of one batch."""
        vectors = self._model.encode(
            list(texts),
            batch_size=max(1, len(texts)),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
