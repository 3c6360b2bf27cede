"""Scoring answer units: how well each unit of the candidate passages answers the question.

Units (:mod:`assistant.answers.units`) of the candidate passages are scored by three signals: the
IDF-weighted share of the question's terms they hold (coverage; a sentence also reads, at a
quarter of their weight, the terms of the two sentences before it in its paragraph, which often
name what "Each community ..." is about), the packaged encoder's cosine between the question and
the unit (semantic), and their passage's retrieval rank (prior). The
question's weights leave out its frame ("how many", "according to the note") and discount its
anchors (the mission, place or year that chose the passages), and a unit lacking the question's
key term (its one most specific word) loses a quarter of its score: "homicides" decides among
paragraphs that all name Haiti. The question's form adds its rule: a definition prefers a unit
that defines the subject, an enumeration a unit that brings its items, a factoid a unit holding a
value of the kind asked for that the question does not already state (and one or two units at
most; "how many members" wants a number of members), a procedure a unit that recommends or
obliges, a question naming a treaty article the article's opening.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answers.questions import Form, QuestionForm, counted_noun, parts
from assistant.answers.unit_rules import (
    FORM_BONUS,
    Idf,
    Tokens,
    advice_weight,
    cites_a_source,
    content_weights,
    coverage,
    defined_term,
    form_bonus,
    unstated,
)
from assistant.answers.units import Unit, answer_units
from assistant.text import content_words, display_text
from assistant.types import Hit, Passage

Encode = Callable[[list[str]], np.ndarray]

# score = COVERAGE * coverage + SEMANTIC * cosine + PRIOR * rank prior (+ the form's bonus).
COVERAGE, SEMANTIC, PRIOR = 0.45, 0.40, 0.15
KEY_SHARE = 0.2  # a question word with this share of its weight is the key term ...
KEY_PENALTY = 0.75  # ... and a unit without it keeps this share of its score
SEMANTIC_POOL = 10  # units (by lexical score) the encoder scores per question
SEMANTIC_WORDS = 40  # the encoder reads a unit's first words: enough for its topic, and cheap
VALUE_MISS = (
    0.5  # a factoid's unit holding no value of the kind asked keeps this share of its score ...
)
COUNT_MISS = (
    0.75  # ... and one whose number counts something else than "how many <noun>" asks, this share
)
_VALUE_WEIGHTS = {"value": VALUE_MISS, "count": COUNT_MISS, "": 1.0}
PART_COVERED = 0.5  # a unit holding this share of a question part's weight answers that part
CONTEXT_SENTENCES = (
    2  # a sentence reads the question's terms in the sentences before it in its paragraph ...
)
CONTEXT_SHARE = 0.25  # ... at this share of their weight
FOOTNOTE_SHARE = 0.9  # a footnote's explanation answers when the prose does not say it better
LEADING_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)]\s+")


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
    words: frozenset[str] = frozenset()  # the unit's index tokens
    keyed: bool = True  # holds the question's key term (or the question has none)
    value: float = 1.0  # a factoid's value weight: 1 when it holds the value asked for


class Scorer:
    """Unit scoring over one index's tokeniser, IDF and the packaged encoder."""

    def __init__(self, *, tokens: Tokens, idf: Idf, encode: Encode | None) -> None:
        self.tokens, self.idf, self.encode = tokens, idf, encode

    def _candidates(
        self, weights: dict[str, float], form: QuestionForm, hits: Sequence[Hit]
    ) -> list[Candidate]:
        best = max((h.score for h in hits), default=1.0) or 1.0
        out: list[Candidate] = []
        for i, hit in enumerate(hits):
            p = hit.passage
            prior = hit.score / best
            titled = frozenset(self.tokens(_article_title(p)))
            before: list[
                tuple[int, frozenset[str]]
            ] = []  # (block, words) of the sentences read so far
            for unit in units_of(p):
                own = frozenset(self.tokens(p.text[unit.start : unit.end]))
                lead = (
                    [w for b, w in before[-CONTEXT_SENTENCES:] if b == unit.block]
                    if unit.kind == "sentence"
                    else []
                )
                before.append((unit.block, own))
                if p.is_footnote and cites_a_source(p.text[unit.start : unit.end]):
                    continue  # "See S/2019/805, para. 12": a source, not answer text
                words = own | titled
                covered = coverage(weights, words)
                if lead:
                    covered += CONTEXT_SHARE * (coverage(weights, words.union(*lead)) - covered)
                if covered <= 0:
                    continue
                lexical = (COVERAGE * covered + PRIOR * prior) * (
                    FOOTNOTE_SHARE if p.is_footnote else 1.0
                )
                out.append(Candidate(i, unit, lexical, covered, words=words))
        if form.form is Form.DEFINITION and (term := set(self.tokens(defined_term(form.subject)))):
            # the key term of "How does AP I define military objectives among objects?" is in the
            # term defined ("military objectives"), not in the qualifier ("among")
            return _mark_key_term(
                {t: w for t, w in weights.items() if t in term} or weights,
                out,
                total=sum(weights.values()),
            )
        return _mark_key_term(weights, out)

    def _score_semantic(
        self,
        question: str,
        hits: Sequence[Hit],
        candidates: list[Candidate],
        form: QuestionForm,
        articles: frozenset[str],
    ) -> None:
        """Each candidate's score. The encoder reads the ``SEMANTIC_POOL`` candidates that score
        best without it: their lexical score with the form's bonus and weights, so a factoid's
        unit that holds the value asked for is read even when its wording is further from the
        question's. A procedure's advice fit is left out there: the advice filter weighs the best
        advice against the best description, so both must be read."""
        asked, noun = (
            content_words(question),
            counted_noun(question) if form.form is Form.FACTOID else "",
        )
        shaped = [self._shape(hits, c, form, articles, asked, noun) for c in candidates]
        pool = sorted(
            range(len(candidates)),
            key=lambda k: -(candidates[k].lexical + shaped[k][0]) * shaped[k][1],
        )[:SEMANTIC_POOL]
        cosines = np.zeros(len(candidates), dtype=np.float32)
        vectors: dict[int, np.ndarray] = {}
        if self.encode is not None and pool:
            texts = [question] + [
                " ".join(display_text(span_text(hits, candidates[k])).split()[:SEMANTIC_WORDS])
                for k in pool
            ]
            matrix = self.encode(texts)
            for row, k in enumerate(pool, start=1):
                vectors[k] = matrix[row]
                cosines[k] = float(np.dot(matrix[0], matrix[row]))
        for k, c in enumerate(candidates):
            semantic = float(cosines[k]) if self.encode is not None else c.coverage
            if self.encode is not None and k not in vectors:
                semantic = 0.0  # outside the pool: too weak to be picked
            bonus, weight, fit, value = shaped[k]
            candidates[k] = replace(
                c,
                score=(c.lexical + SEMANTIC * semantic + bonus) * weight * fit,
                vector=vectors.get(k),
                fit=fit,
                value=value,
            )

    def _shape(
        self,
        hits: Sequence[Hit],
        c: Candidate,
        form: QuestionForm,
        articles: frozenset[str],
        asked: set[str],
        noun: str,
    ) -> tuple[float, float, float, float]:
        """(bonus, weight, fit, value) of a candidate for the question's form: the form's bonus
        (or, in a named article, its position's); a weight for the key term and a factoid's value;
        a procedure's advice fit; the factoid's value weight alone."""
        text, passage = span_text(hits, c), hits[c.hit_index].passage
        bonus = form_bonus(form, hits[c.hit_index], c.unit.kind, text)
        if passage.paragraph in articles:
            units = units_of(passage)
            bonus = max(bonus, FORM_BONUS * (1 - units.index(c.unit) / len(units)))
        fit = advice_weight(hits[c.hit_index], text) if form.form is Form.PROCEDURE else 1.0
        value = (
            self._value_weight(form, LEADING_NUMBER.sub("", text), asked, noun)
            if form.form is Form.FACTOID
            else 1.0
        )
        return bonus, (1.0 if c.keyed else KEY_PENALTY) * value, fit, value

    def _value_weight(self, form: QuestionForm, text: str, asked: set[str], noun: str) -> float:
        """1 for a unit that holds the value a factoid asks for ("fifteen members" for "How many
        members ...?": ``noun``), ``COUNT_MISS`` for one holding a number of something else,
        ``VALUE_MISS`` for one holding no value of the kind asked (``asked``: the question's
        words, whose values are not new)."""
        return _VALUE_WEIGHTS[
            unstated(form.expect, text, asked=asked, noun=noun, tokens=self.tokens)
        ]

    def _parts(self, question: str, context: Sequence[str]) -> list[Callable[[Candidate], bool]]:
        """For a question that asks two things ("How much of Haiti did the police cover, and what
        did local towns do about the gaps?"), a test per part: does a unit hold ``PART_COVERED``
        of that part's words? None for a question that asks one thing."""
        asked = parts(question)
        if len(asked) < 2:
            return []
        tests: list[Callable[[Candidate], bool]] = []
        for part in asked:
            weights = content_weights(part, context, tokens=self.tokens, idf=self.idf)
            if weights:
                tests.append(_covers(weights))
        return tests


