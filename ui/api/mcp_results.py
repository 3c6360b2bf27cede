"""The MCP tools' results, one shape for a passage wherever it comes from (a search hit, a
citation, a passage read by id): its document, page, section and paragraph always present."""

from __future__ import annotations

from typing import Any

_PASSAGE_KEYS = ("passage_id", "doc_id", "symbol", "page", "page_end", "section", "paragraph")


def passage_json(data: dict[str, Any]) -> dict[str, Any]:
    """A passage of the API (``/v1/search`` hit, ``/v1/ask`` citation, ``/v1/passages/{id}``)
    as the tools give it. ``document`` is the title (the doc_id when there is none); ``page`` is
    None in text documents (Markdown, HTML), which are cited by section and paragraph."""
    out: dict[str, Any] = {}
    if "n" in data:
        out["n"] = data["n"]
    out["document"] = data.get("title") or data.get("doc_id", "")
    for key in _PASSAGE_KEYS:
        out[key] = data.get(key)
    out["section"] = out["section"] or ""
    out["paragraph"] = out["paragraph"] or ""
    if data.get("quote"):
        out["quote"] = data["quote"]
    out["text"] = data.get("text", "")
    if "score" in data:
        out["score"] = data["score"]
    return out


def document_json(data: dict[str, Any]) -> dict[str, Any]:
    """An indexed document of ``/v1/documents``: ``pages`` is None for a text document."""
    return {
        "doc_id": data.get("doc_id", ""),
        "document": data.get("title") or data.get("name") or data.get("doc_id", ""),
        "name": data.get("name", ""),
        "doc_type": data.get("doc_type", ""),
        "date": data.get("date", ""),
        "symbol": data.get("symbol", ""),
        "pages": data.get("pages"),
        "passages": data.get("passages"),
    }
