"""Generative answers: an LLM writes from numbered passages, then each sentence is checked.

The model sees only the retrieved passages, numbered [1]..[k], and must cite one after every
sentence or reply INSUFFICIENT. Nothing it writes is trusted: every sentence is scored against the
passages it cites (:mod:`assistant.answers.support`), and a sentence that cites nothing, or a number that
was never given, is unsupported. Any endpoint failure raises :class:`EndpointError`, which the
engine turns into the extractive answer with a notice.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.answers.llm import endpoint_url, llm_timeout
from assistant.answers.support import support_scores
from assistant.errors import EndpointError
from assistant.settings import LLMSettings
from assistant.text import CITATION_MARKER, split_sentences
from assistant.types import AnswerSentence, Hit, Passage, Turn

if TYPE_CHECKING:
    from assistant.encoders import Embedder
    from assistant.settings import AnswerSettings

INSUFFICIENT = "INSUFFICIENT"

ANSWER_SYSTEM_PROMPT = f"""\
You answer questions about the protection of civilians in UN peace operations, using ONLY the \
numbered passages the user gives you.

Rules:
1. Use only what the passages state. Do not add outside knowledge, even if you know more.
2. End every sentence with the number of the passage that supports it in square brackets, such \
as [1], or [1][3] when it draws on two passages. Cite only the numbers given.
3. Write plain prose: at most {{max_sentences}} sentences, no headings, no lists, no preamble.
4. If the passages do not answer the question, reply with exactly {INSUFFICIENT} and nothing else."""

ANSWER_USER_PROMPT = """\
{conversation}Passages:

{passages}

Question: {question}"""

CONDENSE_PROMPT = """\
Rewrite the follow-up question as one standalone question that can be understood without the \
conversation. Resolve words such as "it", "they", "that mission" or "the second one" from the \
conversation. Do not answer it and do not add facts. Reply with the standalone question only.

Conversation:
{conversation}

Follow-up question: {question}
Standalone question:"""

_HISTORY_TURNS = 4  # earlier turns shown to the model; older ones rarely resolve a reference
_HISTORY_ANSWER_CHARS = 400
_MAX_RANGE = 10  # "[2-4]" is a range; "[1-90]" is not one a model meant
# The reply opens with INSUFFICIENT, or gives it on a line of its own after some preamble.
_INSUFFICIENT_REPLY = re.compile(
    rf"\A\W*{INSUFFICIENT}\b|^\W*{INSUFFICIENT}\W*$", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class GeneratedAnswer:
    """What the model wrote, sentence by sentence, with the support each sentence has.

    ``text`` is the reply as written, [n] markers included; ``cited`` lists the passage numbers
    (1-based positions in ``hits``) that some sentence cites, in order of first citation.
    ``abstained`` is True when the model replied INSUFFICIENT; then there are no sentences.
    """

    text: str
    sentences: tuple[AnswerSentence, ...]
    cited: tuple[int, ...]
    abstained: bool

    @property
    def unsupported(self) -> int:
        """How many sentences the passages they cite do not support."""
        return sum(1 for s in self.sentences if s.verdict == "unsupported")


def generate_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    llm: Any,
    embedder: Embedder | None,
    settings: AnswerSettings,
    history: Sequence[Turn] = (),
    timeout_s: float | None = None,
) -> GeneratedAnswer:
    """Ask ``llm`` to answer ``question`` from ``hits`` alone, and check every sentence it writes.

    Args:
        question: the standalone question (see :func:`condense_question`).
        hits: the passages, numbered [1]..[k] in this order.
        llm: a llama-index LLM, e.g. from :func:`assistant.answers.llm.build_llm`.
        embedder: scores support semantically; None scores lexically only.
        settings: ``max_sentences`` bounds the answer's length.
        history: earlier turns, shown so the model reads the question in context.
        timeout_s: the most seconds to wait for the endpoint; default the LLM's own timeout.

    Raises:
        EndpointError: the endpoint refused, failed, timed out or replied with nothing.
    """
    if not hits:
        return GeneratedAnswer(text="", sentences=(), cited=(), abstained=True)
    from llama_index.core.llms import ChatMessage

    messages = [
        ChatMessage(
            role="system", content=ANSWER_SYSTEM_PROMPT.format(max_sentences=settings.max_sentences)
        ),
        ChatMessage(
            role="user",
            content=ANSWER_USER_PROMPT.format(
                conversation=_conversation_block(history),
                passages=format_passages(hits),
                question=question.strip(),
            ),
        ),
    ]
    reply = _chat(llm, messages, timeout_s=timeout_s)
    if _INSUFFICIENT_REPLY.search(reply):
        return GeneratedAnswer(text=reply, sentences=(), cited=(), abstained=True)
    return check_reply(reply, [hit.passage for hit in hits], embedder=embedder)


def check_reply(
    reply: str, passages: Sequence[Passage], *, embedder: Embedder | None
) -> GeneratedAnswer:
    """Split ``reply`` into sentences and judge each against the passages it cites.

    A sentence's support is the best score among the passages it cites. A sentence that cites no
    passage, or any number outside 1..len(passages), is "unsupported": an invented source number is
    itself a fabrication.
    """
    parsed = []
    for start, end in split_sentences(reply):
        raw = reply[start:end]
        numbers = _cited_numbers(raw)
        valid = tuple(n for n in numbers if 1 <= n <= len(passages))
        parsed.append((_strip_markers(raw), valid, len(valid) == len(numbers) and bool(valid)))
    pairs = [(text, passages[n - 1].text) for text, valid, _ in parsed for n in valid]
    results = iter(support_scores(pairs, embedder=embedder))
    sentences = []
    for text, valid, cites_ok in parsed:
        best = max((next(results) for _ in valid), key=lambda r: r.score, default=None)
        score = best.score if best is not None else 0.0
        verdict = best.verdict if best is not None and cites_ok else "unsupported"
        sentences.append(
            AnswerSentence(text=text, citations=valid, verdict=verdict, support=round(score, 4))
        )
    cited = tuple(dict.fromkeys(n for _, valid, _ in parsed for n in valid))
    return GeneratedAnswer(text=reply, sentences=tuple(sentences), cited=cited, abstained=False)


def condense_question(
    history: Sequence[Turn], question: str, *, llm: Any, timeout_s: float | None = None
) -> str:
    """The follow-up ``question`` rewritten to stand alone, using the conversation in ``history``.

    With no history the question is returned unchanged and the LLM is not called.

    Raises:
        EndpointError: the endpoint refused, failed, timed out or replied with nothing.
    """
    if not history:
        return question
    from llama_index.core.llms import ChatMessage

    prompt = CONDENSE_PROMPT.format(
        conversation=_conversation_lines(history), question=question.strip()
    )
    reply = _chat(llm, [ChatMessage(role="user", content=prompt)], timeout_s=timeout_s)
    first_line = next(line for line in reply.splitlines() if line.strip())
    standalone = re.sub(r"^\s*standalone question\s*:\s*", "", first_line, flags=re.IGNORECASE)
    return standalone.strip().strip("\"'“”").strip() or question


def format_passages(hits: Sequence[Hit]) -> str:
    """The passages as the model sees them: "[n] title | symbol | date | section | page | para."
    (parts that are empty left out), then the passage text."""
    return "\n\n".join(
        f"[{i}] {_source_line(hit.passage)}\n{hit.passage.text.strip()}"
        for i, hit in enumerate(hits, 1)
    )


def _source_line(p: Passage) -> str:
    parts = [p.title or p.doc_id]
    if p.symbol:
        parts.append(p.symbol)
    if p.date:
        parts.append(p.date)
    if p.section:
        parts.append(p.section_label)
    if p.page is not None:
        parts.append(
            f"p. {p.page}" if p.page_end in (None, p.page) else f"pp. {p.page}-{p.page_end}"
        )
    if p.paragraph:
        parts.append(f"para. {p.paragraph}")
    return " | ".join(parts)


def _conversation_lines(history: Sequence[Turn]) -> str:
    lines = []
    for turn in history[-_HISTORY_TURNS:]:
        lines.append(f"User: {turn.standalone_question or turn.question}")
        if turn.answer:
            answer = _strip_markers(" ".join(turn.answer.split()))
            if len(answer) > _HISTORY_ANSWER_CHARS:
                answer = answer[:_HISTORY_ANSWER_CHARS].rsplit(" ", 1)[0] + " ..."
            lines.append(f"Assistant: {answer}")
    return "\n".join(lines)


def _conversation_block(history: Sequence[Turn]) -> str:
    if not history:
        return ""
    return f"Earlier in this conversation (context only, not a source):\n{_conversation_lines(history)}\n\n"


def _cited_numbers(sentence: str) -> tuple[int, ...]:
    """Numbers in the sentence's [n] markers, in order: "[1, 3]" -> 1, 3; "[2-4]" -> 2, 3, 4."""
    numbers: list[int] = []
    for group in CITATION_MARKER.findall(sentence):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
            low, high = bounds[0], bounds[-1]
            if low <= high <= low + _MAX_RANGE:
                numbers.extend(range(low, high + 1))
            else:  # "[3-1]", "[1-90]": keep both ends, so an invented one is caught
                numbers.extend((low, high))
    return tuple(dict.fromkeys(numbers))


