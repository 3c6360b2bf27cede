"""A conversation: questions, their answers and what they were asked under. No Streamlit here.

These types sit below ``ui.components``: the chat, citation and feedback components all use
them, and none of them imports another component to get them.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from assistant.types import Answer, Filters, Turn
from ui.codec import from_data, to_data

TITLE_CHARS = 60
NEW_TITLE = "New conversation"


def new_id() -> str:
    """An id nobody can guess (128 random bits): conversations, entries and upload jobs are
    addressed by it over the API, and only their owner's key may read them."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class ChatEntry:
    """One question and its answer, with the filters and corpus version it was asked under."""

    entry_id: str
    question: str
    answer: Answer
    filters: Filters | None
    corpus_version: str
    asked_at: float = 0.0

    def turn(self) -> Turn:
        return Turn(
            question=self.question,
            standalone_question=self.answer.standalone_question,
            filters=self.filters or Filters(),
            answer=self.answer.answer,
        )

    def to_data(self) -> dict[str, Any]:
        return to_data(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ChatEntry:
        return from_data(cls, data)


@dataclass(frozen=True)
class ConversationSummary:
    """A conversation in a list: its id, title, number of entries and last use."""

    conv_id: str
    title: str
    entries: int
    updated: float


@dataclass
class Conversation:
    """A titled list of entries belonging to one browser (``user_id``)."""

    conv_id: str
    user_id: str
    title: str = NEW_TITLE
    entries: list[ChatEntry] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)

    def history(self) -> list[Turn]:
        return [e.turn() for e in self.entries]

    def add(self, entry: ChatEntry, now: float) -> None:
        """Append ``entry`` (in memory); the first question titles a new conversation."""
        if not self.entries and self.title == NEW_TITLE:
            self.title = title_for(entry.question)
        self.entries.append(entry)
        self.updated = now


def title_for(question: str) -> str:
    """A conversation title from its first question: the question, cut at a word boundary."""
    text = " ".join(question.split())
    if len(text) <= TITLE_CHARS:
        return text or NEW_TITLE
    return text[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def conversation_markdown(conv: Conversation) -> str:
    """The conversation as a Markdown transcript: each question, its answer, and its sources."""
    from ui.formatting import reference

    lines = [f"# {conv.title}", ""]
    for i, e in enumerate(conv.entries, 1):
        a = e.answer
        lines += [f"## {i}. {e.question}", "", a.answer, ""]
        cited = a.related if a.abstained else a.citations
        if cited:
            lines += ["Related passages (not an answer):" if a.abstained else "Sources:", ""]
        for c in cited:
            quote = " ".join((c.quote or c.text).split())
            lines += [f"- [{c.n}] {reference(c)}", f"  > “{quote}”", ""]
    return "\n".join(lines)
