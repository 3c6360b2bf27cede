"""`pocdoc mcp`: an MCP server (the official ``mcp`` SDK's :class:`MCPServer`) whose tools are
``search``, ``ask``, ``get_passage`` and ``list_documents``, each result carrying its document,
page, section and paragraph.

It is a client of the home's HTTP API, never a second owner of the home's stores (one owner per
home): the tools call ``/v1/search``, ``/v1/ask``, ``/v1/passages/{id}`` and ``/v1/documents`` on
the running `pocdoc serve` (started when none runs), so an MCP client sees exactly what the API,
the CLI and the UI see, new uploads included. Over stdio the calls carry the owner's key (the
home's token file); over streamable HTTP (``--http``, 127.0.0.1) each request must bring a key
of its own, which is checked here and forwarded, so the API's roles and audit log apply to it.
"""

from __future__ import annotations

import os
import ssl
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from ui.api.mcp_options import KEY_ENV
from ui.api.mcp_results import document_json, passage_json

INSTRUCTIONS = (
    "pocdoc answers questions over UN Protection of Civilians doctrine and reports with cited "
    "passages. Use `ask` for a cited answer, `search` for passages, `get_passage` to read one "
    "passage in full, `list_documents` for what is indexed. Cite by document, page, paragraph."
)
TIMEOUT_S = 150.0  # above the API's own answer time limit (120 s), so its 504 comes through


class Api:
    """The home's HTTP API at ``url``; ``headers`` authenticate the calls that bring no key of
    their own (stdio). ``transport`` lets tests pass an in-process one."""

    def __init__(self, url: str, headers: Mapping[str, str], *, transport: Any = None) -> None:
        self.url, self.headers, self.transport = url.rstrip("/"), dict(headers), transport
        self._tls: ssl.SSLContext | None = None

    def _verify(self) -> ssl.SSLContext | bool:
        """No TLS context for plain http (loading the CA bundle costs ~0.3 s per client); for
        https one context, made once."""
        if not self.url.startswith("https://"):
            return False
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls

    async def call(
        self, method: str, path: str, *, ctx: Context | None = None, body: Any = None
    ) -> dict[str, Any]:
        headers = dict(self.headers)
        forwarded = _caller_key(ctx)
        if forwarded:
            headers["Authorization"] = forwarded
        async with httpx.AsyncClient(
            base_url=self.url,
            headers=headers,
            timeout=TIMEOUT_S,
            transport=self.transport,
            verify=self._verify(),
        ) as http:
            try:
                reply = await http.request(method, path, json=body)
            except httpx.HTTPError as exc:
                raise ToolError(
                    f"the pocdoc server at {self.url} did not answer ({exc}): is `pocdoc serve` "
                    "running?"
                ) from exc
        if reply.status_code >= 400:
            raise ToolError(f"pocdoc refused ({reply.status_code}): {_detail(reply)}")
        data: dict[str, Any] = reply.json()
        return data


def _caller_key(ctx: Context | None) -> str:
    """The Authorization header of the MCP request (HTTP transport), "" over stdio."""
    if ctx is None:
        return ""
    try:
        headers = ctx.headers
    except ValueError:  # no request (a direct call)
        return ""
    return str((headers or {}).get("authorization", ""))


def _detail(reply: httpx.Response) -> str:
    try:
        detail = reply.json().get("detail", reply.text)
    except ValueError:
        detail = reply.text
    return str(detail)[:500]


def _filters(document: str | None, doc_type: str | None) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    if document:
        filters["doc_ids"] = [document]
    if doc_type:
        filters["doc_types"] = [doc_type]
    return filters


