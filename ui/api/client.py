"""The CLI as a client of its home's server: `ask`, `search`, `ingest` and `status` send their
request to the running `pocdoc serve` and print exactly what they print in-process (the server
renders with the same functions). httpx is imported when a request is made, never at start.

Whatever the server refuses comes back as a :class:`~assistant.errors.ConfigError` carrying the
server's one-line reason, so the CLI reports it as it reports its own errors (exit 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 300.0  # an answer or a search on a busy server
JOB_POLL_S = 30.0  # each /v1/jobs request waits up to this long for the job to end


class ServerClient:
    """Requests to one server, with the local owner's key."""

    def __init__(self, url: str, home: Path) -> None:
        from ui.api.auth import client_headers

        self.url = url.rstrip("/")
        self.headers = client_headers(Path(home))

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """The reply to one request (JSON, or text for a text rendering).

        Raises:
            ConfigError: the server refused the request or could not be reached.
        """
        import httpx

        timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        try:
            reply = httpx.request(
                method, f"{self.url}{path}", headers=self.headers, timeout=timeout, **kwargs
            )
        except httpx.HTTPError as exc:
            raise ConfigError(
                f"the pocdoc server at {self.url} did not answer ({type(exc).__name__}: {exc}): "
                "retry, or run here with --no-server"
            ) from exc
        if reply.status_code >= 400:
            raise ConfigError(_detail(reply))
        if reply.headers.get("content-type", "").startswith("application/json"):
            return reply.json()
        return reply.text


def _detail(reply: Any) -> str:
    try:
        detail = reply.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, list):  # a validation error: its first message and where
        first = detail[0] if detail else {}
        where = ".".join(str(x) for x in first.get("loc", ())[1:])
        detail = f"{where}: {first.get('msg', 'invalid')}" if where else first.get("msg")
    return str(detail or f"the server answered {reply.status_code}")


# -- what the commands call ------------------------------------------------------------------------
class RemoteAnswer:
    """An answer as the server sent it: :meth:`to_dict` is the `ask --json` object."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


class RemoteAssistant:
    """The calls `ask`, `search`, `status` and `ingest` make, answered by the server."""

    def __init__(self, url: str, home: Path) -> None:
        self.client = ServerClient(url, home)

    def ask(self, question: str, *, filters: Any, top_k: int | None, mode: str | None) -> Any:
        return RemoteAnswer(
            self.client.request("POST", "/v1/ask", json=_ask_body(question, filters, top_k, mode))
        )

    def render_answer(
        self, question: str, *, filters: Any, top_k: int | None, mode: str | None, passages: bool
    ) -> str:
        """The text `pocdoc ask` prints (rendered by the server with the same function)."""
        params = {"render": "text", "passages": str(passages).lower()}
        body = _ask_body(question, filters, top_k, mode)
        return str(self.client.request("POST", "/v1/ask", json=body, params=params))

    def search(
        self, query: str, *, top_k: int | None, method: str, filters: Any, text: bool
    ) -> Any:
        """The hits of `pocdoc search --json`, or (``text``) what `pocdoc search` prints."""
        body = {"query": query, "top_k": top_k, "method": method, "filters": _filters(filters)}
        if text:
            return str(
                self.client.request("POST", "/v1/search", json=body, params={"render": "text"})
            )
        return self.client.request("POST", "/v1/search", json=body)["hits"]

    def status(self) -> dict[str, Any]:
        return dict(self.client.request("GET", "/v1/status"))

    def ingest(self, paths: list[Path], *, prune: bool, rebuild: bool) -> dict[str, Any]:
        """Run the ingest on the server's writer and wait for it: the job's result (``summary``,
        ``line``, ``ok``). Paths go absolute; the server takes only those in its home or corpus."""
        body = {
            "paths": [str(Path(p).absolute()) for p in paths],
            "prune": prune,
            "rebuild": rebuild,
        }
        job = self.client.request("POST", "/v1/ingest", json=body)
        while job["state"] in ("queued", "running"):
            job = self.client.request(
                "GET", f"/v1/jobs/{job['job_id']}", params={"wait": JOB_POLL_S}
            )
        if job["state"] != "done":
            raise ConfigError(job["message"])
        return dict(job["result"])


def _filters(filters: Any) -> dict[str, Any]:
    return {} if filters is None else dict(filters.to_dict())


def _ask_body(question: str, filters: Any, top_k: int | None, mode: str | None) -> dict[str, Any]:
    return {"question": question, "filters": _filters(filters), "top_k": top_k, "mode": mode}
