"""The Compare page's reads: the series of the index and what changed between two editions,
answered from the owner's home with the owner's encoder (for a topic's meaning). Each reply is
what the CLI prints with ``--json`` (`pocdoc series`, `pocdoc compare`), made by the same
functions (:mod:`ui.compare_queries`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from ui.api.deps import OwnerDep, Reader, bounded
from ui.api.models import MAX_NAME, MAX_QUESTION, CompareIn
from ui.api.owner import Owner

router = APIRouter(prefix="/v1")


@router.get("/series", tags=["documents"])
async def series(
    request: Request,
    owner: OwnerDep,
    who: Reader,
    name: str | None = Query(None, min_length=1, max_length=MAX_NAME),
    topic: str = Query("", max_length=MAX_QUESTION),
) -> dict[str, Any]:
    """``series``: the indexed documents that are editions of one another, by series (what
    `pocdoc series --json` prints; ``name``: that series only). With ``name`` and ``topic``:
    the topic's paragraphs in each document of the series (`pocdoc series NAME --topic T
    --json`)."""
    if topic.strip() and not name:
        raise HTTPException(422, "topic needs a series: ?name=MINUJUSTH&topic=police")
    return await bounded(request, _series, owner, name, topic.strip())


def _series(owner: Owner, name: str | None, topic: str) -> dict[str, Any]:
    from ui.compare_queries import series_data, shelf_of, trend_data

    shelf = shelf_of(owner.settings)
    if topic:
        return trend_data(shelf, shelf.find(name), topic, owner.embedder)[1]
    return {"series": series_data(shelf, name)}


@router.post("/compare", tags=["documents"])
async def compare(
    request: Request, body: CompareIn, owner: OwnerDep, who: Reader
) -> dict[str, Any]:
    """What changed between two editions, paragraph by paragraph, each side cited: the object
    `pocdoc compare --json` prints."""
    return await bounded(request, _compare, owner, body)


def _compare(owner: Owner, body: CompareIn) -> dict[str, Any]:
    from ui.compare_queries import pick_pair, shelf_of

    shelf = shelf_of(owner.settings)
    first, second = pick_pair(shelf, body.documents, body.series, body.dates)
    embed = owner.embedder.encode_query if body.topic.strip() else None
    return dict(shelf.compare(first, second, topic=body.topic, embed_topic=embed).to_dict())
