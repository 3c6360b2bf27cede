"""The generative answer: the LLM's reply to a question from its passages, checked sentence by
sentence (:mod:`assistant.answers.generation`), cited by the passages it names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.answers.abstention import abstain, abstain_message
from assistant.answers.composer import citation_for, render_answer
from assistant.answers.generation import generate_answer
from assistant.answers.reading import Reading
from assistant.types import Answer, Definition, Hit, Turn

if TYPE_CHECKING:
    from assistant.encoders import Embedder
    from assistant.settings import AnswerSettings


def generated(
    reading: Reading,
    hits: Sequence[Hit],
    history: Sequence[Turn],
    definitions: tuple[Definition, ...],
    common: dict[str, Any],
    *,
    llm: Any,
    embedder: Embedder | None,
    settings: AnswerSettings,
) -> Answer:
    """The generative answer to ``reading`` from ``hits`` (:func:`generate_answer`), cited by the
    hits its sentences name, or an abstention when the model's reply is not supported."""
    result = generate_answer(
        reading.standalone, hits, llm=llm, embedder=embedder, settings=settings, history=history
    )
    if result.abstained:
        return abstain(hits, abstain_message(reading), common)
    cited = sorted({n for s in result.sentences for n in s.citations if 1 <= n <= len(hits)})
    citations = tuple(citation_for(hits[n - 1], n) for n in cited)
    text = render_answer(definitions, ()) + ("\n\n" if definitions else "") + result.text
    return Answer(
        answer=text,
        abstained=False,
        citations=citations,
        sentences=tuple(result.sentences),
        definitions=definitions,
        **common,
    )
