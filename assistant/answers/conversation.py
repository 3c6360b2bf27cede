"""Follow-up questions without an LLM: carry the previous question's terms and filters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.types import Filters, Turn

_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|also|so|what about|how about|and what about|and how about|what of|same for|"
    r"and in|and for|and the|and its|and their)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those|there)\b", re.IGNORECASE)
_LEAD = re.compile(
    r"^\s*(?:and|but|also|so)?\s*(?:what|how)\s+about\s+|^\s*(?:and|but|also|so)\s+", re.IGNORECASE
)
_SHORT = 4


def is_follow_up(question: str) -> bool:
    words = question.split()
    return (
        bool(_FOLLOW_UP.match(question))
        or len(words) <= _SHORT
        or bool(_PRONOUN.search(question) and len(words) <= 8)
    )


def resolve_follow_up(
    question: str, history: Sequence[Turn], filters: Filters | None
) -> tuple[str, Filters | None]:
    """The standalone question and the filters to use.

    A follow-up ("and what about Abyei?") keeps the previous question's words, with the new
    focus first, and inherits its filters unless new ones are given.
    """
    if not history or not is_follow_up(question):
        return question.strip(), filters
    previous = history[-1]
    base = previous.standalone_question or previous.question
    focus = follow_up_focus(question)
    standalone = f"{focus} — {base}" if focus else base
    inherited = filters if filters is not None and not filters.is_empty() else previous.filters
    return standalone, inherited


def follow_up_focus(question: str) -> str:
    """What a follow-up adds: "And which tier involves physical protection?" -> "which tier
    involves physical protection"."""
    return _LEAD.sub("", question).strip().rstrip("?").strip()
