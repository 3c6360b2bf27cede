"""Answer feedback: one JSON line per vote or comment, appended under ``settings.feedback_path``.

A line holds everything needed to reproduce the answer later: the question, the answer, its
citations, the resolved settings and the corpus version, with the vote and the comment.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.types import Answer

try:  # POSIX: an advisory lock also serialises writers in other processes.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

Vote = Literal["up", "down"]
VOTES: tuple[str, ...] = ("up", "down")


def feedback_record(
    answer: Answer,
    *,
    answer_id: str,
    vote: Vote | None,
    comment: str = "",
    settings: dict[str, Any] | None = None,
    corpus_version: str = "",
) -> dict[str, Any]:
    """The JSON line for one piece of feedback on ``answer``."""
    if vote is not None and vote not in VOTES:
        raise ValueError(f"vote must be one of {VOTES} or None, got {vote!r}")
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "answer_id": answer_id,
        "vote": vote,
        "comment": comment.strip(),
        "question": answer.question,
        "standalone_question": answer.standalone_question or answer.question,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "evidence_score": round(answer.evidence_score, 4),
        "citations": [_citation(c) for c in answer.citations or answer.related],
        "filters": answer.filters,
        "settings": settings if settings is not None else answer.settings,
        "corpus_version": corpus_version,
    }


def _citation(c: Any) -> dict[str, Any]:
    return {
        "n": c.n,
        "passage_id": c.passage_id,
        "doc_id": c.doc_id,
        "title": c.title,
        "symbol": c.symbol,
        "page": c.page,
        "paragraph": c.paragraph,
        "score": c.score,
        "quote": c.quote,
    }


class FeedbackLog:
    """An append-only JSON-lines file, safe to share between sessions (threads) and processes."""

    _locks: dict[Path, threading.Lock] = {}
    _locks_guard = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _lock(self) -> threading.Lock:
        key = self.path.resolve()
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def append(self, record: dict[str, Any]) -> None:
        """Write ``record`` as one line; a line is never interleaved with another writer's."""
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock(), self.path.open("a", encoding="utf-8") as fh:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                if fcntl is not None:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every line written so far, oldest first."""
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
