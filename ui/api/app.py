"""The HTTP API of one home: :func:`create_app` builds the FastAPI app around its
:class:`~ui.api.owner.Owner`.

Routes live in :mod:`ui.api.routes_query` (reads), :mod:`ui.api.routes_compare` (series and
comparisons) and :mod:`ui.api.routes_work` (jobs and the caller's work); server-edges' routers (keys, OpenAI-compatible, MCP) join through
:func:`ui.api.edges.include_edges`. The docs page loads Swagger UI from the installed
``swagger-ui-bundle``, never from the network.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from assistant.errors import ConfigError, IndexDamagedError, IndexMissingError, PocdocError
from assistant.settings import Settings
from ui.api.deps import ClientGone
from ui.api.owner import Owner

VERSION = "1"
MAX_BODY = 60 * 1024 * 1024  # an upload (50 MB) and its multipart wrapping
DOCS_ASSETS = "/v1/docs-assets"
CLIENT_CLOSED = 499  # nginx's code for a client that went away; nobody reads it


def create_app(
    settings: Settings,
    *,
    owner: Owner | None = None,
    embedder: Any = None,
    answer_timeout_s: float | None = None,
    read_timeout_s: float | None = None,
) -> FastAPI:
    """The app over ``settings.home``. Without ``owner`` the home is opened when the app starts
    (``/v1/health`` answers ``ready: false`` until then) and closed when it stops. The time
    limits default to the ``server`` settings."""
    from swagger_ui_bundle import swagger_ui_path

    from ui.api import edges, routes_compare, routes_query, routes_work

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if app.state.owner is None:
            opened = await anyio.to_thread.run_sync(lambda: Owner(settings, embedder=embedder))
            app.state.owner = opened
        try:
            yield
        finally:
            if opened is not None:
                await anyio.to_thread.run_sync(opened.close)

    app = FastAPI(
        title="pocdoc",
        version=VERSION,
        description="Cited answers over the documents of one pocdoc home.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/v1/openapi.json",
        lifespan=lifespan,
    )
    app.openapi_version = "3.0.3"  # the bundled Swagger UI 4 renders 3.0 documents only
    app.state.owner = owner
    app.state.answer_timeout_s = answer_timeout_s or settings.server.answer_timeout_s
    app.state.clients_gone = 0
    app.include_router(routes_query.router)
    app.include_router(routes_work.router)
    app.include_router(routes_compare.router)
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    @app.get("/v1/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/v1/openapi.json",
            title="pocdoc API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        )

    _handle_errors(app)
    edges.include_edges(app)
    read_timeout_s = read_timeout_s or settings.server.read_timeout_s
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY, read_timeout_s=read_timeout_s)
    return app


def _handle_errors(app: FastAPI) -> None:
    """pocdoc's errors as ``{"detail": ...}`` with a status that says whose fault it is."""
    from assistant.errors import escape_controls

    status = {IndexMissingError: 409, IndexDamagedError: 503, ConfigError: 422}

    @app.exception_handler(PocdocError)
    async def pocdoc_error(request: Request, exc: PocdocError) -> JSONResponse:
        code = next((c for t, c in status.items() if isinstance(exc, t)), 400)
        return JSONResponse({"detail": escape_controls(exc)}, status_code=code)

    @app.exception_handler(ClientGone)
    async def client_gone(request: Request, exc: ClientGone) -> JSONResponse:
        request.app.state.clients_gone += 1  # counted: a test and a load run read it
        return JSONResponse({"detail": "the client went away"}, status_code=CLIENT_CLOSED)


class BodyLimit:
    """Refuse a body over ``max_bytes`` (413) and one that stalls for ``read_timeout_s`` (408):
    a slow or endless client holds only its own request."""

    def __init__(self, app: Any, *, max_bytes: int, read_timeout_s: float) -> None:
        self.app, self.max_bytes, self.read_timeout_s = app, max_bytes, read_timeout_s

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_bytes:
            await _reply(send, 413, f"the request body is over {self.max_bytes} bytes")
            return
        seen, complete, started, failed = 0, False, False, ""

        async def limited() -> Any:
            nonlocal seen, complete, failed
            if complete:
                return await receive()
            try:
                with anyio.fail_after(self.read_timeout_s):
                    message = await receive()
            except TimeoutError:
                failed = f"408 the request body stalled for {self.read_timeout_s:.0f} s"
                raise
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                failed = f"413 the request body is over {self.max_bytes} bytes"
                raise _TooLarge()
            complete = not message.get("more_body", False)
            return message

        async def tracked(message: Any) -> None:
            # FastAPI answers any failure while reading a body with a 400: say what it was
            nonlocal started
            if failed:
                if not started and message["type"] == "http.response.start":
                    started = True
                    code, _, detail = failed.partition(" ")
                    await _reply(send, int(code), detail)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracked)
        except (TimeoutError, _TooLarge):
            if started or not failed:
                raise
            code, _, detail = failed.partition(" ")
            await _reply(send, int(code), detail)


class _TooLarge(Exception):
    pass


async def _reply(send: Any, status: int, detail: str) -> None:
    import json

    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
