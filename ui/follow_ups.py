"""Follow-up questions on the command line: `pocdoc ask --conversation NAME` and batch lines that
carry ``history`` or ``conversation``.

A named conversation is kept under ``POCDOC_HOME`` in the workspace the browser uses
(``workspace.sqlite3``), under the command line's own user, so "and what about Abyei?" asked
after "What is UNISFA's mandate?" is read against it, as in the browser. A batch line may name a
conversation (its earlier lines and earlier runs are the history; each answer is added) or give
its ``history`` inline: a list of ``{"question": ..., "answer": ...}`` objects, or of questions.

This is the in-process path (no server, or ``--no-server``); while `pocdoc serve` runs on the
home, :mod:`ui.api.cli_follow_ups` asks the server, which keeps the same conversations.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.types import Answer, Filters, Turn
from ui.api.auth import CLI_USER
from ui.batch import read_questions
from ui.conversation import ChatEntry, Conversation, new_id
from ui.workspace import Workspace, workspace_path

MAX_NAME = 80


@dataclass(frozen=True)
class BatchItem:
    """One line of a questions file."""

    qid: str
    question: str
    error: str = ""
    history: tuple[Turn, ...] = ()
    conversation: str = ""


@dataclass
class Conversations:
    """The command line's named conversations under one home, opened once each."""

    workspace: Workspace
    _open: dict[str, Conversation] = field(default_factory=dict)

    @classmethod
    def under(cls, settings: Any) -> Conversations:
        return cls(Workspace(workspace_path(settings)))

    def get(self, name: str) -> Conversation:
        """The conversation called ``name``; a new, empty one the first time."""
        name = check_name(name)
        if name not in self._open:
            found = next(
                (c for c in self.workspace.conversations(CLI_USER) if c.title == name), None
            )
            conv = self.workspace.load(found.conv_id, CLI_USER) if found else None
            self._open[name] = conv or self.workspace.create(CLI_USER, title=name)
        return self._open[name]

    def history(self, name: str) -> list[Turn]:
        return self.get(name).history()

    def record(self, name: str, question: str, answer: Answer, filters: Filters | None) -> None:
        entry = ChatEntry(new_id(), question, answer, filters, "", time.time())
        self.workspace.append(self.get(name), entry)


def check_name(name: str) -> str:
    """A conversation's name, stripped; a usage error names the fix."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise ConfigError(
            f"conversation name {name!r} must be 1 to {MAX_NAME} characters; e.g. --conversation haiti"
        )
    return name


def ask_in_conversation(
    assistant: Any, conversations: Conversations, name: str, question: str, **ask: Any
) -> Answer:
    """``question`` asked as the next turn of the conversation ``name``, which then holds it."""
    answer: Answer = assistant.ask(question, history=conversations.history(name), **ask)
    conversations.record(name, question, answer, ask.get("filters"))
    return answer


def read_batch(path: Path) -> list[BatchItem]:
    """The lines of a questions file, with each line's ``history`` or ``conversation``; a bad
    line is an item with an error that names the file and line."""
    items = list(read_questions(path))
    extras = _lines(path)
    out: list[BatchItem] = []
    for (qid, question, error), (number, raw) in zip(items, extras, strict=True):
        if error or not isinstance(raw, dict):
            out.append(BatchItem(qid, question, error or f"{path}:{number}: not an object"))
            continue
        history, problem = _history(raw.get("history", []))
        conversation = raw.get("conversation", "")
        if not isinstance(conversation, str):
            problem = problem or '"conversation" must be a name (a string)'
        if problem:
            out.append(BatchItem(qid, question, f"{path}:{number}: {problem}"))
            continue
        out.append(BatchItem(qid, question, "", history, " ".join(conversation.split())))
    return out


def _lines(path: Path) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append((number, json.loads(line)))
            except json.JSONDecodeError:
                out.append((number, None))
    return out


def _history(raw: Any) -> tuple[tuple[Turn, ...], str]:
    """Turns from a line's ``history``: ``[{"question": ..., "answer": ...}, ...]`` or questions."""
    if not isinstance(raw, list):
        return (), '"history" must be a list of {"question", "answer"} objects'
    turns: list[Turn] = []
    for turn in raw:
        if isinstance(turn, str) and turn.strip():
            turns.append(Turn(question=turn.strip()))
        elif isinstance(turn, dict) and isinstance(turn.get("question"), str):
            answer = turn.get("answer", "")
            turns.append(
                Turn(question=turn["question"], answer=answer if isinstance(answer, str) else "")
            )
        else:
            return (), 'each "history" turn needs a "question" string'
    return tuple(turns), ""


def history_for(item: BatchItem, conversations: Conversations | None) -> list[Turn]:
    """The turns a batch line is asked after: its own history, else its conversation's."""
    if item.history:
        return list(item.history)
    if item.conversation and conversations is not None:
        return conversations.history(item.conversation)
    return []


def ask_line(
    assistant: Any, item: BatchItem, conversations: Conversations | None, **ask: Any
) -> Answer:
    """One batch line's answer, asked after its history; a line of a conversation is added to it."""
    history = history_for(item, conversations)
    answer: Answer = (
        assistant.ask(item.question, history=history, **ask)
        if history
        else assistant.ask(item.question, **ask)
    )
    if item.conversation and conversations is not None:
        conversations.record(item.conversation, item.question, answer, ask.get("filters"))
    return answer
