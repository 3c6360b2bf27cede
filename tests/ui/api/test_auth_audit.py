"""The audit log (ui/api/audit.py): one JSON line per action, mode 0600, pruned to its retention
(read from hand-set clocks), and the middleware's reading of what each request was about."""

from __future__ import annotations

import json
import stat

from ui.api.audit import AuditLog
from ui.api.audit_trail import _detail, _match

DAY = 86400.0
T0 = 1_800_000_000.0  # 2027-01-15T08:00:00Z


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_line_has_time_key_action_detail_and_status(tmp_path) -> None:
    log = AuditLog(tmp_path, 30, clock=Clock(T0))
    log.record("abc123", "ask", "What is tier 3?", 200)
    assert log.read() == [
        {
            "time": "2027-01-15T08:00:00Z",
            "key": "abc123",
            "action": "ask",
            "detail": "What is tier 3?",
            "status": 200,
        }
    ]
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600


def test_lines_older_than_the_retention_are_pruned_when_the_log_opens(tmp_path) -> None:
    clock = Clock(T0)
    log = AuditLog(tmp_path, 30, clock=clock)
    log.record("a", "ask", "old", 200)
    clock.now = T0 + 29 * DAY
    log.record("a", "ask", "recent", 200)
    clock.now = T0 + 31 * DAY
    reopened = AuditLog(tmp_path, 30, clock=clock)
    assert [x["detail"] for x in reopened.read()] == ["recent"]


def test_a_running_log_prunes_once_a_day(tmp_path) -> None:
    clock = Clock(T0)
    log = AuditLog(tmp_path, 1, clock=clock)
    log.record("a", "ask", "first", 200)
    clock.now = T0 + 0.9 * DAY
    log.record("a", "ask", "second", 200)
    assert len(log.read()) == 2  # pruned less than a day ago: nothing dropped yet
    clock.now = T0 + 1.6 * DAY
    log.record("a", "ask", "third", 200)
    assert [x["detail"] for x in log.read()] == ["second", "third"]


def test_a_line_that_cannot_be_read_is_kept_not_dropped(tmp_path) -> None:
    (tmp_path / "audit.jsonl").write_text("not json\n")
    log = AuditLog(tmp_path, 1, clock=Clock(T0))
    assert log.prune() == 0
    assert (tmp_path / "audit.jsonl").read_text() == "not json\n"


def test_a_long_question_is_cut(tmp_path) -> None:
    line = AuditLog(tmp_path, 1).record("a", "ask", "x" * 10_000, 200)
    assert len(line["detail"]) == 2000


def test_the_audited_routes_and_what_each_is_about() -> None:
    def scope(method: str, path: str) -> dict:
        return {"method": method, "path": path}

    assert _match(scope("POST", "/v1/ask")) == ("ask", "")
    assert _match(scope("POST", "/v1/chat/completions")) == ("ask", "")
    assert _match(scope("DELETE", "/v1/documents/doc-1")) == ("delete", "doc-1")
    assert _match(scope("GET", "/v1/documents")) is None
    assert _match(scope("POST", "/v1/search")) is None
    chat = {"messages": [{"role": "user", "content": "first"}, {"role": "assistant"},
                         {"role": "user", "content": [{"type": "text", "text": "last"}]}]}  # fmt: skip
    assert _detail("ask", json.dumps(chat).encode(), "") == "last"
    assert _detail("ask", b'{"question": "Why?"}', "") == "Why?"
    multipart = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="r\xc3\xa9port.pdf"\r\n'
    )
    assert _detail("upload", multipart, "") == "r\u00e9port.pdf"
    assert _detail("export", b'{"conversation_id": "c1", "format": "docx"}', "") == (
        "conversation c1 as docx"
    )
    assert _detail("ask", b"\xff not json", "") == ""
    assert _detail("ask", b"[1, 2]", "") == ""
