"""Write routes and the caller's own work: uploads, ingests and deletions (jobs of the owner's one
writer), conversations, feedback and briefing exports. Everything here is keyed by the caller:
another key cannot read it, and ids are random."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, UploadFile

from ui.api.deps import Admin, Editor, OwnerDep, Reader, bounded
from ui.api.jobs import Job
from ui.api.models import MAX_NAME, BriefingIn, ConversationIn, FeedbackIn, IngestIn
from ui.api.owner import Owner

router = APIRouter(prefix="/v1")
KINDS = ("answer", "citation", "related")  # a briefing item's kinds
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# -- jobs ------------------------------------------------------------------------------------------
@router.post("/uploads", tags=["jobs"], status_code=202)
async def upload(file: UploadFile, owner: OwnerDep, who: Editor) -> dict[str, Any]:
    """Add a document: checked and saved at once (a refused file is a failed job saying why),
    then indexed by the writer; poll ``/v1/jobs/{job_id}``. Once the job is done, the next
    question sees the document."""
    from ui.uploads import MAX_UPLOAD_BYTES

    data = await file.read(MAX_UPLOAD_BYTES + 1)
    name = file.filename or ""
    if len(name) > MAX_NAME:
        raise HTTPException(422, f"the file name is over {MAX_NAME} characters: rename the file")
    return _job(owner.submit_upload(who.user_id, name, data))


@router.get("/uploads", tags=["jobs"])
def uploads(owner: OwnerDep, who: Reader, limit: int = Query(5, ge=1, le=100)) -> dict[str, Any]:
    """The caller's latest uploads, newest first, each with its state, progress and message
    (what the UI's sidebar shows while one is indexed)."""
    fields = ("job_id", "name", "state", "done", "total", "message", "created", "updated")
    return {
        "uploads": [
            {k: getattr(j, k) for k in fields}
            for j in owner.uploads.for_user(who.user_id, limit=limit)
        ]
    }


@router.post("/ingest", tags=["jobs"], status_code=202)
def ingest(body: IngestIn, owner: OwnerDep, who: Editor) -> dict[str, Any]:
    """`pocdoc ingest` run by the server's writer; paths must lie in the home or corpus folder
    (none: the corpus folder)."""
    return _job(
        owner.submit_ingest(who.user_id, body.paths, prune=body.prune, rebuild=body.rebuild)
    )


@router.delete("/documents/{doc_id}", tags=["jobs"], status_code=202)
def delete_document(doc_id: str, owner: OwnerDep, who: Admin) -> dict[str, Any]:
    """Remove one document from the index (an uploaded file is deleted too)."""
    if len(doc_id) > MAX_NAME:
        raise HTTPException(422, "the document id is too long")
    return _job(owner.submit_delete(who.user_id, doc_id))


@router.get("/jobs/{job_id}", tags=["jobs"])
async def job(
    request: Request, job_id: str, owner: OwnerDep, who: Reader, wait: float = 0.0
) -> dict[str, Any]:
    """A job's state (queued, running, done, failed) and progress; ``wait`` (up to 60 s) holds
    the reply until the job ends."""
    seen = owner.jobs.get(job_id)
    if seen is None or (seen.user_id != who.user_id and who.role != "admin"):
        return _upload_row(owner, job_id, who.user_id)
    if wait > 0 and seen.active:
        seen = await bounded(request, owner.wait, job_id, min(wait, 60.0)) or seen
    return _job(seen)


def _job(job: Job) -> dict[str, Any]:
    return job.to_dict()


def _upload_row(owner: Owner, job_id: str, user_id: str) -> dict[str, Any]:
    """An upload job of an earlier server (or of the UI's worker), from the workspace."""
    rows = [j for j in owner.uploads.for_user(user_id, limit=100) if j.job_id == job_id]
    if not rows:
        raise HTTPException(404, f"no job {job_id!r} of yours")
    r = rows[0]
    return _job(
        Job(r.job_id, "upload", r.user_id, r.state, r.done, r.total, r.message, {}, r.created,
            r.updated)
    )  # fmt: skip


# -- conversations ---------------------------------------------------------------------------------
@router.post("/conversations", tags=["conversations"], status_code=201)
def create_conversation(body: ConversationIn, owner: OwnerDep, who: Reader) -> dict[str, Any]:
    conv = owner.workspace.create(who.user_id, " ".join(body.title.split()) or "New conversation")
    return {"conversation_id": conv.conv_id, "title": conv.title, "created": conv.created}


@router.get("/conversations", tags=["conversations"])
def list_conversations(owner: OwnerDep, who: Reader) -> dict[str, Any]:
    return {
        "conversations": [
            {"conversation_id": c.conv_id, "title": c.title, "entries": c.entries,
             "updated": c.updated}
            for c in owner.workspace.conversations(who.user_id)
        ]
    }  # fmt: skip


@router.get("/conversations/{conversation_id}", tags=["conversations"])
def get_conversation(conversation_id: str, owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """The conversation with each entry's question and answer (the `ask --json` object)."""
    conv = _conversation(owner, conversation_id, who.user_id)
    return {
        "conversation_id": conv.conv_id,
        "title": conv.title,
        "created": conv.created,
        "updated": conv.updated,
        "entries": [
            {"entry_id": e.entry_id, "question": e.question, "asked_at": e.asked_at,
             "corpus_version": e.corpus_version, "answer": e.answer.to_dict(),
             "filters": None if e.filters is None else e.filters.to_dict()}
            for e in conv.entries
        ],
    }  # fmt: skip


@router.patch("/conversations/{conversation_id}", tags=["conversations"])
def rename_conversation(
    conversation_id: str, body: ConversationIn, owner: OwnerDep, who: Reader
) -> dict[str, Any]:
    """Retitle one of the caller's conversations."""
    conv = _conversation(owner, conversation_id, who.user_id)
    title = " ".join(body.title.split())
    if not title:
        raise HTTPException(422, "title: a conversation title cannot be blank")
    owner.workspace.rename(conv.conv_id, who.user_id, title)
    return {"conversation_id": conv.conv_id, "title": title}


@router.delete("/conversations/{conversation_id}", tags=["conversations"], status_code=204)
def delete_conversation(conversation_id: str, owner: OwnerDep, who: Reader) -> Response:
    """Delete one of the caller's conversations (feedback on it keeps its own copy)."""
    conv = _conversation(owner, conversation_id, who.user_id)
    owner.workspace.delete(conv.conv_id, who.user_id)
    return Response(status_code=204)


def _conversation(owner: Owner, conv_id: str, user_id: str) -> Any:
    conv = owner.workspace.load(conv_id, user_id) if len(conv_id) <= MAX_NAME else None
    if conv is None:
        raise HTTPException(404, f"no conversation {conv_id[:80]!r} of yours")
    return conv


# -- feedback and briefings ------------------------------------------------------------------------
@router.post("/feedback", tags=["conversations"])
def feedback(body: FeedbackIn, owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """A vote and/or comment on one answer of the caller's conversation."""
    from ui.feedback import FeedbackStore, answer_snapshot

    conv = _conversation(owner, body.conversation_id, who.user_id)
    entry = next((e for e in conv.entries if e.entry_id == body.entry_id), None)
    if entry is None:
        raise HTTPException(404, f"no entry {body.entry_id!r} in that conversation")
    snapshot = answer_snapshot(
        entry.answer, settings=owner.settings.public_dict(), corpus_version=entry.corpus_version
    )
    return FeedbackStore(owner.workspace).save(
        entry.entry_id, who.user_id, vote=body.vote, comment=body.comment, snapshot=snapshot
    )


@router.get("/feedback/{entry_id}", tags=["conversations"])
def feedback_of(entry_id: str, owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """The caller's feedback record on one answer (``feedback`` is null when there is none)."""
    from ui.feedback import FeedbackStore

    if len(entry_id) > MAX_NAME:
        raise HTTPException(422, "the entry id is too long")
    return {"feedback": FeedbackStore(owner.workspace).get(entry_id, who.user_id)}


@router.get("/briefing", tags=["conversations"])
def saved_briefing(owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """The caller's saved briefing (title and items; what ``PUT /v1/briefing`` stores)."""
    from ui.codec import to_data

    return dict(to_data(owner.workspace.briefing(who.user_id)))


@router.put("/briefing", tags=["conversations"])
def save_briefing(body: dict[str, Any], owner: OwnerDep, who: Reader) -> dict[str, Any]:
    """Replace the caller's saved briefing with ``body`` (the object ``GET /v1/briefing``
    returns, edited): the UI saves it after every change."""
    from ui.briefing import Briefing, BriefingItem
    from ui.codec import from_data, to_data

    try:
        brief = from_data(Briefing, body)
        if not isinstance(brief.title, str) or not isinstance(brief.items, list):
            raise TypeError("title must be text and items a list")
        if not all(isinstance(i, BriefingItem) and i.kind in KINDS for i in brief.items):
            raise TypeError(f"each item must be an object with a kind among {', '.join(KINDS)}")
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise HTTPException(422, f"not a briefing: {exc}") from exc
    owner.workspace.save_briefing(who.user_id, brief)
    return dict(to_data(brief))


@router.post(
    "/briefings",
    tags=["conversations"],
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}, DOCX: {}}}},
)
async def briefing(request: Request, body: BriefingIn, owner: OwnerDep, who: Reader) -> Response:
    """Export a briefing as Markdown or DOCX: of one conversation's answers, or (no
    ``conversation_id``) the caller's saved briefing from the UI."""
    data, media, ext = await bounded(request, _export, owner, body, who.user_id, timeout=60.0)
    return Response(
        data, media_type=media,
        headers={"Content-Disposition": f'attachment; filename="briefing.{ext}"'},
    )  # fmt: skip


def _export(owner: Owner, body: BriefingIn, user_id: str) -> tuple[Any, str, str]:
    from ui.briefing import Briefing, to_docx, to_markdown

    if body.conversation_id:
        conv = _conversation(owner, body.conversation_id, user_id)
        brief = Briefing(title=conv.title)
        for e in conv.entries:
            if not e.answer.abstained:
                brief.add_answer(e.answer)
    else:
        brief = owner.workspace.briefing(user_id)
    if not brief.items:
        raise HTTPException(409, "the briefing is empty: ask a question (or add items) first")
    version = owner.assistant().engine.fingerprint()
    if body.format == "docx":
        return to_docx(brief, corpus_version=version, on=date.today()), DOCX, "docx"
    text = to_markdown(brief, corpus_version=version, on=date.today())
    return text.encode("utf-8"), "text/markdown; charset=utf-8", "md"
