"""The CLI as a client of its home's server: `ask`, `search`, `ingest` and `status` send their
request to the running `pocdoc serve` and print exactly what they print in-process (the server
renders with the same functions). httpx is imported when a request is made, never at start.

Whatever the server refuses comes back as a :class:`~assistant.errors.ConfigError` carrying the
server's one-line reason, so the CLI reports it as it reports its own errors (exit 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import ConfigError, IndexMissingError

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 300.0  # an answer or a search on a busy server
JOB_POLL_S = 30.0  # each /v1/jobs request waits up to this long for the job to end


class ServerClient:
    """Requests to one server, with the local owner's key."""

    def __init__(self, url: str, home: Path, *, user: str = "") -> None:
        from ui.api.auth import USER_HEADER, client_headers

        self.url = url.rstrip("/")
        self.headers = client_headers(Path(home))
        if user:  # the UI: the owner's key, acting for one browser's user
            self.headers[USER_HEADER] = user

    def request(self, method: str, path: str, *, raw: bool = False, **kwargs: Any) -> Any:
        """The reply to one request (JSON, or text for a text rendering; ``raw``: the
        ``httpx.Response`` itself, for an image and its headers).

        Raises:
            IndexMissingError: nothing is indexed under the server's home yet (409).
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
        if reply.status_code == 409 and path != "/v1/briefings":
            raise IndexMissingError(_detail(reply))
        if reply.status_code >= 400:
            raise ConfigError(_detail(reply))
        if raw:
            return reply
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

    def ask(
        self, question: str, *, filters: Any, top_k: int | None, mode: str | None,
        history: Any = (),
    ) -> Any:  # fmt: skip
        """The answer (``history``: the :class:`~assistant.types.Turn` s it follows up on)."""
        body = {**_ask_body(question, filters, top_k, mode), "history": turns_body(history)}
        return RemoteAnswer(self.client.request("POST", "/v1/ask", json=body))

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


def turns_body(history: Any) -> list[dict[str, Any]]:
    """:class:`~assistant.types.Turn` s as the ``history`` of an ask request."""
    return [
        {"question": t.question, "answer": t.answer, "standalone_question": t.standalone_question,
         "filters": _filters(t.filters)}
        for t in history
    ]  # fmt: skip


def _ask_body(question: str, filters: Any, top_k: int | None, mode: str | None) -> dict[str, Any]:
    return {"question": question, "filters": _filters(filters), "top_k": top_k, "mode": mode}


# -- what the UI calls -----------------------------------------------------------------------------
class HomeClient:
    """Everything the Streamlit app reads from or writes to the index, asked of the home's
    server for one browser user: pages call these methods and never build a URL. Answers,
    passages and records come back as pocdoc's own dataclasses."""

    def __init__(self, url: str, home: Path, user: str = "") -> None:
        self.client = ServerClient(url, home, user=user)

    def documents(self) -> dict[str, Any]:
        """``/v1/documents``: ``corpus_version``, ``records`` (doc id -> DocumentRecord),
        ``indexed`` and ``missing`` (corpus_inventory's rows), ``failed`` uploads and files."""
        from assistant.types import DocumentRecord
        from ui.codec import from_data
        from ui.corpus_inventory import IndexedDocument, MissingDocument

        data = dict(self.client.request("GET", "/v1/documents"))
        data["records"] = {d: from_data(DocumentRecord, r) for d, r in data["records"].items()}
        data["indexed"] = [from_data(IndexedDocument, d) for d in data["indexed"]]
        data["missing"] = [from_data(MissingDocument, d) for d in data["missing"]]
        return data

    def status(self) -> dict[str, Any]:
        """What `pocdoc status --json` prints (documents, passages, last_ingest, ...)."""
        return dict(self.client.request("GET", "/v1/status"))

    def passage(self, passage_id: str, *, context: int = 0) -> tuple[Any, list[Any], bool] | None:
        """The :class:`~assistant.types.Passage`, (``context`` > 0) its section neighbours in
        document order, and whether its PDF page can be shown; None when the index no longer
        holds it."""
        from assistant.types import Passage
        from ui.codec import from_data

        try:
            data = self.client.request(
                "GET", f"/v1/passages/{_quote(passage_id)}", params={"context": context}
            )
        except ConfigError as exc:
            if str(exc).startswith("no passage"):
                return None
            raise
        near = [from_data(Passage, p) for p in data.pop("context", [])]
        return _passage(data), near, bool(data.get("has_page_image"))

    def page_image(self, passage_id: str, quote: str) -> Any:
        """The passage's PDF page as a :class:`~ui.sources.PageImage` (the quote outlined)."""
        from ui.sources import PageImage

        reply = self.client.request(
            "GET", f"/v1/passages/{_quote(passage_id)}/page.png",
            params={"quote": quote[:2000]}, raw=True,
        )  # fmt: skip
        located = reply.headers.get("X-Pocdoc-Located") == "true"
        return PageImage(reply.content, int(reply.headers.get("X-Pocdoc-Page", 0)), located)

    def upload(self, name: str, data: bytes) -> dict[str, Any]:
        """Hand a file to the server's writer: the job (a refused file is a failed job)."""
        files = {"file": (name, data, "application/octet-stream")}
        return dict(self.client.request("POST", "/v1/uploads", files=files))

    def uploads(self, limit: int = 3) -> list[dict[str, Any]]:
        """This user's latest uploads, newest first, with state, progress and message."""
        return list(self.client.request("GET", "/v1/uploads", params={"limit": limit})["uploads"])

    # -- the user's work: conversations, feedback, briefing (the server's workspace) -----------
    def ask(self, conv_id: str, question: str, filters: Any, mode: str | None) -> tuple[Any, str]:
        """Ask ``question`` as the next turn of conversation ``conv_id`` (the server adds it
        there): the :class:`~assistant.types.Answer` and the new entry's id."""
        from assistant.types import Answer
        from ui.codec import from_data

        body = {**_ask_body(question, filters, None, mode), "conversation_id": conv_id}
        reply = self.client.request("POST", "/v1/ask", json=body, raw=True)
        return from_data(Answer, reply.json()), reply.headers.get("X-Pocdoc-Entry-Id", "")

    def conversations(self) -> list[Any]:
        """This user's conversations (:class:`~ui.conversation.ConversationSummary`), most
        recently used first."""
        from ui.conversation import ConversationSummary

        rows = self.client.request("GET", "/v1/conversations")["conversations"]
        return [
            ConversationSummary(r["conversation_id"], r["title"], r["entries"], r["updated"])
            for r in rows
        ]

    def create_conversation(self) -> Any:
        """A new, empty :class:`~ui.conversation.Conversation` of this user."""
        from ui.conversation import Conversation

        data = self.client.request("POST", "/v1/conversations", json={})
        user = self.client.headers.get(_user_header(), "")
        return Conversation(data["conversation_id"], user, data["title"], [], data["created"],
                            data["created"])  # fmt: skip

    def conversation(self, conv_id: str) -> Any:
        """The :class:`~ui.conversation.Conversation` with its entries; None when it is not
        this user's or was deleted."""
        from assistant.types import Answer, Filters
        from ui.codec import from_data
        from ui.conversation import ChatEntry, Conversation

        try:
            data = self.client.request("GET", f"/v1/conversations/{_quote(conv_id)}")
        except ConfigError as exc:
            if str(exc).startswith("no conversation"):
                return None
            raise
        entries = [
            ChatEntry(e["entry_id"], e["question"], from_data(Answer, e["answer"]),
                      None if e.get("filters") is None else from_data(Filters, e["filters"]),
                      e["corpus_version"], e["asked_at"])
            for e in data["entries"]
        ]  # fmt: skip
        user = self.client.headers.get(_user_header(), "")
        return Conversation(data["conversation_id"], user, data["title"], entries,
                            data["created"], data["updated"])  # fmt: skip

    def rename_conversation(self, conv_id: str, title: str) -> None:
        body = {"title": title}
        self.client.request("PATCH", f"/v1/conversations/{_quote(conv_id)}", json=body)

    def delete_conversation(self, conv_id: str) -> None:
        self.client.request("DELETE", f"/v1/conversations/{_quote(conv_id)}", raw=True)

    def feedback(
        self, conv_id: str, entry_id: str, vote: str | None, comment: str
    ) -> dict[str, Any]:
        """Save this user's vote and comment on one answer of ``conv_id``: the record."""
        body = {"conversation_id": conv_id, "entry_id": entry_id, "vote": vote,
                "comment": comment}  # fmt: skip
        return dict(self.client.request("POST", "/v1/feedback", json=body))

    def feedback_of(self, entry_id: str) -> dict[str, Any] | None:
        """This user's feedback record on one answer, or None."""
        return self.client.request("GET", f"/v1/feedback/{_quote(entry_id)}")["feedback"]

    def briefing(self) -> Any:
        """This user's saved :class:`~ui.briefing.Briefing` (empty when there is none)."""
        from ui.briefing import Briefing
        from ui.codec import from_data

        return from_data(Briefing, self.client.request("GET", "/v1/briefing"))

    def save_briefing(self, briefing: Any) -> None:
        from ui.codec import to_data

        self.client.request("PUT", "/v1/briefing", json=to_data(briefing))

    # -- the Compare page ----------------------------------------------------------------------
    def series(self, name: str | None = None, topic: str = "") -> Any:
        """``/v1/series``: the list of series (what `pocdoc series --json` prints, in
        ``series``), or with ``name`` and ``topic`` that topic across the series (`pocdoc
        series NAME --topic T --json`)."""
        params = {k: v for k, v in (("name", name), ("topic", topic.strip())) if v}
        return self.client.request("GET", "/v1/series", params=params)

    def compare(
        self, documents: tuple[str, ...] = (), *, series: str | None = None, topic: str = "",
        records: dict[str, Any] | None = None,
    ) -> Any:  # fmt: skip
        """The :class:`~assistant.editions.Comparison` of two documents, or of a series' last
        two editions, as the server made it (``records``: doc id -> record, for the sides' full
        records; else those in the reply)."""
        from ui.compare_format import from_json

        body = {"documents": list(documents), "series": series, "topic": topic}
        return from_json(self.client.request("POST", "/v1/compare", json=body), records or {})


def _user_header() -> str:
    from ui.api.auth import USER_HEADER

    return USER_HEADER


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _passage(data: dict[str, Any]) -> Any:
    from assistant.types import Passage
    from ui.codec import from_data

    data = {k: v for k, v in data.items() if k not in ("section", "has_page_image")}
    data["section"] = tuple(data.pop("section_path", ()) or ())
    return from_data(Passage, data)
