"""Names defined once: retrieval methods, their arms and answer modes, used by settings, the CLI, the UI and eval."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from assistant.errors import ConfigError


class _Named(StrEnum):
    @classmethod
    def parse(cls, value: str) -> Self:
        """The member named ``value``, or a ConfigError that lists the choices."""
        try:
            return cls(value)
        except ValueError:
            raise ConfigError(
                f"unknown {cls._label()} '{value}': choose one of {', '.join(cls.choices())}"
            ) from None

    @classmethod
    def choices(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)

    @classmethod
    def _label(cls) -> str:
        return "value"


class AnswerMode(_Named):
    EXTRACTIVE = "extractive"
    GENERATIVE = "generative"

    @classmethod
    def _label(cls) -> str:
        return "answer mode"


class Method(_Named):
    DENSE = "dense"
    BM25 = "bm25"
    HYBRID = "hybrid"
    HYBRID_RERANK = "hybrid_rerank"

    @classmethod
    def _label(cls) -> str:
        return "retrieval method"


class Arm(_Named):
    """The two rankings hybrid retrieval fuses."""

    DENSE = "dense"
    BM25 = "bm25"

    @classmethod
    def _label(cls) -> str:
        return "retrieval arm"


BASELINE = "baseline"  # eval's plain llama-index dense retriever, listed beside the methods
RETRIEVERS: tuple[str, ...] = (BASELINE, *Method.choices())
