"""The ASGI middleware that writes the audit log (:mod:`ui.api.audit`) for the routes that ask,
upload, ingest, export, delete or change keys: whatever router serves them, nothing to call.

It reads the request's body as it passes (the first 64 KiB, never holding an upload whole), and
after the response the key's id that :func:`ui.api.auth.require` left in the request's state.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ui.api.audit import AuditLog

_BODY_KEPT = 64 * 1024
_FILENAME = re.compile(rb'filename="([^"\r\n]{0,500})"')

# (method, path pattern) -> action; the detail comes from the body or the path (see _detail).
_AUDITED: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("POST", re.compile(r"^/v1/ask/?$"), "ask"),
    ("POST", re.compile(r"^/v1/chat/completions/?$"), "ask"),
    ("POST", re.compile(r"^/v1/uploads/?$"), "upload"),
    ("POST", re.compile(r"^/v1/ingest/?$"), "ingest"),
    ("POST", re.compile(r"^/v1/briefings/?$"), "export"),
    ("DELETE", re.compile(r"^/v1/documents/(?P<id>[^/]+)/?$"), "delete"),
    ("POST", re.compile(r"^/v1/keys/?$"), "keys.create"),
    ("DELETE", re.compile(r"^/v1/keys/(?P<id>[^/]+)/?$"), "keys.revoke"),
)


def audit_log(app: Any) -> AuditLog:
    """The app's audit log, opened (and pruned) on first use."""
    log: AuditLog | None = getattr(app.state, "pocdoc_audit", None)
    if log is None:
        settings = app.state.owner.settings
        log = AuditLog(settings.home, settings.access.audit_retention_days)
        app.state.pocdoc_audit = log
    return log


class AuditMiddleware:
    """Record one audit line per audited request, with its final status."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        audited = _match(scope) if scope["type"] == "http" else None
        if audited is None:
            await self.app(scope, receive, send)
            return
        action, path_id = audited
        body = bytearray()
        status: list[int] = [500]

        async def receive_kept() -> dict[str, Any]:
            message = await receive()
            if message["type"] == "http.request" and len(body) < _BODY_KEPT:
                body.extend(message.get("body", b"")[: _BODY_KEPT - len(body)])
            return message

        recorded = False

        def record() -> None:
            nonlocal recorded
            recorded = True
            principal = scope.get("state", {}).get("principal")
            key_id = getattr(principal, "user_id", "-")
            detail = _detail(action, bytes(body), path_id)
            audit_log(scope["app"]).record(key_id, action, detail, status[0])

        async def send_seen(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                # written before the client has a byte of the answer: whoever reads the log
                # after a response finds the request in it
                status[0] = int(message["status"])
                record()
            await send(message)

        try:
            await self.app(scope, receive_kept, send_seen)
        finally:
            if not recorded:  # no response began (the app failed): recorded with status 500
                record()


def _match(scope: dict[str, Any]) -> tuple[str, str] | None:
    for method, pattern, action in _AUDITED:
        if scope["method"] != method:
            continue
        found = pattern.match(scope["path"])
        if found:
            return action, found.groupdict().get("id") or ""
    return None


def _detail(action: str, body: bytes, path_id: str) -> str:
    """What the request was about, read from its body or path; "" when it cannot be read."""
    if path_id:
        return path_id
    if action == "upload":
        found = _FILENAME.search(body)
        return found.group(1).decode("utf-8", "replace") if found else ""
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    if action == "ask":
        return _question(data)
    if action == "export":
        return f"conversation {data.get('conversation_id', '')} as {data.get('format', '')}"
    if action == "ingest":
        return ", ".join(str(p) for p in data.get("paths") or []) or "the corpus folder"
    if action == "keys.create":
        return f"role {data.get('role', '')} {data.get('label', '')}".strip()
    return ""


def _question(data: dict[str, Any]) -> str:
    """``question`` (/v1/ask), or the last user message (/v1/chat/completions)."""
    if isinstance(data.get("question"), str):
        return str(data["question"])
    for message in reversed(data.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # OpenAI's content parts
                content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
            return str(content or "")
    return ""
