"""Extractive answers: the answer units that best answer the question, each quoted and cited.

Units (:mod:`assistant.units`) of the top passages are scored by three signals: the IDF-weighted
share of the question's terms they hold (coverage), the packaged encoder's cosine between the
question and the unit (semantic), and their passage's retrieval rank (prior). The question's form
adds its rule: a definition prefers a unit that defines the subject, an enumeration a unit that
brings its items, a factoid a unit holding the kind of value asked for (and one or two units at
most), a procedure a unit that recommends. Units are then picked by maximal marginal relevance,
so the answer does not say one thing twice, and nothing a previous answer in the conversation
already said is repeated. A picked sentence may take up to two neighbours of its passage when
they belong to it ("This ...", "However, ..."), as one quoted span.

Every answer sentence is a verbatim span of the passage it cites (offsets in the citation),
shown through :func:`assistant.text.display_text`, so nothing uncited reaches the answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.questions import Expect, Form, QuestionForm
from assistant.text import content_words, display_text
from assistant.types import AnswerSentence, Citation, Hit, Passage
from assistant.units import Unit, answer_units

Tokens = Callable[[str], list[str]]
Idf = Callable[[list[str]], dict[str, float]]
Encode = Callable[[list[str]], np.ndarray]

# score = COVERAGE * coverage + SEMANTIC * cosine + PRIOR * rank prior (+ the form's bonus).
COVERAGE, SEMANTIC, PRIOR = 0.45, 0.40, 0.15
FORM_BONUS = 0.12
MMR_LAMBDA = 0.35  # weight of the similarity to units already picked
RELATIVE_FLOOR = 0.6  # a unit joins only if it scores at least this share of the best one
REPEAT_AT = 0.6  # content-word overlap with an earlier answer above which a unit is "already said"
SEMANTIC_POOL = 10  # units (by lexical score) the encoder scores per question
SEMANTIC_WORDS = 40  # the encoder reads a unit's first words: enough for its topic, and cheap
PASSAGES = 8  # top passages whose units compete
FACTOID_UNITS = 2
FACTOID_FLOOR = 0.8  # a factoid wants its value, not the neighbourhood
MAX_SPAN_SENTENCES = 3

_JOINS_PREVIOUS = re.compile(
    r"^(?:This|These|That|Those|Such|It|They|Their|Its|However|Moreover|Furthermore|In addition|"
    r"Additionally|As a result|Accordingly|Consequently|Thus|Therefore|In particular|For example|"
    r"For instance|Similarly|Likewise|Instead|Nevertheless|Yet)\b"
)
_DEFINES = re.compile(r"\b(?:is|are|means|refers? to|defined as|known as|consists? of|understood as|comprises?)\b|\(tier\s*\w+\)", re.I)
_RECOMMENDS = re.compile(
    r"\b(?:should|must|needs? to be|ought to|recommend\w*|encourag\w*|call(?:s|ed)? (?:on|for|upon)|"
    r"requires?|important to|essential|crucial|can help|could|strengthen|ensure|develop|invest|consider)\b",
    re.I,
)
_ADVICE_SECTION = re.compile(r"recommend|option|implication|lesson|way forward|looking ahead|conclusion|observation", re.I)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|dozen)\b", re.I)
_DATE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_NAME = re.compile(r"(?<=\S\s)[A-Z][\w’'-]+")
_LEADING_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)]\s+")


class CachedEncoder:
    """An encoder that remembers the vectors of the texts it has seen (answer units recur: the same
    passages answer related questions, and a follow-up re-reads the passages of the turn before).
    Thread-safe; holds at most ``size`` vectors, dropping the oldest first."""

    def __init__(self, encode: Encode, size: int = 20_000) -> None:
        import threading
        from collections import OrderedDict

        self._encode, self._size = encode, size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            fresh = self._encode(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._vectors[text] = vector
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        with self._lock:
            return np.stack([self._vectors[t] for t in texts])


@dataclass(frozen=True)
class Candidate:
    hit_index: int
    unit: Unit
    lexical: float  # coverage and prior, before the encoder is asked
    coverage: float
    score: float = 0.0
    vector: np.ndarray | None = None
    fit: float = 1.0  # how well the unit suits the question's form (procedure: does it advise?)


class Composer:
    """Extractive composition over one index's tokeniser, IDF and the packaged encoder."""

    def __init__(self, *, tokens: Tokens, idf: Idf, encode: Encode | None, max_units: int) -> None:
        self.tokens, self.idf, self.encode, self.max_units = tokens, idf, encode, max_units

    def compose(
        self,
        question: str,
        form: QuestionForm,
        hits: Sequence[Hit],
        *,
        already_said: Sequence[str] = (),
        must_mention: Sequence[re.Pattern[str]] = (),
    ) -> tuple[list[AnswerSentence], list[Citation]]:
        """The answer sentences and the citations they use (numbered 1.. in order of use).

        ``must_mention``: when given, only units matching one of the patterns compete (after a
        glossary definition, the passages that use the defined term).
        """
        weights = question_weights(question, tokens=self.tokens, idf=self.idf)
        candidates = self._candidates(weights, form, hits[:PASSAGES])
        if must_mention:
            candidates = [c for c in candidates if any(p.search(_span_text(hits, c)) for p in must_mention)]
        said = [content_words(text) for text in already_said]
        candidates = [c for c in candidates if not _repeats(hits, c, said)]
        if not candidates:
            return [], []
        self._score_semantic(question, hits, candidates, form)
        chosen, floor = self._select(candidates, form)
        return _render(self._extend(chosen, hits, candidates, floor), hits)

    # -- scoring -----------------------------------------------------------------------------
    def _candidates(self, weights: dict[str, float], form: QuestionForm, hits: Sequence[Hit]) -> list[Candidate]:
        best = max((h.score for h in hits), default=1.0) or 1.0
        out: list[Candidate] = []
        for i, hit in enumerate(hits):
            p = hit.passage
            if p.paragraph.startswith("note"):
                continue  # footnotes cite sources; they are not answer text
            prior = hit.score / best
            for unit in _units_of(p):
                covered = coverage(weights, self.tokens(p.text[unit.start : unit.end]))
                if covered <= 0:
                    continue
                lexical = COVERAGE * covered + PRIOR * prior
                out.append(Candidate(i, unit, lexical, covered))
        return out

    def _score_semantic(self, question: str, hits: Sequence[Hit], candidates: list[Candidate], form: QuestionForm) -> None:
        pool = sorted(range(len(candidates)), key=lambda k: -candidates[k].lexical)[:SEMANTIC_POOL]
        cosines = np.zeros(len(candidates), dtype=np.float32)
        vectors: dict[int, np.ndarray] = {}
        if self.encode is not None and pool:
            texts = [question] + [" ".join(display_text(_span_text(hits, candidates[k])).split()[:SEMANTIC_WORDS]) for k in pool]
            matrix = self.encode(texts)
            for row, k in enumerate(pool, start=1):
                vectors[k] = matrix[row]
                cosines[k] = float(np.dot(matrix[0], matrix[row]))
        for k, c in enumerate(candidates):
            semantic = float(cosines[k]) if self.encode is not None else c.coverage
            if self.encode is not None and k not in vectors:
                semantic = 0.0  # outside the pool: lexically too weak to be picked
            score = c.lexical + SEMANTIC * semantic + _form_bonus(form, hits[c.hit_index], c, _span_text(hits, c))
            fit = _advice_weight(hits[c.hit_index], _span_text(hits, c)) if form.form is Form.PROCEDURE else 1.0
            score *= fit
            if form.form is Form.FACTOID and not _holds(form.expect, _LEADING_NUMBER.sub("", _span_text(hits, c))):
                score *= 0.5
            candidates[k] = replace(c, score=score, vector=vectors.get(k), fit=fit)

    # -- selection ---------------------------------------------------------------------------
    def _select(self, candidates: list[Candidate], form: QuestionForm) -> tuple[list[Candidate], float]:
        factoid = form.form is Form.FACTOID
        limit = FACTOID_UNITS if factoid else self.max_units
        best_fit = max(c.fit for c in candidates)
        if form.form is Form.PROCEDURE and best_fit > 0.6:
            candidates = [c for c in candidates if c.fit == best_fit]  # there is advice: answer with the best advice only
        floor = max(c.score for c in candidates) * (FACTOID_FLOOR if factoid else RELATIVE_FLOOR)
        pool = [c for c in candidates if c.score >= floor]
        chosen: list[Candidate] = []
        used_hits: set[int] = set()
        while pool and len(chosen) < limit:
            best = max(pool, key=lambda c: c.score - MMR_LAMBDA * _max_similarity(c, chosen))
            pool.remove(best)
            if best.hit_index in used_hits or _max_similarity(best, chosen) > 0.9:
                continue  # one span per passage, so each citation holds exactly its quote
            chosen.append(best)
            used_hits.add(best.hit_index)
        return sorted(chosen, key=lambda c: (c.hit_index, c.unit.start)), floor

    def _extend(
        self, chosen: list[Candidate], hits: Sequence[Hit], candidates: Sequence[Candidate], floor: float
    ) -> list[tuple[int, int, int, str]]:
        """(hit index, start, end, label): each sentence joined with the neighbours that belong to
        it; an article's paragraph with the neighbouring paragraphs that also answer."""
        spans = []
        for c in chosen:
            u = c.unit
            start, end, label = u.start, u.end, u.label
            if u.kind in ("item", "list") and u.label.startswith("Art."):
                start, end, label = _article_run(c, candidates, floor)
            elif u.kind == "sentence":
                p = hits[c.hit_index].passage
                units = [x for x in _units_of(p) if x.block == u.block and x.kind == "sentence"]
                at = next((k for k, x in enumerate(units) if x.start == u.start), None)
                if at is not None:
                    first, last = at, at
                    if first > 0 and _JOINS_PREVIOUS.match(p.text[u.start : u.end]):
                        first -= 1
                    while last - first + 1 < MAX_SPAN_SENTENCES and last + 1 < len(units) and _JOINS_PREVIOUS.match(p.text[units[last + 1].start : units[last + 1].end]):
                        last += 1
                    start, end = units[first].start, units[last].end
            spans.append((c.hit_index, start, end, label))
        return spans


