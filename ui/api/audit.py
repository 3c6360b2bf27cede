"""The audit log: one JSON line per question, upload, ingest, export, deletion and key change.

Each line holds the time (UTC), the key's id (never the key), the action, what it was about (the
question, the upload's name, the export, the document deleted) and the HTTP status. Lines older
than ``access.audit_retention_days`` are pruned when the log opens and then once a day. The file
is created with mode 0600: questions can be sensitive.
"""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant.paths import AUDIT_FILE

_DAY = 86400.0
_DETAIL_CHARS = 2000  # a question is at most this long in the API; longer text is cut


def _utc(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AuditLog:
    """Append-only JSON lines under the home, pruned to ``retention_days``. Thread-safe."""

    def __init__(self, home: Path, retention_days: int, *, clock: Any = time.time) -> None:
        self.path = Path(home) / AUDIT_FILE
        self.retention_days = retention_days
        self._clock = clock
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        self.prune()

    def record(self, key_id: str, action: str, detail: str, status: int | str) -> dict[str, Any]:
        """Append one line; prune first when the last pruning is a day old."""
        now = self._clock()
        line = {
            "time": _utc(now),
            "key": key_id or "-",
            "action": action,
            "detail": detail[:_DETAIL_CHARS],
            "status": status,
        }
        if now - self._pruned_at >= _DAY:
            self.prune()
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)  # one write per line: lines from threads never interleave
            finally:
                os.close(fd)
        return line

    def prune(self) -> int:
        """Drop the lines older than the retention; returns how many were dropped."""
        now = self._clock()
        self._pruned_at = now
        cutoff = _utc(now - timedelta(days=self.retention_days).total_seconds())
        with self._lock:
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
            except FileNotFoundError:
                return 0
            kept = [line for line in lines if _time_of(line) >= cutoff]
            if len(kept) == len(lines):
                return 0
            tmp = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.writelines(kept)
            os.replace(tmp, self.path)
            return len(lines) - len(kept)

    def read(self) -> list[dict[str, Any]]:
        """Every line, oldest first (for tests and `pocdoc keys`' admins)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def _time_of(line: str) -> str:
    """A line's time stamp (ISO, so it sorts as text); a line that cannot be read is kept
    ("9" sorts after every date) rather than silently dropped."""
    try:
        return str(json.loads(line)["time"])
    except (ValueError, KeyError, TypeError):
        return "9"
