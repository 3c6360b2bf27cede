"""The API's request bodies: typed, bounded, and closed (``extra="forbid"``). Nothing here names
a command line, an environment or a working folder: the server runs with its own settings."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.modes import AnswerMode, Method

MAX_QUESTION = 2000  # characters
MAX_ITEMS = 50  # values in one filter field, turns of history, paths of one ingest
MAX_NAME = 300  # an id, a document id, a path
Name = Field(min_length=1, max_length=MAX_NAME)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=20_000)


class FiltersIn(_Body):
    """Metadata filters, as `--filter` gives them (values of one field are OR'ed)."""

    doc_ids: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    doc_types: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    issuing_bodies: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    date_from: str = Field(default="", max_length=10)
    date_to: str = Field(default="", max_length=10)

    def to_filters(self) -> Any:
        """The :class:`~assistant.types.Filters`, checked by the CLI's own rules.

        Raises:
            ConfigError: a date is not YYYY[-MM[-DD]], or ``date_from`` is after ``date_to``.
        """
        from ui.queries import FILTER_KEYS, parse_filters

        items = [
            f"{key}={value}"
            for key, name in FILTER_KEYS.items()
            for value in (
                getattr(self, name)
                if isinstance(getattr(self, name), list)
                else [getattr(self, name)]
            )
            if value
        ]
        return parse_filters(items)

    @classmethod
    def of(cls, filters: Any) -> FiltersIn:
        """The body for a :class:`~assistant.types.Filters` (the CLI client sends this)."""
        return cls(**filters.to_dict()) if filters is not None else cls()


class TurnIn(_Body):
    """One earlier exchange a follow-up is read against (given, they win over a stored
    conversation's turns)."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    answer: str = Field(default="", max_length=20_000)
    standalone_question: str = Field(default="", max_length=MAX_QUESTION)
    filters: FiltersIn = Field(default_factory=FiltersIn)  # a follow-up inherits them


class AskIn(_Body):
    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    conversation_id: str | None = Field(default=None, min_length=1, max_length=MAX_NAME)
    history: list[TurnIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    filters: FiltersIn = Field(default_factory=FiltersIn)
    top_k: int | None = Field(default=None, ge=1, le=100)
    mode: str | None = Field(default=None, max_length=20)

    @field_validator("mode")
    @classmethod
    def _known_mode(cls, value: str | None) -> str | None:
        if value is not None and value not in AnswerMode.choices():
            raise ValueError(f"mode must be one of {', '.join(AnswerMode.choices())}")
        return value

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the question is empty: give the question to answer")
        return value


class SearchIn(_Body):
    query: str = Field(min_length=1, max_length=MAX_QUESTION)
    top_k: int | None = Field(default=None, ge=1, le=100)
    method: str = Field(default=Method.HYBRID.value, max_length=20)
    filters: FiltersIn = Field(default_factory=FiltersIn)

    @field_validator("method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        if value not in Method.choices():
            raise ValueError(f"method must be one of {', '.join(Method.choices())}")
        return value

    @field_validator("query")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the query is empty: give the words to search for")
        return value


class IngestIn(_Body):
    """`pocdoc ingest` on the server: paths inside the home or the corpus folder only."""

    paths: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    prune: bool = False
    rebuild: bool = False

    @field_validator("paths")
    @classmethod
    def _bounded(cls, value: list[str]) -> list[str]:
        if any(not p or len(p) > 4096 or "\x00" in p for p in value):
            raise ValueError("each path must be 1-4096 characters without NUL")
        return value


class ConversationIn(_Body):
    title: str = Field(default="New conversation", min_length=1, max_length=200)


class FeedbackIn(_Body):
    conversation_id: str = Name
    entry_id: str = Name
    vote: Literal["up", "down"] | None = None
    comment: str = Field(default="", max_length=5000)


class BriefingIn(_Body):
    """A briefing export: of one conversation's answers, or of the caller's saved briefing."""

    conversation_id: str | None = Field(default=None, min_length=1, max_length=MAX_NAME)
    format: Literal["markdown", "docx"] = "markdown"


class CompareIn(_Body):
    """`pocdoc compare`: two documents (doc ids or UN symbols), or a series and (optionally) two
    dates (none: its last two editions); an optional topic keeps the pairs about it."""

    documents: list[str] = Field(default_factory=list, max_length=2)
    series: str | None = Field(default=None, min_length=1, max_length=MAX_NAME)
    dates: list[str] = Field(default_factory=list, max_length=2)
    topic: str = Field(default="", max_length=MAX_QUESTION)

    @field_validator("documents", "dates")
    @classmethod
    def _short(cls, value: list[str]) -> list[str]:
        if any(not v.strip() or len(v) > MAX_NAME for v in value):
            raise ValueError(f"each must be 1-{MAX_NAME} characters")
        return value