def _strip_markers(text: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", CITATION_MARKER.sub("", text)).strip()


def _chat(llm: Any, messages: list[Any], *, timeout_s: float | None) -> str:
    """One chat call, bounded in total by ``timeout_s``; every failure becomes EndpointError."""
    endpoint = endpoint_url(llm)
    limit = timeout_s or llm_timeout(llm) or LLMSettings.model_fields["timeout_s"].default
    outcome: dict[str, Any] = {}

    def call() -> None:
        try:
            outcome["response"] = llm.chat(messages)
        except Exception as exc:
            outcome["error"] = exc

    # A daemon thread, so a hung connection cannot hold the caller (or interpreter exit) past the
    # limit; the client's own timeout ends the thread soon after.
    worker = threading.Thread(target=call, name="pocdoc-llm-call", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        raise EndpointError(
            f"LLM endpoint {endpoint} gave no answer within {limit:g} s: "
            "check that the server is up, or raise llm.timeout_s"
        )
    if "error" in outcome:
        exc = outcome["error"]
        raise EndpointError(f"LLM endpoint {endpoint} failed: {_describe(exc, limit)}") from exc
    content: str | None = outcome["response"].message.content
    if not content or not content.strip():
        raise EndpointError(
            f"LLM endpoint {endpoint} replied with an empty message: check llm.model"
        )
    return content.strip()


def _describe(exc: BaseException, limit: float) -> str:
    """A reason a user can act on, read from the exception without importing each client."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    status = getattr(exc, "status_code", None)
    if any("Timeout" in name for name in names):
        return f"timed out after {limit:g} s ({type(exc).__name__}); raise llm.timeout_s or check the server"
    if status is not None:
        return f"HTTP {status} ({exc}); check llm.base_url and llm.model"
    if any("Connect" in name for name in names):
        return f"could not connect ({type(exc).__name__}: {exc}); is the server running at llm.base_url?"
    return f"{type(exc).__name__}: {exc}"
