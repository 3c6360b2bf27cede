"""The encoder: passages and queries in, L2-normalised vectors out, from a local model folder.

One interface over two back ends (``embedding.backend``): ``onnx`` (the default; the model
exported once to ONNX and run by ONNX Runtime, see ``assistant.encoders.onnx_export``) and ``torch``
(sentence-transformers). Both give the same vectors (cosine >= 0.9999), so they share one vector
space (:attr:`Embedder.vector_space`) and switching between them does not re-embed the index.
Passages are batched by a token budget (``assistant.encoders.batching``), whichever back end runs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from assistant.encoders.batching import plan_batches
from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings

BACKENDS = ("onnx", "torch")
# The vectors each back end gives. fp32 ONNX reproduces torch (cosine >= 0.9999, checked at export
# and in the tests), so the two share one space: switching back end does not re-embed.
_VECTOR_SPACES = {"onnx": "fp32", "torch": "fp32"}
_MODEL_FILES = ("config.json", "modules.json")


_NO_MODELS_DIR = (
    "the onnx back end needs a folder for its exported model: build the embedder with "
    "Embedder.from_settings(settings) (it uses POCDOC_HOME/models)"
)


_QUERY_CACHE = 1024  # query vectors remembered


class Encoder(Protocol):
    """One back end. Built by :class:`Embedder` on first use."""

    backend: str
    device: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors of one batch, in order."""
        ...


class Embedder:
    """Encodes passages and queries into L2-normalised vectors (cosine = dot product).

    The back end loads on first use, so building an ``Embedder`` is cheap. Build it with
    :meth:`from_settings`; the constructor's defaults (torch, no models folder) are for callers
    that have no settings, such as Chroma rebuilding an embedding function from its config.
    """

    def __init__(
        self,
        model_path: Path | str,
        *,
        batch_size: int = 128,
        max_seq_length: int = 256,
        threads: int = 0,
        backend: str = "torch",
        device: str = "auto",
        models_dir: Path | None = None,
        token_budget: int = 8192,
    ) -> None:
        self.model_path = Path(model_path)
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.threads = threads
        self.backend = backend
        self.device_setting = device
        self.models_dir = models_dir
        self.token_budget = token_budget
        self._encoder: Encoder | None = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()  # encode_query's, newest last
        # One encoder serves every UI session, and fast tokenizers are not safe to call from two
        # threads at once ("Already borrowed"); encoding is serialised (a query takes ~10 ms).
        self._encode_lock = threading.Lock()
        if not self.model_path.is_dir() or not any(
            (self.model_path / f).exists() for f in _MODEL_FILES
        ):
            raise ConfigError(
                f"embedding model folder {self.model_path} is not a sentence-transformers model "
                "(no config.json or modules.json): set embedding.model_path to a local model folder"
            )
        if backend not in BACKENDS:
            raise ConfigError(f"embedding.backend '{backend}' is not one of {', '.join(BACKENDS)}")
        if backend == "onnx" and models_dir is None:
            raise ConfigError(_NO_MODELS_DIR)

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        """The embedder the settings describe: back end, device, model, batching."""
        emb = settings.embedding
        return cls(
            settings.resolved_model_path(),
            batch_size=emb.batch_size,
            max_seq_length=emb.max_seq_length,
            threads=emb.threads,
            backend=emb.backend,
            device=emb.device,
            models_dir=settings.models_dir,
            token_budget=emb.token_budget,
        )

    @property
    def name(self) -> str:
        return self.model_path.name

    @property
    def vector_space(self) -> str:
        """What the index fingerprint records about this embedder's vectors."""
        return vector_space(self.backend)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            with self._lock:
                if self._encoder is None:
                    self._encoder = self._load()
        return self._encoder

    def _load(self) -> Encoder:
        if self.backend == "onnx":
            from assistant.encoders.onnx_backend import OnnxEncoder

            if self.models_dir is None:  # refused in __init__; here for the type
                raise ConfigError(_NO_MODELS_DIR)
            return OnnxEncoder(
                self.model_path,
                self.models_dir,
                max_seq_length=self.max_seq_length,
                threads=self.threads,
                device=self.device_setting,
            )
        from assistant.encoders.torch_backend import TorchEncoder

        return TorchEncoder(
            self.model_path,
            max_seq_length=self.max_seq_length,
            threads=self.threads,
            device=self.device_setting,
        )

    @property
    def device(self) -> str:
        """Where the encoder runs (``cpu`` or ``cuda``); loads it."""
        return self.encoder.device

    @property
    def dimension(self) -> int:
        return self.encoder.dimension

    def encode_passages(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        return self._encode(list(texts), show_progress=show_progress)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts))

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of one query, remembered: an answer searches with one question several
        times (the main search, each alternative, the report of its month). Read-only."""
        with self._lock:
            vector = self._queries.get(text)
        if vector is None:
            vector = self._encode([text])[0]
            vector.flags.writeable = False
            with self._lock:
                self._queries[text] = vector
                while len(self._queries) > _QUERY_CACHE:
                    self._queries.popitem(last=False)
        return vector

    def forget_queries(self) -> None:
        """Drop the remembered query vectors (a benchmark times each question afresh)."""
        with self._lock:
            self._queries.clear()

    def _encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        encoder = self.encoder
        if not texts:
            return np.zeros((0, encoder.dimension), dtype=np.float32)
        with self._encode_lock:
            if len(texts) == 1:
                return encoder.encode(texts)
            batches = plan_batches(
                self._lengths(texts), token_budget=self.token_budget, max_batch=self.batch_size
            )
            out = np.empty((len(texts), encoder.dimension), dtype=np.float32)
            bar = _bar(len(texts)) if show_progress else None
            for batch in batches:
                out[batch] = encoder.encode([texts[i] for i in batch])
                if bar is not None:
                    bar.update(len(batch))
            if bar is not None:
                bar.close()
        return out

    def _lengths(self, texts: list[str]) -> list[int]:
        """Word pieces each text takes in the encoder (special tokens in, truncated)."""
        if self._tokenizer is None:
            from assistant.encoders.onnx_export import load_tokenizer

            self._tokenizer = load_tokenizer(
                self.model_path, max_seq_length=self.max_seq_length, pad=False
            )
        return [len(e.ids) for e in self._tokenizer.encode_batch(texts)]


def vector_space(backend: str) -> str:
    """The vectors a back end gives, for the index fingerprint: back ends with the same space can
    read each other's index; a different space means every passage is embedded again.

    Raises:
        ConfigError: an unknown back end.
    """
    if backend not in _VECTOR_SPACES:
        raise ConfigError(f"embedding.backend '{backend}' is not one of {', '.join(BACKENDS)}")
    return _VECTOR_SPACES[backend]


def _bar(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc="encode", unit="passage", dynamic_ncols=True)


class ChromaEmbeddingFunction:
    """An explicit Chroma embedding function, so Chroma never falls back to its downloading default."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
        return list(self._embedder.encode_passages(input))

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:
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
