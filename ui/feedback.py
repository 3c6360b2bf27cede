"""Answer feedback: one record per answer and user, updated when the vote or the comment changes.

Records live in the workspace (``ui.workspace``), each with a copy of what it judges: the
question, the answer, its citations (with their verbatim quotes), the filters, the resolved
settings and the corpus version, so an evaluator's export stands alone even after the
conversation was deleted. ``pocdoc feedback export`` writes them as CSV or JSON lines.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Literal

from assistant.types import Answer, Citation
from ui.formatting import reference
from ui.workspace import Workspace

Vote = Literal["up", "down"]
VOTES: tuple[str, ...] = ("up", "down")
FORMATS: tuple[str, ...] = ("csv", "jsonl")
CSV_COLUMNS = (
    "answer_id", "user_id", "vote", "comment", "created", "updated", "question", "standalone_question",
    "answer", "abstained", "mode", "evidence_score", "citations", "filters", "corpus_version",
)  # fmt: skip


SNAPSHOT_KEYS = (
    "question", "standalone_question", "answer", "abstained", "mode", "evidence_score",
    "citations", "related", "filters", "settings",
)  # fmt: skip


def answer_snapshot(
    answer: Answer, *, settings: dict[str, Any] | None = None, corpus_version: str = ""
) -> dict[str, Any]:
    """What a feedback record keeps of the answer it judges: part of :meth:`Answer.to_dict`, each
    citation with its reference line, the given settings and the corpus version."""
    snapshot = answer.to_dict(SNAPSHOT_KEYS, citation=_citation)
    if settings is not None:
        snapshot["settings"] = settings
    snapshot["corpus_version"] = corpus_version
    return snapshot


def _citation(c: Citation) -> dict[str, Any]:
    return {
        "n": c.n, "passage_id": c.passage_id, "doc_id": c.doc_id, "title": c.title, "symbol": c.symbol,
        "page": c.page, "paragraph": c.paragraph, "section": c.section, "score": c.score, "quote": c.quote,
        "reference": reference(c),
    }  # fmt: skip


class FeedbackStore:
    """Feedback records in the workspace, safe to share between sessions and processes."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def save(
        self,
        answer_id: str,
        user_id: str,
        *,
        vote: Vote | None,
        comment: str,
        snapshot: dict[str, Any],
    ) -> dict[str, Any]:
        """Create or update the one record of ``user_id`` on ``answer_id``; returns it."""
        if vote is not None and vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES} or None, got {vote!r}")
        now = time.time()
        with self.workspace.connect() as db:
            db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(answer_id, user_id) DO UPDATE SET "
                "vote = excluded.vote, comment = excluded.comment, updated = excluded.updated, data = excluded.data",
                (
                    answer_id,
                    user_id,
                    vote,
                    comment.strip(),
                    now,
                    now,
                    json.dumps(snapshot, ensure_ascii=False),
                ),
            )
        return self.get(answer_id, user_id)  # type: ignore[return-value]

    def get(self, answer_id: str, user_id: str) -> dict[str, Any] | None:
        with self.workspace.connect() as db:
            row = db.execute(
                _SELECT + " WHERE answer_id = ? AND user_id = ?", (answer_id, user_id)
            ).fetchone()
        return _record(row) if row else None

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, oldest first, joined with the question, answer and citations it judges."""
        with self.workspace.connect() as db:
            rows = db.execute(_SELECT + " ORDER BY created, answer_id").fetchall()
        return (_record(r) for r in rows)


_SELECT = "SELECT answer_id, user_id, vote, comment, created, updated, data FROM feedback"


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def _record(row: tuple) -> dict[str, Any]:
    answer_id, user_id, vote, comment, created, updated, data = row
    head = {"answer_id": answer_id, "user_id": user_id, "vote": vote, "comment": comment,
            "created": _iso(created), "updated": _iso(updated)}  # fmt: skip
    return head | json.loads(data)


def export_feedback(records: Iterator[dict[str, Any]], fmt: str) -> str:
    """The records as CSV (one row each, citations as one cell) or JSON lines (everything)."""
    if fmt not in FORMATS:
        raise ValueError(f"feedback export format must be one of {FORMATS}, got {fmt!r}")
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for r in records:
        cited = r.get("citations") or r.get("related") or []
        row = dict(r, filters=json.dumps(r.get("filters") or {}, ensure_ascii=False))
        row["citations"] = " | ".join(f"[{c['n']}] {c['reference']}: “{c['quote']}”" for c in cited)
        writer.writerow(row)
    return out.getvalue()