def build_server(api: Api) -> MCPServer:
    """The MCP server whose tools call ``api``."""
    # WARNING: stderr is an MCP client's log; a line per HTTP call to the API would drown it.
    server: MCPServer = MCPServer(name="pocdoc", instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool()
    async def search(
        query: str,
        top_k: int = 8,
        document: str | None = None,
        doc_type: str | None = None,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        """Retrieve the passages that best match ``query``, best first, each with its document,
        page, section and paragraph. ``document`` (a doc_id from list_documents) and
        ``doc_type`` (e.g. "report", "doctrine") narrow the search."""
        body = {"query": query, "top_k": top_k, "filters": _filters(document, doc_type)}
        data = await api.call("POST", "/v1/search", ctx=ctx, body=body)
        return {"results": [passage_json(h) for h in data["hits"]]}

    @server.tool()
    async def ask(
        question: str,
        document: str | None = None,
        doc_type: str | None = None,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        """Answer ``question`` from the indexed documents: the answer text with [n] markers,
        and citation n's document, page, section, paragraph, passage_id and quote. When nothing
        supports an answer, ``abstained`` is true and ``related`` lists the closest passages."""
        body = {"question": question, "filters": _filters(document, doc_type)}
        data = await api.call("POST", "/v1/ask", ctx=ctx, body=body)
        return {
            "answer": data["answer"],
            "abstained": data["abstained"],
            "standalone_question": data.get("standalone_question", question),
            "citations": [passage_json(c) for c in data["citations"]],
            "related": [passage_json(c) for c in data.get("related", [])],
        }

    @server.tool()
    async def get_passage(passage_id: str, ctx: Context | None = None) -> dict[str, Any]:
        """One passage in full (a passage_id from search or ask), with its document, page,
        section and paragraph."""
        from urllib.parse import quote

        data = await api.call("GET", f"/v1/passages/{quote(passage_id, safe='')}", ctx=ctx)
        return passage_json(data)

    @server.tool()
    async def list_documents(ctx: Context | None = None) -> dict[str, Any]:
        """The indexed documents (doc_id, title, type, date, symbol, pages, passages), and the
        known documents that are not indexed."""
        data = await api.call("GET", "/v1/documents", ctx=ctx)
        return {
            "documents": [document_json(d) for d in data["indexed"]],
            "not_indexed": [
                {k: d.get(k, "") for k in ("doc_id", "title", "symbol", "how_to_add")}
                for d in data.get("missing", [])
            ],
        }

    return server


# -- running it ----------------------------------------------------------------------------------


def connect(home: Path, *, url: str | None = None, key: str | None = None) -> Api:
    """The API the tools call: ``url`` (else the home's running server, started when none runs),
    with ``key`` (else ``$POCDOC_API_KEY``, else the owner's token file)."""
    from ui.api.auth import client_headers

    key = key or os.environ.get(KEY_ENV) or None
    headers = {"Authorization": f"Bearer {key}"} if key else client_headers(home)
    if url is None:
        from ui.api.serverfile import ensure_server

        url = ensure_server(home)
    return Api(url, headers)


class KeyGuard:
    """Refuse an MCP request over HTTP without a valid key of the home (401), before the SDK
    sees it; the key then goes on to the API with each tool call."""

    def __init__(self, app: Any, home: Path) -> None:
        from ui.api.keys import KeyStore

        self.app, self.keys = app, KeyStore(home)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or self.keys.verify(key.strip()) is None:
                from starlette.responses import JSONResponse

                reply = JSONResponse(
                    {"detail": "this MCP server needs a pocdoc API key: send "
                     "`Authorization: Bearer <key>` (`pocdoc keys create --role reader`)"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )  # fmt: skip
                await reply(scope, receive, send)
                return
        await self.app(scope, receive, send)


def http_app(api: Api, home: Path) -> Any:
    """The streamable HTTP app (path ``/mcp``) behind :class:`KeyGuard`."""
    app = build_server(api).streamable_http_app(host="127.0.0.1")
    return KeyGuard(app, home)


def serve(home: Path, *, url: str | None, key: str | None, http: bool, port: int) -> int:
    """Run the MCP server on stdio (default) or streamable HTTP on 127.0.0.1:``port``."""
    api = connect(home, url=url, key=key)
    if not http:
        build_server(api).run("stdio")
        return 0
    import uvicorn

    print(f"pocdoc mcp: streamable HTTP on http://127.0.0.1:{port}/mcp", file=sys.stderr)
    uvicorn.run(http_app(api, home), host="127.0.0.1", port=port, log_level="warning")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.api.mcp_server`` (what `pocdoc mcp` runs)."""
    import argparse

    from assistant.paths import home_of
    from ui.api.mcp_options import mcp_arguments

    parser = argparse.ArgumentParser(prog="pocdoc mcp", description=__doc__.split("\n\n")[0])
    mcp_arguments(parser)
    args = parser.parse_args(argv)
    return serve(home_of(args.home), url=args.url, key=args.key, http=args.http, port=args.port)


if __name__ == "__main__":
    raise SystemExit(main())