def question_weights(question: str, *, tokens: Tokens, idf: Idf) -> dict[str, float]:
    """The question's distinct index tokens, each with its share of the question's IDF weight."""
    weights = idf(list(dict.fromkeys(tokens(question))))
    total = sum(weights.values())
    return {t: w / total for t, w in weights.items()} if total else {}


def coverage(weights: dict[str, float], text_tokens: list[str]) -> float:
    """The share of the question's weight whose tokens occur in ``text_tokens`` (0 to 1)."""
    present = set(text_tokens)
    return sum(w for t, w in weights.items() if t in present)


def citation_for(hit: Hit, n: int, *, quote: tuple[int, int] | None = None) -> Citation:
    p = hit.passage
    start, end = quote if quote else (None, None)
    return Citation(
        n=n, passage_id=p.passage_id, doc_id=p.doc_id, title=p.title, doc_type=p.doc_type, date=p.date,
        symbol=p.symbol, page=p.page, section=p.section_label, paragraph=p.paragraph, source=p.source,
        text=p.text, score=round(hit.score, 6), quote=p.text[start:end] if quote else "",
        quote_start=start, quote_end=end,
    )


@functools.lru_cache(maxsize=4096)
def _units_of(passage: Passage) -> tuple[Unit, ...]:
    """A passage's answer units, cut once: scoring and span extension read the same ones, and a
    passage that answers one question often answers the next (passages are immutable)."""
    return tuple(answer_units(passage.text, paragraph=passage.paragraph, treaty=passage.doc_type == "treaty"))


