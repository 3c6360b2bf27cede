"""The routers server-edges adds to the app (keys, OpenAI-compatible, MCP over HTTP): placeholder."""

from __future__ import annotations

from typing import Any


def include_edges(app: Any) -> None:
    """Include the edge routers in ``app`` (none yet)."""
