"""What server-edges adds to the app: the OpenAI-compatible endpoints, the keys routes and the
audit log's middleware (the MCP server is a client of this API: :mod:`ui.api.mcp_server`)."""

from __future__ import annotations

from typing import Any


def include_edges(app: Any) -> None:
    """Include the edge routers in ``app`` and add the audit middleware."""
    from ui.api import openai_compat, routes_keys
    from ui.api.audit_trail import AuditMiddleware

    app.include_router(openai_compat.router)
    app.include_router(routes_keys.router)
    app.add_middleware(AuditMiddleware)
