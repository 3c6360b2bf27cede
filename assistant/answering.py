"""`ask`: resolve the question, retrieve, answer extractively (or generatively), or abstain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.conversation import resolve_follow_up
from assistant.errors import ConfigError, EndpointError
from assistant.extractive import citation_for, compose_extractive, coverage, question_weights
from assistant.lexical import LexicalIndex
from assistant.types import Answer, Filters, Hit, Turn

if TYPE_CHECKING:
    from assistant.engine import Engine

ABSTAIN_MESSAGE = (
    "The indexed corpus does not address this question. "
    "The closest passages are listed below as related material, not as an answer."
)
_RELATED = 3
_EVIDENCE_DEPTH = 3


def evidence_score(question: str, hits: Sequence[Hit], lexical: LexicalIndex) -> float:
    """How strongly the corpus bears on the question, in [0, 1].

    The minimum of two signals over the top passages: the best cosine similarity between the
    question and a passage (low for off-domain questions), and the best IDF-weighted share of the
    question's terms that one passage contains (low when the corpus lacks the question's specific
    subject, e.g. a budget or a year it never mentions). On the gold set the coverage signal
    separates answerable from unanswerable questions far better than cosine alone (abstention F1
    0.63 vs 0.45); the minimum keeps cosine's protection against off-domain word overlap. The
    threshold is calibrated by `pocdoc eval` (see eval/RESULTS.md).
    """
    top = hits[:_EVIDENCE_DEPTH]
    dense = max((h.dense_score for h in top if h.dense_score is not None), default=0.0)
    return min(dense, query_coverage(question, [h.passage.text for h in top], lexical))


def query_coverage(question: str, texts: Sequence[str], lexical: LexicalIndex) -> float:
    """The best share of the question's IDF weight that any one text contains."""
    weights = question_weights(question, tokens=lexical.query_tokens, idf=lexical.idf)
    return max((coverage(weights, lexical.query_tokens(text)) for text in texts), default=0.0)


def answer_question(
    engine: Engine,
    question: str,
    *,
    history: Sequence[Turn] = (),
    filters: Filters | None = None,
    top_k: int | None = None,
    mode: str | None = None,
) -> Answer:
    settings = engine.settings
    mode = mode or settings.answer.mode
    if mode not in ("extractive", "generative"):
        raise ConfigError(f"unknown answer mode '{mode}': choose extractive or generative")
    if mode == "generative" and settings.llm.provider == "none":
        raise ConfigError("generative mode needs an endpoint: set llm.provider (openai_like or ollama) and llm.base_url")
    question = question.strip()
    if not question:
        raise ConfigError("the question is empty: ask something")
    standalone, filters = resolve_follow_up(question, history, filters)
    notice = ""
    if mode == "generative" and history:
        try:
            from assistant.generation import condense_question

            standalone = condense_question(history, question, llm=engine.llm())
        except EndpointError as exc:
            notice = f"the LLM endpoint failed while condensing the conversation ({exc}); used the plain follow-up"
    hits = engine.retrieve(standalone, top_k=top_k, filters=filters)
    evidence = evidence_score(standalone, hits, engine.lexical)
    common = {
        "question": question,
        "standalone_question": standalone,
        "evidence_score": evidence,
        "filters": filters.to_dict() if filters else {},
        "settings": settings.public_dict(),
    }
    if not hits or evidence < settings.answer.abstain_threshold:
        return _abstain(hits, mode, notice, common)
    if mode == "generative":
        try:
            return _generative(engine, question, standalone, hits, history, notice, common)
        except EndpointError as exc:
            notice = f"the LLM endpoint failed ({exc}); showing the extractive answer instead"
    lexical = engine.lexical
    text, sentences, citations = compose_extractive(
        standalone,
        hits,
        max_sentences=settings.answer.max_sentences,
        tokens=lexical.query_tokens,
        idf=lexical.idf,
    )
    if not sentences:
        return _abstain(hits, "extractive", notice, common)
    return Answer(
        answer=text, abstained=False, citations=tuple(citations), sentences=tuple(sentences),
        mode="extractive", notice=notice, **common,
    )


def _abstain(hits: Sequence[Hit], mode: str, notice: str, common: dict) -> Answer:
    related = tuple(citation_for(h, n) for n, h in enumerate(hits[:_RELATED], 1))
    return Answer(answer=ABSTAIN_MESSAGE, abstained=True, citations=(), related=related, mode=mode, notice=notice, **common)


def _generative(engine, question, standalone, hits, history, notice, common) -> Answer:
    from assistant.generation import generate_answer

    result = generate_answer(standalone, hits, llm=engine.llm(), embedder=engine.embedder, settings=engine.settings.answer, history=history)
    if result.abstained:
        return _abstain(hits, "generative", notice, common)
    cited = sorted({n for s in result.sentences for n in s.citations if 1 <= n <= len(hits)})
    citations = tuple(citation_for(hits[n - 1], n) for n in cited)
    return Answer(
        answer=result.text, abstained=False, citations=citations, sentences=tuple(result.sentences),
        mode="generative", notice=notice, **common,
    )
