"""A server that survives its clients: 1,000 malformed, truncated or abandoned requests, while a
well-behaved client keeps asking; none may stop the server, stall the other client, or be
answered with a server error."""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

ROUTES = ("/v1/ask", "/v1/search", "/v1/ingest", "/v1/feedback", "/v1/conversations")
_TRAVERSAL = ("/etc/passwd", "../../../../root/x", "/root", "~/.ssh", "corpus/../../x")


def _bad_bodies(rng: random.Random) -> list[object]:
    junk = "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 40)))
    return [
        {"question": ["a", "list"]},
        {"question": {"nested": True}},
        {"question": ""},
        {"question": "x" * 200_000},
        {"question": "ok", "env": {"POCDOC_HOME": "/tmp"}, "cwd": "/"},
        {"question": "ok", "argv": ["ingest", "/"]},
        {"question": "ok", "top_k": -3},
        {"question": "ok", "top_k": 10**12},
        {"question": "ok", "mode": "shell"},
        {"question": "ok", "filters": {"doc_ids": [None, 3]}},
        {"query": junk, "method": "../../x"},
        {"query": "\x00\x00"},
        {"paths": [rng.choice(_TRAVERSAL)]},
        {"paths": ["\x00"]},
        {"question": "ok", "history": [{"role": "user"}] * 3},
        {"rating": "loud", "question": 5},
        {"title": ["not", "a", "name"]},
        [],
        None,
        junk,
        rng.random(),
    ]


def _raw(port: int, payload: bytes, *, read: bool) -> None:
    """Send ``payload`` on a fresh connection; read the reply, or hang up at once."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        try:
            conn.sendall(payload)
            if read:
                conn.settimeout(2)  # garbage may leave the server waiting for the rest: move on
                conn.recv(4096)
        except OSError:
            pass  # the server may close first on garbage: that is an answer too


def _raw_payloads(rng: random.Random, headers: dict[str, str]) -> list[tuple[bytes, bool]]:
    auth = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    body = json.dumps({"question": "What are night patrols for?"}).encode()
    return [
        (bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))), True),
        (b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n", False),  # headers never end
        (
            b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n" + auth.encode()
            + b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"quest",
            False,
        ),  # body cut short, then gone
        (
            b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n" + auth.encode()
            + b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body,
            False,
        ),  # a real question, abandoned before its answer
        (b"GET /v1/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", True),
        (b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX: " + b"y" * 70_000 + b"\r\n\r\n", True),
        (b"\r\n\r\n\r\n", True),
    ]  # fmt: skip


class Watcher(threading.Thread):
    """A well-behaved client searching in a loop; records its slowest reply and any failure."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.url, self.headers = url, headers
        self.slowest, self.failures, self.replies = 0.0, [], 0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=60) as client:
            while not self.stop.is_set():
                start = time.monotonic()
                try:
                    reply = client.post("/v1/search", json={"query": "night patrols", "top_k": 3})
                    if reply.status_code != 200:
                        self.failures.append(reply.status_code)
                except httpx.HTTPError as exc:
                    self.failures.append(type(exc).__name__)
                self.slowest = max(self.slowest, time.monotonic() - start)
                self.replies += 1
                time.sleep(0.05)


def test_a_thousand_bad_requests_leave_the_server_answering(
    api_url: str, owner_key: str, api_settings
) -> None:
    rng = random.Random(20261206)
    headers = {"Authorization": f"Bearer {owner_key}"}
    port = int(api_url.rsplit(":", 1)[1])
    home = Path(api_settings.home)
    before = set(Path("/tmp").iterdir())
    watcher = Watcher(api_url, headers)
    watcher.start()
    statuses: dict[int, int] = {}
    sent = 0
    with httpx.Client(base_url=api_url, timeout=60) as client:
        while sent < 1000:
            kind = rng.random()
            if kind < 0.7:
                body = rng.choice(_bad_bodies(rng))
                route = rng.choice(ROUTES)
                auth = headers if rng.random() < 0.8 else {"Authorization": "Bearer nope"}
                if isinstance(body, str):
                    reply = client.post(route, content=body.encode(), headers=auth)
                else:
                    reply = client.post(route, json=body, headers=auth)
                statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
            else:
                payload, read = rng.choice(_raw_payloads(rng, headers))
                _raw(port, payload, read=read)
            sent += 1
    watcher.stop.set()
    watcher.join(timeout=60)
    assert sent == 1000
    assert not [s for s in statuses if s >= 500], statuses  # refused, never a server error
    assert watcher.failures == [], watcher.failures
    assert watcher.replies > 0
    assert watcher.slowest < 15, f"the other client waited {watcher.slowest:.1f} s"
    ok = httpx.post(
        f"{api_url}/v1/ask", json={"question": "What do community alert networks do?"},
        headers=headers, timeout=120,
    )  # fmt: skip
    assert ok.status_code == 200 and ok.json()["citations"]
    after = set(Path("/tmp").iterdir())
    assert not {p for p in after - before if p.name in {"x", "passwd"}}
    assert not (home.parent / "x").exists()


@pytest.mark.parametrize("path", _TRAVERSAL)
def test_ingest_refuses_paths_outside_the_home_and_corpus(
    api_url: str, owner_key: str, path: str
) -> None:
    reply = httpx.post(
        f"{api_url}/v1/ingest",
        json={"paths": [path]},
        headers={"Authorization": f"Bearer {owner_key}"},
        timeout=60,
    )
    assert 400 <= reply.status_code < 500, reply.text
