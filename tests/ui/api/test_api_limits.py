"""A server that survives its clients: a client that goes away cancels only its own request, a
stalled or oversized body is refused without holding anyone else, answers have a time limit, and
garbage on the wire gets an error while the server keeps answering (on a real uvicorn)."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from tests.ui.api.owner_home import tiny_home

QUESTION = "How do villagers warn the mission of attacks?"
SLOW = "slow question"


class _SlowAssistant:
    """The real assistant, except that the question SLOW takes 5 s (a stand-in for a long
    answer; the fake is only this delay)."""

    def __init__(self, real, log: list[str]) -> None:
        self.real, self.engine, self.log = real, real.engine, log

    def ask(self, question: str, **kwargs):
        if question == SLOW:
            self.log.append("started")
            time.sleep(5)
            self.log.append("finished")
        return self.real.ask(question, **kwargs)


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    import uvicorn

    from ui.api.app import create_app
    from ui.api.auth import client_headers
    from ui.api.owner import Owner

    settings = tiny_home(tmp_path_factory.mktemp("limits"), embedder)
    owner = Owner(settings, embedder=embedder)
    log: list[str] = []
    real = owner.assistant
    owner.assistant = lambda: _SlowAssistant(real(), log)  # type: ignore[method-assign]
    app = create_app(settings, owner=owner, answer_timeout_s=3.0, read_timeout_s=1.0)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", timeout_keep_alive=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    headers = client_headers(settings.home)
    yield f"http://127.0.0.1:{port}", port, headers, log, app
    server.should_exit = True
    thread.join(timeout=30)
    owner.close()


def _ask(url: str, headers: dict, question: str = QUESTION, timeout: float = 60) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/ask", json={"question": question}, headers=headers, timeout=timeout
    )


def _raw(port: int, data: bytes, *, wait: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        conn.sendall(data)
        try:
            return conn.recv(65536)
        except TimeoutError:
            return b""


def test_a_client_that_goes_away_cancels_only_its_own_request(served) -> None:
    url, port, headers, log, app = served
    body = b'{"question": "%s"}' % SLOW.encode()
    auth = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode()
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(
        b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth
        + b"Content-Length: %d\r\n\r\n" % len(body) + body
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while "started" not in log and time.monotonic() < deadline:
        time.sleep(0.05)
    conn.close()  # Ctrl-C on the client
    started = time.monotonic()
    while app.state.clients_gone == 0 and time.monotonic() - started < 3:
        time.sleep(0.05)
    assert app.state.clients_gone == 1 and "finished" not in log  # dropped at once
    r = _ask(url, headers)  # another client, meanwhile
    assert r.status_code == 200 and r.json()["citations"]
    assert time.monotonic() - started < 5  # not queued behind the abandoned answer
    assert httpx.get(f"{url}/v1/health").json()["ready"]


def test_an_answer_past_its_time_limit_is_a_504_and_others_go_on(served) -> None:
    url, _, headers, _, _ = served
    r = _ask(url, headers, SLOW)
    assert r.status_code == 504 and "no answer within 3 s" in r.json()["detail"]
    assert _ask(url, headers).status_code == 200


def test_a_stalled_body_is_dropped_without_holding_others(served) -> None:
    url, port, headers, _, _ = served
    stalled = socket.create_connection(("127.0.0.1", port), timeout=10)
    stalled.sendall(
        b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"query": '
    )
    assert _ask(url, headers).status_code == 200  # served while the other body stalls
    reply = stalled.recv(65536)
    stalled.close()
    assert reply.startswith(b"HTTP/1.1 408") and b"stalled" in reply


def test_an_oversized_body_is_refused_before_it_is_read(served) -> None:
    _, port, _, _, _ = served
    reply = _raw(
        port, b"POST /v1/uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n"
    )
    assert reply.startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\xff\xfe garbage\r\n\r\n",
        b"GET /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b'POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{"qu',
        b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n",
    ],
)
def test_garbage_on_the_wire_gets_an_error_and_the_server_goes_on(served, data) -> None:
    url, port, headers, _, _ = served
    reply = _raw(port, data, wait=3.0)
    assert reply == b"" or reply.split(b" ")[1][:1] == b"4", reply[:200]
    assert httpx.get(f"{url}/v1/health", timeout=10).status_code == 200
