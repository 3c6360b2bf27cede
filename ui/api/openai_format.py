"""An :class:`~assistant.types.Answer` in OpenAI's chat-completion shapes, its citations kept.

The message content is the answer with its ``[n]`` markers, then the references as a numbered
list (document, page, paragraph), so a chat front end that shows only the text still shows
where each statement comes from. The structured citations travel beside it, in an extra
top-level ``citations`` field (document, page, section, paragraph, passage id, quote), on the
completion and on the last chunk of a stream.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from assistant.types import Answer, Citation, Filters, Turn

REFERENCES = "References:"
CLOSEST = "Closest passages (not an answer):"
_CHUNK_WORDS = 8  # words per streamed delta


def citation_json(c: Citation) -> dict[str, Any]:
    """One structured citation: where the quote is, and the quote."""
    return {
        "n": c.n,
        "document": c.title or c.doc_id,
        "doc_id": c.doc_id,
        "symbol": c.symbol,
        "page": c.page,
        "section": c.section,
        "paragraph": c.paragraph,
        "passage_id": c.passage_id,
        "quote": c.quote or c.text,
        "source": c.source,
    }


def content_of(answer: Answer) -> str:
    """The message text: the answer, then its references (or, on an abstention, the closest
    passages), one numbered line each."""
    from ui.formatting import reference

    parts = [answer.answer.strip()]
    if answer.notice:
        parts.insert(0, f"Note: {answer.notice}")
    listed, title = (
        (answer.related, CLOSEST) if answer.abstained else (answer.citations, REFERENCES)
    )
    if listed:
        parts.append("\n".join([title, *(f"[{c.n}] {reference(c)}" for c in listed)]))
    return "\n\n".join(p for p in parts if p)


def extras_of(answer: Answer) -> dict[str, Any]:
    """The top-level fields pocdoc adds to OpenAI's shapes."""
    return {
        "citations": [citation_json(c) for c in answer.citations],
        "related": [citation_json(c) for c in answer.related],
        "abstained": answer.abstained,
        "standalone_question": answer.standalone_question or answer.question,
    }


def usage_of(messages_text: str, content: str) -> dict[str, int]:
    """Word counts standing in for tokens (pocdoc has no tokenizer of an LLM to count with)."""
    prompt, completion = len(messages_text.split()), len(content.split())
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def completion(answer: Answer, *, cid: str, created: int, model: str, prompt: str) -> dict:
    content = content_of(answer)
    return {
        "id": cid,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": usage_of(prompt, content),
        **extras_of(answer),
    }


def stream(
    answer: Answer, *, cid: str, created: int, model: str, prompt: str, usage: bool
) -> Iterator[str]:
    """Server-sent events: the role, the content in pieces, a last chunk with the finish reason
    and the citations, the usage when asked for, then ``data: [DONE]``."""
    content = content_of(answer)

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(content):
        yield chunk({"content": piece})
    yield chunk({}, "stop", **extras_of(answer))
    if usage:
        body = {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [],
            "usage": usage_of(prompt, content),
        }
        yield f"data: {json.dumps(body)}\n\n"
    yield "data: [DONE]\n\n"


def pieces(text: str) -> Iterator[str]:
    """``text`` in deltas of a few words each, whitespace kept: joined they give it back."""
    tokens = re.findall(r"\S+\s*|\s+", text)
    for i in range(0, len(tokens), _CHUNK_WORDS):
        yield "".join(tokens[i : i + _CHUNK_WORDS])


def text_of(content: Any) -> str:
    """A message's content as text: a string, or OpenAI's list of parts (text parts kept)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return " ".join(
        str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text"
    )


def history_of(messages: Sequence[tuple[str, str]]) -> tuple[str, list[Turn]]:
    """The last user message, and the earlier user/assistant exchanges as the history the
    assistant reads follow-ups against. Each earlier question is resolved in turn, so a chain of
    follow-ups ("and tier 2?", "and its examples?") keeps the subject of the first. System
    messages are not questions: they are dropped."""
    from assistant.answers import resolve_follow_up

    turns: list[Turn] = []
    question = ""
    for role, text in messages:
        if role == "user":
            if question:  # a user message without an answer: keep it as a turn with none
                turns.append(_turn(question, "", turns, resolve_follow_up))
            question = text
        elif role == "assistant" and question:
            turns.append(_turn(question, _answer_only(text), turns, resolve_follow_up))
            question = ""
    return question, turns


def _turn(question: str, answer: str, turns: list[Turn], resolve: Any) -> Turn:
    standalone, _ = resolve(question, turns, None)
    return Turn(question, standalone, Filters(), answer)


def _answer_only(content: str) -> str:
    """An earlier pocdoc reply without its reference list."""
    for title in (REFERENCES, CLOSEST):
        content = content.split(f"\n\n{title}\n", 1)[0]
    return content.strip()
