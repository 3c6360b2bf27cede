"""A fake OpenAI-compatible chat endpoint, standing in for an LLM server in tests.

This is a fake because no LLM weights can be had offline (docs OFFLINE.md, trap 11): nothing here
generates text. It speaks just enough of the OpenAI HTTP API for the real ``openai`` client inside
llama-index's ``OpenAILike`` to talk to it over a real socket:

- ``POST /v1/chat/completions``, non-streaming and streaming (server-sent events), answering with
  the next scripted reply;
- ``GET /v1/models``.

Each chat request's JSON body is recorded in :attr:`FakeOpenAIServer.requests`, so tests can read
the prompt the client sent. ``delay_s`` makes it slow, ``status`` makes it fail with an HTTP error.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]


class FakeOpenAIServer:
    """A scripted OpenAI-compatible server on 127.0.0.1 and a free port, run in a thread.

    Use as a context manager; :attr:`url` is the ``api_base`` to give the client. Replies are used
    in order; a reply may be a callable that gets the request body. With no reply left, the server
    answers HTTP 500, so an unscripted call fails loudly.
    """

    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        delay_s: float = 0.0,
        status: int = 200,
        model: str = "fake-model",
    ) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.delay_s = delay_s
        self.status = status
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self._closing = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake server is not running: use it as a context manager")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a sleeping handler must not hold up close
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-openai",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def next_reply(self, body: dict[str, Any]) -> str | None:
        if not self.replies:
            return None
        reply = self.replies.popleft()
        return reply(body) if callable(reply) else reply

    def wait(self) -> None:
        """Sleep ``delay_s``, or until the server closes."""
        if self.delay_s:
            self._closing.wait(self.delay_s)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAIServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(
                200,
                {
                    "object": "list",
                    "data": [{"id": self.fake.model, "object": "model", "owned_by": "fake"}],
                },
            )
        else:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        self.fake.requests.append(body)
        self.fake.wait()
        if self.fake.status != 200:
            self._json(
                self.fake.status, {"error": {"message": "scripted failure", "type": "server_error"}}
            )
            return
        reply = self.fake.next_reply(body)
        if reply is None:
            self._json(
                500,
                {
                    "error": {
                        "message": "the fake server has no scripted reply left",
                        "type": "server_error",
                    }
                },
            )
        elif body.get("stream"):
            self._stream(reply)
        else:
            self._json(200, _completion(self.fake.model, reply))

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def _stream(self, reply: str) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            pieces = [{"role": "assistant", "content": ""}] + [
                {"content": w} for w in _pieces(reply)
            ]
            for delta in pieces:
                self._event(_chunk(self.fake.model, delta, None))
            self._event(_chunk(self.fake.model, {}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _event(self, payload: dict[str, Any]) -> None:
        self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
        self.wfile.flush()


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w + " " for w in words[:-1]] + words[-1:]


def _completion(model: str, reply: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _chunk(model: str, delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
    }


def closed_port_url(path: str = "/v1") -> str:
    """The URL of a loopback port nothing listens on (bound, then released), so connects are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
