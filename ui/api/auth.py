"""Who may call the API (placeholder: server-edges replaces this module with API keys and roles).

Until then every request is the local owner with every role, which is what the Unix-socket server
allowed; the server binds 127.0.0.1 only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROLES = ("reader", "editor", "admin")


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: str


def require(role: str) -> Callable[[], Principal]:
    """A FastAPI dependency that admits callers holding ``role`` (or a higher one)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")

    def dependency() -> Principal:
        return Principal(user_id="local", role="admin")

    return dependency


def client_headers(home: Path) -> dict[str, str]:
    """The headers a local client (the CLI) sends to the server of ``home``."""
    return {}
