"""OpenAI-compatible endpoints: ``GET /v1/models`` and ``POST /v1/chat/completions`` (streaming
and not), so any OpenAI client or chat front end can use pocdoc as a model.

The conversation is the ``messages`` list: the last user message is the question, the earlier
user/assistant turns its history (follow-ups are read against them, as in the UI). The answer
comes back with its ``[n]`` markers and a numbered reference list in the content, and the
structured citations in a top-level ``citations`` field (:mod:`ui.api.openai_format`). The key
is the ``api_key`` the client sends (a reader key suffices). The model ``pocdoc`` answers in the
configured mode; ``pocdoc-extractive`` and ``pocdoc-generative`` choose one.
"""

from __future__ import annotations

import secrets
import time
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.modes import AnswerMode
from ui.api.deps import OwnerDep, Reader, bounded
from ui.api.models import MAX_ITEMS, MAX_QUESTION, FiltersIn
from ui.api.openai_format import completion, history_of, stream, text_of

router = APIRouter(prefix="/v1", tags=["openai-compatible"])

MODEL = "pocdoc"
MAX_MESSAGES = 2 * MAX_ITEMS + 10  # the history the native API takes, plus system messages
MAX_CONTENT = 20_000  # characters of one message (an earlier answer with its references)


def models() -> list[str]:
    return [MODEL, *(f"{MODEL}-{m}" for m in AnswerMode.choices())]


class MessageIn(BaseModel):
    """One chat message. ``content`` may be text or OpenAI's list of parts (text parts read)."""

    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = Field(default=None)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatIn(BaseModel):
    """OpenAI's request body. Sampling options (temperature, max_tokens, ...) are accepted and
    ignored, as OpenAI clients send them unasked (``extra="ignore"``); pocdoc's own options,
    ``filters`` and ``top_k``, go in the client's ``extra_body``."""

    model_config = ConfigDict(extra="ignore")
    model: str = Field(default=MODEL, max_length=100)
    messages: list[MessageIn] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    stream_options: StreamOptions | None = None
    filters: FiltersIn = Field(default_factory=FiltersIn)
    top_k: int | None = Field(default=None, ge=1, le=100)


@router.get("/models")
def list_models(who: Reader) -> dict[str, Any]:
    """The models pocdoc answers as: ``pocdoc`` (the configured answer mode) and one per mode."""
    return {
        "object": "list",
        "data": [
            {"id": m, "object": "model", "created": 0, "owned_by": "pocdoc"} for m in models()
        ],
    }


@router.post("/chat/completions", response_model=None)
async def chat_completions(
    request: Request, body: ChatIn, owner: OwnerDep, who: Reader
) -> dict[str, Any] | StreamingResponse:
    """Answer the last user message with cited passages, in OpenAI's chat-completion format."""
    if body.model not in models():
        raise HTTPException(
            404, f"no model {body.model!r}: this server answers as {', '.join(models())}"
        )
    mode = body.model.removeprefix(MODEL).removeprefix("-") or None
    texts = [(m.role, text_of(m.content)) for m in body.messages]
    if any(len(t) > MAX_CONTENT for _, t in texts):
        raise HTTPException(422, f"a message is longer than {MAX_CONTENT} characters")
    if body.messages[-1].role != "user":
        raise HTTPException(422, "the last message must be the user's question")
    question, history = history_of(texts)
    if not question.strip() or len(question) > MAX_QUESTION:
        raise HTTPException(
            422, f"the question (the last user message) must have 1 to {MAX_QUESTION} characters"
        )
    answer = await bounded(
        request,
        owner.ask,
        question,
        history=history,
        filters=body.filters.to_filters(),
        top_k=body.top_k,
        mode=mode,
    )
    shape = {
        "cid": f"chatcmpl-{secrets.token_urlsafe(18)}",
        "created": int(time.time()),
        "model": body.model,
        "prompt": " ".join(t for _, t in texts),
    }
    if not body.stream:
        return completion(answer, **shape)
    usage = bool(body.stream_options and body.stream_options.include_usage)
    return StreamingResponse(
        stream(answer, usage=usage, **shape),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
