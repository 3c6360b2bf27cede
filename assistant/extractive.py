"""Extractive answers: the retrieved sentences that best answer the question, each cited.

Every sentence of an answer is a verbatim span of the passage it cites (its offsets are kept in
the citation), so nothing uncited can reach the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.support import split_sentences
from assistant.types import AnswerSentence, Citation, Hit

_MIN_WORDS = 5
_MAX_WORDS = 90
_PER_PASSAGE = 1  # so each citation holds exactly the quote it backs
_RANK_WEIGHT = 0.35
# A sentence joins the answer only if it covers at least this share of the question's weight
# that the best sentence covers, so a strong answer is not padded with sentences that merely
# share a common word with the question.
_RELATIVE_FLOOR = 0.5


@dataclass(frozen=True)
class _Candidate:
    hit_index: int
    start: int
    end: int
    score: float
    coverage: float


def compose_extractive(
    question: str,
    hits: Sequence[Hit],
    *,
    max_sentences: int,
    tokens: Callable[[str], list[str]],
    idf: Callable[[list[str]], dict[str, float]],
) -> tuple[str, list[AnswerSentence], list[Citation]]:
    """(answer text with [n] markers, its sentences, the citations they use)."""
    weights = question_weights(question, tokens=tokens, idf=idf)
    candidates: list[_Candidate] = []
    best = max((h.score for h in hits), default=1.0) or 1.0
    for i, hit in enumerate(hits):
        prior = hit.score / best
        text = hit.passage.text
        for start, end in split_sentences(text):
            sentence = text[start:end]
            n_words = len(sentence.split())
            if n_words < _MIN_WORDS or n_words > _MAX_WORDS:
                continue
            covered = coverage(weights, tokens(sentence))
            if covered <= 0:
                continue
            score = (1 - _RANK_WEIGHT) * covered + _RANK_WEIGHT * prior
            candidates.append(_Candidate(i, start, end, score, covered))
    chosen = _select(candidates, max_sentences)
    return _render(chosen, hits)


def question_weights(
    question: str, *, tokens: Callable[[str], list[str]], idf: Callable[[list[str]], dict[str, float]]
) -> dict[str, float]:
    """The question's distinct index tokens, each with its share of the question's IDF weight."""
    weights = idf(list(dict.fromkeys(tokens(question))))
    total = sum(weights.values())
    return {t: w / total for t, w in weights.items()} if total else {}


def coverage(weights: dict[str, float], text_tokens: list[str]) -> float:
    """The share of the question's weight whose tokens occur in ``text_tokens`` (0 to 1)."""
    present = set(text_tokens)
    return sum(w for t, w in weights.items() if t in present)


def _select(candidates: list[_Candidate], limit: int) -> list[_Candidate]:
    per_hit: dict[int, int] = {}
    chosen: list[_Candidate] = []
    ranked = sorted(candidates, key=lambda c: (-c.score, c.hit_index, c.start))
    floor = max((c.coverage for c in ranked), default=0.0) * _RELATIVE_FLOOR
    for c in ranked:
        if c.coverage < floor:
            continue
        if per_hit.get(c.hit_index, 0) >= _PER_PASSAGE:
            continue
        chosen.append(c)
        per_hit[c.hit_index] = per_hit.get(c.hit_index, 0) + 1
        if len(chosen) >= limit:
            break
    # Readable order: passages by rank, sentences in their document order.
    return sorted(chosen, key=lambda c: (c.hit_index, c.start))


def _render(chosen: list[_Candidate], hits: Sequence[Hit]) -> tuple[str, list[AnswerSentence], list[Citation]]:
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for c in chosen:
        hit = hits[c.hit_index]
        if c.hit_index not in numbers:
            numbers[c.hit_index] = len(numbers) + 1
            citations.append(citation_for(hit, numbers[c.hit_index], quote=(c.start, c.end)))
        n = numbers[c.hit_index]
        text = " ".join(hit.passage.text[c.start : c.end].split())
        sentences.append(AnswerSentence(text=text, citations=(n,)))
    answer = " ".join(f"{s.text} [{s.citations[0]}]" for s in sentences)
    return answer, sentences, citations


def citation_for(hit: Hit, n: int, *, quote: tuple[int, int] | None = None) -> Citation:
    p = hit.passage
    start, end = quote if quote else (None, None)
    return Citation(
        n=n,
        passage_id=p.passage_id,
        doc_id=p.doc_id,
        title=p.title,
        doc_type=p.doc_type,
        date=p.date,
        symbol=p.symbol,
        page=p.page,
        section=p.section_label,
        paragraph=p.paragraph,
        source=p.source,
        text=p.text,
        score=round(hit.score, 6),
        quote=p.text[start:end] if quote else "",
        quote_start=start,
        quote_end=end,
    )