def _article_run(c: Candidate, candidates: Sequence[Candidate], floor: float) -> tuple[int, int, str]:
    """The paragraphs of one article from the first to the last that scores above the floor
    (those between come too, so the quote reads whole), as one span: "Art. 79(1)-(3)"."""
    same = sorted((x for x in candidates if x.hit_index == c.hit_index and x.unit.label.startswith("Art.")), key=lambda x: x.unit.start)
    above = [k for k, x in enumerate(same) if x.score >= floor or x.unit.start == c.unit.start]
    a, b = same[above[0]].unit, same[above[-1]].unit
    if a == b or "(" not in b.label:
        return a.start, b.end, a.label
    return a.start, b.end, f"{a.label}-({b.label.rsplit('(', 1)[-1]}"


def _span_text(hits: Sequence[Hit], c: Candidate) -> str:
    return hits[c.hit_index].passage.text[c.unit.start : c.unit.end]


def _form_bonus(form: QuestionForm, hit: Hit, c: Candidate, text: str) -> float:
    if form.form is Form.DEFINITION:
        subject = content_words(form.subject)
        return FORM_BONUS if subject and subject <= content_words(text) and _DEFINES.search(text) else 0.0
    if form.form is Form.ENUMERATION:
        head = form.head.casefold()[:-1] if len(form.head) > 4 else form.head.casefold()
        listed = head and (head in text.casefold() or head in hit.passage.section_label.casefold())
        return FORM_BONUS if c.unit.kind == "list" and listed else 0.0
    if form.form is Form.DOCUMENT and c.unit.kind in ("item", "list"):
        return FORM_BONUS / 2
    return 0.0