def _covers(weights: dict[str, float]) -> Callable[[Candidate], bool]:
    """Whether a unit holds ``PART_COVERED`` of a question part's weight."""
    return lambda c: coverage(weights, c.words) >= PART_COVERED


def _mark_key_term(
    weights: dict[str, float], candidates: list[Candidate], *, total: float = 1.0
) -> list[Candidate]:
    """Mark the units that lack the question's key term: its single most specific word (once the
    anchors and the frame are discounted), when that word carries at least ``KEY_SHARE`` of the
    question's weight and some unit holds it. A unit about the report, the mission and the year
    but not about "homicides" rarely answers "How many homicides ...?"; a paraphrase may, so
    the mark lowers a score rather than removing the unit."""
    if not weights:
        return candidates
    key, share = max(weights.items(), key=lambda kv: kv[1])
    if share / total < KEY_SHARE or not any(key in c.words for c in candidates):
        return candidates
    return [c if key in c.words else replace(c, keyed=False) for c in candidates]


@functools.lru_cache(maxsize=4096)
def units_of(passage: Passage) -> tuple[Unit, ...]:
    """A passage's answer units, cut once: scoring and span extension read the same ones, and a
    passage that answers one question often answers the next (passages are immutable)."""
    return tuple(
        answer_units(passage.text, paragraph=passage.paragraph, treaty=passage.doc_type == "treaty")
    )


def _article_title(passage: Passage) -> str:
    """A treaty article's title ("Basic rule", "Measures of protection for journalists"): it says
    what each of the article's paragraphs is about, so it counts for them when scoring (it is a
    label, never answer text)."""
    last = passage.section[-1] if passage.section else ""
    head, _, title = last.partition(" — ")
    return title if passage.doc_type == "treaty" and head.startswith("Article") else ""


def span_text(hits: Sequence[Hit], c: Candidate) -> str:
    return hits[c.hit_index].passage.text[c.unit.start : c.unit.end]
