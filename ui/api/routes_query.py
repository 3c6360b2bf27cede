"""Read routes: health, status, ask, search, documents, passages (and a PDF passage's page).

``/v1/ask`` returns exactly the object `pocdoc ask --json` prints (:meth:`Answer.to_dict`), and
``/v1/search`` the list `pocdoc search --json` prints, under ``hits``.
"""

from __future__ import annotations

import functools
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from assistant.types import Answer
from ui.api.deps import OwnerDep, Reader, bounded
from ui.api.models import AskIn, SearchIn
from ui.api.owner import Owner

router = APIRouter(prefix="/v1")
PAGE_CACHE = 32  # rendered pages kept


@router.get("/health", tags=["server"])
def health(request: Request) -> dict[str, Any]:
    """Whether the server answers (no key needed); ``ready`` once the home is open."""
    owner: Owner | None = getattr(request.app.state, "owner", None)
    return {
        "status": "ok",
        "ready": owner is not None,
        "home": str(owner.settings.home) if owner else "",
        "generation": owner.generation if owner else -1,
        "settings": owner.settings_digest if owner else "",
    }


@router.get("/status", tags=["server"])
async def status(request: Request, owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """What `pocdoc status --json` prints."""
    return await bounded(request, owner.status)


@router.post(
    "/ask", tags=["query"], responses={200: {"model": Answer, "content": {"text/plain": {}}}}
)
async def ask(
    request: Request,
    body: AskIn,
    owner: OwnerDep,
    who: Reader,
    render: Literal["json", "text"] = "json",
    passages: bool = False,
) -> Any:
    """Answer a question with cited passages: the object of `pocdoc ask --json` (``render=text``:
    what `pocdoc ask` prints, ``passages`` as its ``--passages``). With a ``conversation_id``
    the question is a follow-up in that conversation (and is added to it); the new entry's id
    comes back in the ``X-Pocdoc-Entry-Id`` header (for feedback)."""
    filters = body.filters.to_filters()
    answer, entry_id = await bounded(request, _answer, owner, body, filters, who.user_id)
    headers = {"X-Pocdoc-Entry-Id": entry_id} if entry_id else {}
    if render == "text":
        from ui.formatting import render_answer

        return PlainTextResponse(
            render_answer(answer, show_passages=passages) + "\n", headers=headers
        )
    return JSONResponse(answer.to_dict(), headers=headers)


def _answer(owner: Owner, body: AskIn, filters: Any, user_id: str) -> tuple[Any, str]:
    from assistant.types import Turn
    from ui.conversation import ChatEntry, new_id

    conv = None
    if body.conversation_id:
        conv = owner.workspace.load(body.conversation_id, user_id)
        if conv is None:
            raise HTTPException(404, f"no conversation {body.conversation_id!r} of yours")
    history = [  # turns given inline win over the conversation's, as in `pocdoc ask --questions`
        Turn(t.question, t.standalone_question, t.filters.to_filters(), t.answer)
        for t in body.history
    ]
    if conv is not None and not history:
        history = conv.history()
    assistant = owner.assistant()  # one view for the answer and the version it records
    answer = assistant.ask(
        body.question, history=history, filters=filters, top_k=body.top_k, mode=body.mode
    )
    if conv is None:
        return answer, ""
    entry = ChatEntry(
        new_id(), body.question, answer, None if filters.is_empty() else filters,
        assistant.engine.fingerprint(), time.time(),
    )  # fmt: skip
    owner.workspace.append(conv, entry)
    return answer, entry.entry_id


@router.post("/search", tags=["query"], responses={200: {"content": {"text/plain": {}}}})
async def search(
    request: Request,
    body: SearchIn,
    owner: OwnerDep,
    who: Reader,
    render: Literal["json", "text"] = "json",
) -> Any:
    """Retrieve passages with their provenance: ``hits`` is what `pocdoc search --json` prints
    (``render=text``: what `pocdoc search` prints)."""
    from ui.queries import hit_json, render_hits

    filters = body.filters.to_filters()
    hits = await bounded(
        request, owner.search, body.query, top_k=body.top_k, method=body.method, filters=filters
    )
    if render == "text":
        return PlainTextResponse(render_hits(hits) + "\n")
    return {"hits": [hit_json(h) for h in hits]}


@router.get("/documents", tags=["documents"])
async def documents(request: Request, owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """The indexed documents (the caller's own uploads among them), the manifest's documents that
    are not indexed (with how to add each), and what failed (the caller's uploads, corpus files)."""
    return await bounded(request, _documents, owner, who.user_id)


def _documents(owner: Owner, user_id: str) -> dict[str, Any]:
    from assistant.errors import IndexMissingError
    from ui.corpus_inventory import indexed_documents, missing_documents, unindexed_files

    settings = owner.settings
    try:
        engine = owner.assistant().engine  # one view for the lists and the version
        docs, version = engine.documents, engine.fingerprint()
    except IndexMissingError:  # nothing indexed yet: every manifest document is missing
        docs, version = {}, ""
    return {
        "corpus_version": version,
        # every indexed document's record (what filters offer): titles, types, bodies, dates
        "records": {doc_id: asdict(entry.record) for doc_id, entry in docs.items()},
        "indexed": [
            asdict(d) for d in indexed_documents(docs, settings, user_id, owner.uploads.owners())
        ],
        "missing": [asdict(d) for d in missing_documents(settings, docs)],
        "failed": {
            "uploads": [
                {k: getattr(j, k) for k in ("job_id", "name", "message", "created", "updated")}
                for j in owner.uploads.failed(user_id)
            ],
            "files": [str(p) for p in unindexed_files(settings, docs)],
        },
    }


@router.get("/passages/{passage_id}", tags=["documents"])
def passage(
    passage_id: str, owner: OwnerDep, who: Reader, context: int = Query(0, ge=0, le=5)
) -> dict[str, Any]:
    """One passage with its provenance: document, title, symbol, page(s), section, paragraph;
    ``context``: up to that many neighbours each side from its section, in document order (the
    passage among them), as ``context`` (what a citation's reading view shows)."""
    p, entry = _passage(owner, passage_id)
    data = asdict(p)
    data["section"], data["section_path"] = p.section_label, list(p.section)
    data["has_page_image"] = _pdf_of(p, entry) is not None
    if context:
        from ui.sources import section_context

        near = section_context(owner.assistant().engine, passage_id, window=context)
        data["context"] = [asdict(x) for x in near]
    return data


@router.get(
    "/passages/{passage_id}/page.png",
    tags=["documents"],
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def passage_page(
    request: Request, passage_id: str, owner: OwnerDep, who: Reader, quote: str = ""
) -> Response:
    """The PDF page of a passage as a PNG, the passage (or ``quote``) outlined."""
    p, entry = _passage(owner, passage_id)
    path = _pdf_of(p, entry)
    if path is None or p.page is None:
        raise HTTPException(404, f"passage {passage_id} is not from a PDF on this machine")
    pages = tuple(x for x in (p.page, p.page_end) if x)
    image = await bounded(
        request, _render, str(path), pages, (quote or p.text)[:2000], path.stat().st_mtime
    )
    headers = {"X-Pocdoc-Page": str(image.page), "X-Pocdoc-Located": str(image.located).lower()}
    return Response(image.png, media_type="image/png", headers=headers)


@functools.lru_cache(maxsize=PAGE_CACHE)
def _render(path: str, pages: tuple[int, ...], quote: str, mtime: float) -> Any:
    from ui.sources import render_pdf_page

    return render_pdf_page(path, list(pages), quote)


def _passage(owner: Owner, passage_id: str) -> tuple[Any, Any]:
    engine = owner.assistant().engine
    p = engine.passage(passage_id)
    if p is None:
        raise HTTPException(404, f"no passage {passage_id!r} in the index")
    return p, engine.documents.get(p.doc_id)


def _pdf_of(p: Any, entry: Any) -> Path | None:
    """The PDF the passage came from, if it is one and is on this machine."""
    candidates = [entry.source, *entry.locations] if entry is not None else [p.source]
    for c in candidates:
        if c and Path(c).suffix.lower() == ".pdf" and Path(c).is_file():
            return Path(c)
    return None
