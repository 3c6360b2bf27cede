"""The command line's follow-ups asked of its home's server: `pocdoc ask --conversation NAME`
and `pocdoc ask --questions` lines with ``history`` or ``conversation``, while `pocdoc serve`
runs (without one, :mod:`ui.follow_ups` asks in-process).

A named conversation is the command line's user's (:data:`~ui.api.auth.CLI_USER`, the user the
in-process path keeps them under) conversation of that title on the server, made the first time;
the server reads the question against it and adds the answer, so the CLI never opens the home.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui.api.auth import CLI_USER
from ui.api.client import RemoteAnswer, RemoteAssistant, ServerClient, turns_body

__all__ = ["RemoteConversations", "ask_line_remotely"]


class RemoteConversations:
    """The command line's named conversations on one server, each found (or made) once."""

    def __init__(self, url: str, home: Path) -> None:
        self.client = ServerClient(url, home, user=CLI_USER)
        self._ids: dict[str, str] = {}

    def conversation_id(self, name: str) -> str:
        """The id of the conversation titled ``name`` (the most recently used of that title,
        as in-process); a new, empty one the first time."""
        from ui.follow_ups import check_name

        name = check_name(name)
        if name not in self._ids:
            rows = self.client.request("GET", "/v1/conversations")["conversations"]
            found = next((r["conversation_id"] for r in rows if r["title"] == name), None)
            if found is None:
                made = self.client.request("POST", "/v1/conversations", json={"title": name})
                found = made["conversation_id"]
            self._ids[name] = found
        return self._ids[name]

    def ask(
        self, name: str, question: str, *, filters: Any, top_k: int | None, mode: str | None,
        history: Any = (), text: bool = False, passages: bool = False,
    ) -> Any:  # fmt: skip
        """``question`` asked as the next turn of conversation ``name``, which then holds it: a
        :class:`~ui.api.client.RemoteAnswer`, or (``text``) what `pocdoc ask` prints.
        ``history`` (a batch line's own turns) is read instead of the conversation's."""
        body = {
            "question": question, "conversation_id": self.conversation_id(name),
            "history": turns_body(history), "top_k": top_k, "mode": mode,
            "filters": {} if filters is None else dict(filters.to_dict()),
        }  # fmt: skip
        if text:
            params = {"render": "text", "passages": str(passages).lower()}
            return str(self.client.request("POST", "/v1/ask", json=body, params=params))
        return RemoteAnswer(self.client.request("POST", "/v1/ask", json=body))


def ask_line_remotely(
    remote: RemoteAssistant, conversations: RemoteConversations | None, item: Any, **ask: Any
) -> Any:
    """One batch line (:class:`~ui.follow_ups.BatchItem`) asked of the server: after its own
    ``history``, else as the next turn of its ``conversation`` (which then holds it)."""
    if item.conversation and conversations is not None:
        return conversations.ask(item.conversation, item.question, history=item.history, **ask)
    return remote.ask(item.question, history=item.history, **ask)
