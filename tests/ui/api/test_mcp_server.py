"""`pocdoc mcp`, driven by the mcp SDK's own client: in memory, over stdio (`python -m
ui.api.mcp_server` as a subprocess) and over streamable HTTP; the tools call the home's HTTP API
(a real loopback uvicorn), and every result carries its document, page, section and paragraph."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import anyio
import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

from ui.api.keys import KeyStore
from ui.api.mcp_server import Api, build_server, http_app

REPO = Path(__file__).resolve().parents[3]
QUESTION = "What do night patrols near displaced persons camps deter?"
REPORT_TITLE = "Report of the Secretary-General on the Patrol Mission"
PLACE = ("document", "page", "section", "paragraph")


def _call(target, calls: list[tuple[str, dict]]) -> list:
    """Open one client session on ``target`` and make the tool calls in order."""

    async def run() -> list:
        async with Client(target) as client:
            names = sorted(t.name for t in (await client.list_tools()).tools)
            results = [names]
            for name, arguments in calls:
                results.append(await client.call_tool(name, arguments))
            return results

    return anyio.run(run)


@pytest.fixture(scope="module")
def server(api_url, owner_key):
    return build_server(Api(api_url, {"Authorization": f"Bearer {owner_key}"}))


def test_tools_give_document_page_section_and_paragraph(server) -> None:
    names, search, ask, documents = _call(
        server,
        [
            ("search", {"query": QUESTION, "top_k": 3}),
            ("ask", {"question": QUESTION}),
            ("list_documents", {}),
        ],
    )
    assert names == ["ask", "get_passage", "list_documents", "search"]
    hits = search.structured_content["results"]
    assert hits and all(set(PLACE) <= set(h) for h in hits)
    assert hits[0]["document"] == REPORT_TITLE and hits[0]["page"] == 1
    answer = ask.structured_content
    assert "[1]" in answer["answer"] and not answer["abstained"]
    cited = answer["citations"][0]
    assert (cited["document"], cited["page"], cited["paragraph"]) == (REPORT_TITLE, 1, "1")
    assert cited["section"] and "attacks on civilians" in cited["quote"]
    docs = {d["document"]: d for d in documents.structured_content["documents"]}
    assert docs[REPORT_TITLE]["pages"] == 2
    assert docs["Protection tiers"]["pages"] is None


def test_get_passage_reads_a_cited_passage_in_full(server) -> None:
    _, ask = _call(server, [("ask", {"question": QUESTION})])
    passage_id = ask.structured_content["citations"][0]["passage_id"]
    _, passage, missing = _call(
        server,
        [("get_passage", {"passage_id": passage_id}), ("get_passage", {"passage_id": "nope"})],
    )
    data = passage.structured_content
    assert data["passage_id"] == passage_id and data["page"] == 1 and data["paragraph"] == "1"
    assert "Night patrols" in data["text"]
    assert missing.is_error and "404" in missing.content[0].text


def test_a_text_document_is_cited_by_section_without_a_page(server) -> None:
    _, ask = _call(server, [("ask", {"question": "What is Tier II?"})])
    cited = ask.structured_content["citations"][0]
    assert cited["document"] == "Protection tiers" and cited["page"] is None
    assert "The three tiers" in cited["section"]


def test_a_bad_key_makes_tool_calls_fail_with_the_reason(api_url) -> None:
    stranger = build_server(Api(api_url, {"Authorization": "Bearer pocdoc_x.y"}))
    _, result = _call(stranger, [("search", {"query": "patrols"})])
    assert result.is_error and "401" in result.content[0].text


def test_stdio_subprocess(api_url, owner_key, api_settings) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "ui.api.mcp_server", "--url", api_url, "--home", str(api_settings.home)],
        env={**os.environ, "POCDOC_API_KEY": owner_key},
        cwd=str(REPO),
    )
    names, ask = _call(params, [("ask", {"question": QUESTION})])
    assert "ask" in names
    cited = ask.structured_content["citations"][0]
    assert (cited["document"], cited["page"]) == (REPORT_TITLE, 1)


@pytest.fixture(scope="module")
def mcp_http_url(api_url, owner_key, api_settings):
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = http_app(Api(api_url, {}), api_settings.home)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/mcp"
    server.should_exit = True
    thread.join(timeout=30)


def _http_transport(url: str, key: str | None):
    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers))


def test_streamable_http_forwards_the_callers_key(mcp_http_url, api_settings) -> None:
    from ui.api.audit import AuditLog

    key, record = KeyStore(api_settings.home).create("reader", "mcp client")
    _, ask = _call(
        _http_transport(mcp_http_url, key), [("ask", {"question": "Who answered 40 alerts?"})]
    )
    cited = ask.structured_content["citations"][0]
    assert cited["page"] == 2 and cited["document"] == REPORT_TITLE
    line = AuditLog(api_settings.home, 90).read()[-1]
    assert (line["key"], line["action"], line["detail"]) == (
        record.key_id,
        "ask",
        "Who answered 40 alerts?",
    )


def test_streamable_http_refuses_a_caller_without_a_key(mcp_http_url) -> None:
    import httpx

    reply = httpx.post(mcp_http_url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert reply.status_code == 401 and "pocdoc keys create" in reply.json()["detail"]
    bad = httpx.post(
        mcp_http_url,
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Authorization": "Bearer pocdoc_x.y"},
    )
    assert bad.status_code == 401
