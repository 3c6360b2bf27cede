"""How well a passage supports one sentence.

``support_score`` combines two signals: how many of the sentence's content words the passage
contains (lexical recall), and how close the sentence's meaning is to the passage's closest
sentence (cosine of the packaged sentence-transformers embeddings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from assistant.text import content_words, split_sentences

if TYPE_CHECKING:
    from assistant.encoders import Embedder

# score = LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * semantic (lexical alone with no
# embedder), then capped at PARTLY_AT when the sentence states a number the passage lacks.
# Chosen on 20 hand-labelled pairs from corpus passages (a sample is kept in
# tests/assistant/test_support.py): all-MiniLM-L6-v2 gives 0.6-0.9 to a faithful restatement of a
# passage sentence, 0.55-0.7 to a same-topic claim the passage does not make, and 0.1-0.45 to an
# off-topic claim; lexical recall is 0.67-1.0 for quotes and paraphrases and 0-0.4 for off-topic
# claims. Equal weights keep a loose paraphrase (lexical 0.67, semantic 0.62 -> 0.64) above
# SUPPORTED_AT while the off-topic claims scored 0.06-0.37. Neither signal sees a changed number
# ("40 missions" against "12 missions" scored 0.78), hence the number cap. A reworded negation or a
# topical invention that reuses the passage's words can still reach "partly" or above: the verdict
# is a screen for drift, not proof of entailment.
LEXICAL_WEIGHT = 0.5
SUPPORTED_AT = 0.6
PARTLY_AT = 0.4

Verdict = Literal["supported", "partly", "unsupported"]


@dataclass(frozen=True)
class SupportResult:
    """How well one passage supports one sentence. All values lie in [0, 1]."""

    score: float
    lexical: float
    semantic: float | None  # None when scored without an embedder
    verdict: Verdict


# --- lexical support ----------------------------------------------------------------------------


def lexical_support(sentence: str, passage_text: str) -> tuple[float, bool]:
    """Share of the sentence's content words found in the passage (0 if it has none), and whether
    every number in the sentence appears in the passage."""
    wanted = content_words(sentence)
    if not wanted:
        return 0.0, True
    found = content_words(passage_text)
    numbers_found = all(word in found for word in wanted if word[0].isdigit())
    return len(wanted & found) / len(wanted), numbers_found


# --- combined score -----------------------------------------------------------------------------


def support_score(sentence: str, passage_text: str, *, embedder: Embedder | None) -> SupportResult:
    """How well ``passage_text`` supports ``sentence``.

    ``semantic`` is the highest cosine between the sentence and any sentence of the passage, or the
    passage as a whole (a claim may join two of its sentences). With ``embedder=None`` the score is
    the lexical recall alone.
    """
    return support_scores([(sentence, passage_text)], embedder=embedder)[0]


def support_scores(
    pairs: Sequence[tuple[str, str]], *, embedder: Embedder | None
) -> list[SupportResult]:
    """:func:`support_score` for many ``(sentence, passage_text)`` pairs, encoding each text once."""
    lexical = [lexical_support(sentence, passage) for sentence, passage in pairs]
    if embedder is None or not pairs:
        return [_result(lex, numbers, None) for lex, numbers in lexical]
    semantic = _semantic_support(pairs, embedder)
    return [
        _result(lex, numbers, sem) for (lex, numbers), sem in zip(lexical, semantic, strict=True)
    ]


def _semantic_support(pairs: Sequence[tuple[str, str]], embedder: Embedder) -> list[float]:
    texts: dict[str, int] = {}
    pieces: dict[str, list[str]] = {}
    for sentence, passage in pairs:
        texts.setdefault(sentence, len(texts))
        if passage not in pieces:
            pieces[passage] = _passage_pieces(passage)
            for piece in pieces[passage]:
                texts.setdefault(piece, len(texts))
    vectors = embedder.encode_passages(list(texts))
    scores = []
    for sentence, passage in pairs:
        rows = [texts[p] for p in pieces[passage]]
        if not rows:
            scores.append(0.0)
            continue
        cosines = vectors[rows] @ vectors[texts[sentence]]
        scores.append(float(np.clip(cosines.max(), 0.0, 1.0)))
    return scores


def _passage_pieces(passage: str) -> list[str]:
    sentences = [passage[s:e] for s, e in split_sentences(passage)]
    whole = passage.strip()
    return sentences + [whole] if len(sentences) > 1 else sentences


def _result(lexical: float, numbers_found: bool, semantic: float | None) -> SupportResult:
    score = (
        lexical if semantic is None else LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * semantic
    )
    if not numbers_found:
        score = min(score, PARTLY_AT)
    return SupportResult(
        score=score, lexical=lexical, semantic=semantic, verdict=verdict_for(score)
    )


def verdict_for(score: float) -> Verdict:
    """The verdict for a support score, by the thresholds at the top of this module."""
    if score >= SUPPORTED_AT:
        return "supported"
    if score >= PARTLY_AT:
        return "partly"
    return "unsupported"
