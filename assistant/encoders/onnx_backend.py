"""The ONNX back end: tokenizers + onnxruntime + numpy mean pooling; no torch at run time."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.encoders.devices import CUDA_PROVIDER, onnx_providers
from assistant.encoders.onnx_export import exported_model, feeds, load_tokenizer, mean_pool


class OnnxEncoder:
    """Runs the exported transformer (``assistant.encoders.onnx_export``) with ONNX Runtime.

    The vectors equal the torch back end's (cosine >= 0.9999, checked at export and in the tests).
    """

    backend = "onnx"

    def __init__(
        self, model_path: Path, models_dir: Path, *, max_seq_length: int, threads: int, device: str
    ) -> None:
        import onnxruntime

        self.model_file = exported_model(model_path, models_dir)
        providers = onnx_providers(device, onnxruntime.get_available_providers())
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(self.model_file), sess_options=options, providers=providers
        )
        self.device = "cuda" if providers[0] == CUDA_PROVIDER else "cpu"
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = load_tokenizer(model_path, max_seq_length=max_seq_length, pad=True)
        width = self._session.get_outputs()[0].shape[-1]
        self.dimension = (
            int(width) if isinstance(width, int) else int(self.encode(["dimension"]).shape[1])
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors of one batch (padded to its longest text)."""
        inputs = feeds(self._tokenizer.encode_batch(list(texts)))
        hidden = self._session.run(
            ["last_hidden_state"], {k: v for k, v in inputs.items() if k in self._inputs}
        )[0]
        vectors: np.ndarray = mean_pool(hidden, inputs["attention_mask"])
        return vectors
