"""Sentence splitting for UN prose, and how well a passage supports one sentence.

``split_sentences`` is pure regex and returns offsets, so callers can quote the source exactly.
``support_score`` combines two signals: how many of the sentence's content words the passage
contains (lexical recall), and how close the sentence's meaning is to the passage's closest
sentence (cosine of the packaged sentence-transformers embeddings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from assistant.embeddings import Embedder

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


# --- sentence splitting -------------------------------------------------------------------------

# A citation marker as answers write them: "[1]", "[2, 3]", "[2-4]". One to three digits, so a
# bracketed span of years in a quotation ("[2012-2017]") is not one.
CITATION_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]")
# A paragraph break, or a line break before a list item ("- ", "• ", "(a) ", "b) ", "12. ").
_HARD_BREAK = re.compile(r"\n\s*\n|\n[ \t]*(?=(?:[-*•▪◦‣–—]|\(?[A-Za-z0-9]{1,4}\)|\d{1,3}\.)[ \t])")
# Terminal punctuation, closing quotes/brackets, then citation markers such as "[1]" or "[2, 3]"
# that belong to the sentence they follow.
_END = re.compile(r"[.!?…]+['\"”’)\]]*(?:[ \t]*" + CITATION_MARKER.pattern + r")*(?=\s|$)")
_NEXT = re.compile(r"\s*(\S)")
_LAST_TOKEN = re.compile(r"(\S+)$")

# Abbreviations after which a period never ends a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sr jr gen lt col maj capt cmdr sgt amb hon rev messrs mme "
    "cf viz vs al approx ca ibid op cit loc seq".split()
)
# Abbreviations that end no sentence when a number or a numeral follows: "para. 12", "Art. IV".
_NUMBER_ABBREVIATIONS = frozenset(
    "para paras subpara art arts no nos p pp vol vols ch chap sect sec fig figs res doc "
    "n nn suppl add corr ann sess reg regs tab".split()
)
_NUMBERISH = re.compile(r"[\d(\[]|[IVXLC]+\b")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.N, e.g, i.e, a.m
# A paragraph or heading number opening a segment: "12.", "3.1.", "IV.", "(b).", "A."
_MARKUP = "#*_>"  # Markdown heading, emphasis and quote marks that may precede an enumerator
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Za-z])\)?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, in order.

    Each ``text[start:end]`` is non-empty with no leading or trailing whitespace, and every
    non-space character of ``text`` falls in exactly one span. Periods in abbreviations
    ("para. 12", "U.N.", "e.g."), decimals ("37.6"), symbols ("S/2019/805") and paragraph numbers
    ("12. The mission ...") do not end a sentence; citation markers after the full stop
    ("... civilians. [2]") stay with their sentence. Single line breaks (hard-wrapped PDF text) do
    not split; blank lines and line breaks before list items do.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in _HARD_BREAK.finditer(text):
        _split_block(text, start, brk.start(), spans)
        start = brk.end()
    _split_block(text, start, len(text), spans)
    return spans


def _split_block(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg_start = start
    for match in _END.finditer(text, start, end):
        cut = match.end()
        if _is_boundary(text, seg_start, match, end):
            _append_stripped(text, seg_start, cut, spans)
            seg_start = cut
    _append_stripped(text, seg_start, end, spans)


def _is_boundary(text: str, seg_start: int, match: re.Match[str], end: int) -> bool:
    following = _NEXT.match(text, match.end(), end)
    if following is None:
        return False  # the block ends here anyway
    nxt = following.group(1)
    if nxt.islower() or nxt in ",;:":
        return False
    if match.group()[0] != "." or match.group().startswith(".."):
        return True
    before = _LAST_TOKEN.search(text, seg_start, match.start())
    if before is None:
        return True
    token = before.group(1)
    opens_segment = text[seg_start : before.start()].strip(_MARKUP + " \t\n\r\f\v") == ""
    if opens_segment and _ENUMERATOR.fullmatch(token.lstrip(_MARKUP)):
        return False  # "12. The Council ..." or "## A. Mandating" opens a numbered paragraph or heading
    word = token.lstrip("(['\"“‘").lower()
    if word in _ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return False
    if word in _NUMBER_ABBREVIATIONS:
        return not _NUMBERISH.match(text, following.start(1))
    return True


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --- lexical support ----------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_STOPWORDS = frozenset(
    """a about above after again against all also am among an and any are as at be because been
    before being below between both but by can could did do does doing down during each either
    etc few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just may me might more most must my myself nor not now
    of off on once only or other otherwise our ours ourselves out over own per same shall she
    should so some such than that the their theirs them themselves then there these they this
    those through thus to too under until up upon us very via was we were what when where whether
    which while who whom whose why will with within without would yet you your yours""".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased, lightly stemmed words and numbers of ``text``; stopwords and [n] markers removed.

    Thousands separators are dropped, so "11,075" meets "11075".
    """
    return {
        _stem(tok.replace(",", "")) if tok[0].isdigit() else _stem(tok)
        for tok in _TOKEN.findall(CITATION_MARKER.sub(" ", text).lower())
        if tok not in _STOPWORDS and (len(tok) > 1 or tok.isdigit())
    }


def _stem(word: str) -> str:
    """A light suffix strip, applied alike to both sides, so "mandated" meets "mandates"."""
    if word[0].isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


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


def support_scores(pairs: Sequence[tuple[str, str]], *, embedder: Embedder | None) -> list[SupportResult]:
    """:func:`support_score` for many ``(sentence, passage_text)`` pairs, encoding each text once."""
    lexical = [lexical_support(sentence, passage) for sentence, passage in pairs]
    if embedder is None or not pairs:
        return [_result(lex, numbers, None) for lex, numbers in lexical]
    semantic = _semantic_support(pairs, embedder)
    return [_result(lex, numbers, sem) for (lex, numbers), sem in zip(lexical, semantic, strict=True)]


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
    score = lexical if semantic is None else LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * semantic
    if not numbers_found:
        score = min(score, PARTLY_AT)
    return SupportResult(score=score, lexical=lexical, semantic=semantic, verdict=verdict_for(score))


def verdict_for(score: float) -> Verdict:
    """The verdict for a support score, by the thresholds at the top of this module."""
    if score >= SUPPORTED_AT:
        return "supported"
    if score >= PARTLY_AT:
        return "partly"
    return "unsupported"