def _advice_weight(hit: Hit, text: str) -> float:
    """1 for a recommending sentence in a recommendations (or lessons, implications) section,
    0.8 for one of the two, 0.6 for neither: a description of the problem is not advice."""
    signals = bool(_RECOMMENDS.search(text)) + bool(_ADVICE_SECTION.search(hit.passage.section_label))
    return (0.6, 0.8, 1.0)[signals]


def _holds(expect: Expect, text: str) -> bool:
    if expect is Expect.NUMBER:
        return bool(_NUMBER.search(text))
    if expect is Expect.DATE:
        return bool(_DATE.search(text))
    if expect in (Expect.NAME, Expect.PLACE):
        return bool(_NAME.search(text))
    return True


def _max_similarity(c: Candidate, chosen: Sequence[Candidate]) -> float:
    if c.vector is None:
        return 0.0
    return max((float(np.dot(c.vector, o.vector)) for o in chosen if o.vector is not None), default=0.0)


def _repeats(hits: Sequence[Hit], c: Candidate, said: Sequence[set[str]]) -> bool:
    words = content_words(_span_text(hits, c))
    return bool(words) and any(len(words & s) / len(words) >= REPEAT_AT for s in said)


def _is_list(span: str) -> bool:
    return span.count("\n") > 0 and bool(re.search(r"\n\s*(?:[-*•▪◦‣]|\(?[a-z0-9]{1,3}[.)])\s", span))


def _render(spans: list[tuple[int, int, int, str]], hits: Sequence[Hit]) -> tuple[list[AnswerSentence], list[Citation]]:
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for hit_index, start, end, label in spans:
        hit = hits[hit_index]
        numbers[hit_index] = len(numbers) + 1
        citations.append(citation_for(hit, numbers[hit_index], quote=(start, end)))
        text = display_text(hit.passage.text[start:end], lines=_is_list(hit.passage.text[start:end]))
        if label and "\n" not in text:  # the label carries the number ("Art. 79(1)", "para. 61")
            text = _LEADING_NUMBER.sub("", text, count=1)
        sentences.append(AnswerSentence(text=text, citations=(numbers[hit_index],), label=label))
    return sentences, citations
