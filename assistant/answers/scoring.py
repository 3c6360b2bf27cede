"""Scoring answer units: how likely each unit of the candidate passages is to answer the question.

Each unit (:mod:`assistant.answers.units`) of the candidate passages is measured
(:mod:`assistant.answers.features`): the IDF-weighted share of the question's terms it holds
(coverage; a sentence also reads, at a quarter of their weight, the terms of the two sentences
before it in its paragraph, which often name what "Each community ..." is about), the encoder's
cosine to the question (from the unit vectors stored at ingest), its passage's cosine and fused
retrieval score, the question's anchors it names, whether it holds the question's key term (its
one most specific word), what a factoid's unit states of the value asked for, the form's
structural fit (defines the term, brings the enumeration's items, opens the article named), a
procedure's advice, its kind and position. The learned scorer (:mod:`assistant.answers.learned`,
fitted on the development splits) weighs them into the probability that the unit holds a key
fact of the answer. The question's weights leave out its frame ("how many", "according to the
note") and discount its anchors, which chose the passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answers.counting import asks_size, counted_noun
from assistant.answers.defining import defined_term
from assistant.answers.features import Best, Signals, feature_vector, spelled_forms
from assistant.answers.learned import load_model
from assistant.answers.questions import (
    Form,
    QuestionForm,
    spelled_out,
)
from assistant.answers.table_rows import favour_named_rows, row_caption
from assistant.answers.unit_rules import (
    FORM_BONUS,
    Idf,
    Tokens,
    advice_weight,
    cites_a_source,
    coverage,
    form_bonus,
    unstated,
)
from assistant.answers.units import Unit, encoded_text, units_of
from assistant.text import content_words
from assistant.types import Hit, Passage

Encode = Callable[[list[str]], np.ndarray]
Stored = Callable[[Passage], Mapping[tuple[int, int], np.ndarray]]
Observe = Callable[[Sequence[Hit], Sequence["Candidate"], QuestionForm], None]

KEY_SHARE = 0.2  # a question word with this share of its weight is the key term
SEMANTIC_POOL = 10  # an index without unit vectors: units (by coverage) the encoder reads
_UNSTATED_WEIGHT = {"": 1.0, "count": 0.75, "value": 0.5, "-": 1.0}  # selection's value order
CONTEXT_SENTENCES = 2  # a sentence reads the terms in the sentences before it in its paragraph
CONTEXT_SHARE = 0.25  # ... at this share of their weight
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
    prior: float = 0.0  # its passage's fused score over the best passage's
    features: np.ndarray | None = None  # what the learned scorer weighed (features.FEATURES)


class Scorer:
    """Unit scoring over one index's tokeniser, IDF and the packaged encoder."""

    def __init__(
        self,
        *,
        tokens: Tokens,
        idf: Idf,
        encode: Encode | None,
        stored: Stored | None = None,
        observe: Observe | None = None,
        expand: Callable[[str], str] | None = None,
    ) -> None:
        """``stored``: a passage's unit vectors from the index, by span (encoded at ingest); units
        it lacks (an index from before unit vectors) are encoded here. ``observe`` sees every
        scored candidate (eval fits the scorer on them). ``expand``: the glossary's expansion
        (a counted abbreviation counts by its full form too)."""
        self.tokens, self.idf, self.encode = tokens, idf, encode
        self.stored, self.observe, self.expand = stored, observe, expand
        self.model = load_model()

    def _candidates(
        self, weights: dict[str, float], form: QuestionForm, hits: Sequence[Hit], question: str = ""
    ) -> list[Candidate]:
        best = max((h.score for h in hits), default=1.0) or 1.0
        spelled = spelled_forms(question, weights, tokens=self.tokens, expand=self.expand)
        out: list[Candidate] = []
        for i, hit in enumerate(hits):
            p = hit.passage
            prior = hit.score / best
            titled = frozenset(self.tokens(_article_title(p)))
            before: list[tuple[int, frozenset[str]]] = []  # (block, words) of sentences so far
            for unit in units_of(p):
                text = p.text[unit.start : unit.end]
                own = frozenset(self.tokens(text))
                lead = (
                    [w for b, w in before[-CONTEXT_SENTENCES:] if b == unit.block]
                    if unit.kind == "sentence"
                    else []
                )
                before.append((unit.block, own))
                if p.is_footnote and cites_a_source(text):
                    continue  # "See S/2019/805, para. 12": a source, not answer text
                # a table row's words take in its caption's: what its figures count
                words = own | titled | frozenset(self.tokens(row_caption(p, text)))
                # the full form covers an abbreviation asked about (SPMs: special political missions)
                words |= {a for a, full in spelled.items() if full <= words}
                covered = coverage(weights, words)
                if lead:
                    covered += CONTEXT_SHARE * (coverage(weights, words.union(*lead)) - covered)
                if covered <= 0:
                    continue
                out.append(Candidate(i, unit, covered, covered, words=words, prior=prior))
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
        context: Sequence[str] = (),
    ) -> None:
        """Each candidate's score: the learned scorer's probability that it holds a key fact of
        the answer, from its features (:mod:`assistant.answers.features`)."""
        asked, noun = (
            content_words(question),
            counted_noun(question) if form.form is Form.FACTOID else "",
        )
        size = bool(noun) and asks_size(question)
        also = spelled_out(noun, self.expand)  # "how many SPMs": "25 special political missions"
        anchors = {t for text in context for t in self.tokens(text)}
        cosines = self._cosines(question, hits, candidates)
        signals = [
            self._signals(hits, c, cosines[k], form, articles, anchors, asked, noun, size, also)
            for k, c in enumerate(candidates)
        ]
        best = Best.of(signals)
        for k, (c, sig) in enumerate(zip(candidates, signals, strict=True)):
            x = feature_vector(sig, form.form, best)
            candidates[k] = replace(
                c,
                score=self.model.score(x),
                fit=sig.advice,
                value=_UNSTATED_WEIGHT[sig.unstated],
                features=x,
            )
        texts = [span_text(hits, c) for c in candidates]
        candidates[:] = favour_named_rows(question, form, texts, candidates, hits)
        if self.observe is not None:
            self.observe(hits, candidates, form)

    def _signals(
        self,
        hits: Sequence[Hit],
        c: Candidate,
        cosine: float,
        form: QuestionForm,
        articles: frozenset[str],
        anchors: set[str],
        asked: set[str],
        noun: str,
        size: bool = False,
        also: tuple[str, ...] = (),
    ) -> Signals:
        """What is measured of one unit (:class:`assistant.answers.features.Signals`)."""
        hit = hits[c.hit_index]
        text = span_text(hits, c)
        position, total = _reading_position(hits, c, articles)
        return Signals(
            coverage=c.coverage,
            unit_cosine=cosine,
            passage_cosine=hit.dense_score or 0.0,
            prior=c.prior,
            anchor=len(anchors & c.words) / len(anchors) if anchors else 0.0,
            keyed=c.keyed,
            # what a factoid's unit leaves out of what is asked: "" (states it), "count", "value"
            unstated="-"
            if form.form is not Form.FACTOID
            else unstated(
                form.expect,
                LEADING_NUMBER.sub("", text),
                asked=asked,
                noun=noun,
                tokens=self.tokens,
                size=size,
                also=also,
            ),
            form_fit=self._form_fit(hits, c, form, articles, text, position / total) / FORM_BONUS,
            advice=advice_weight(hit, text) if form.form is Form.PROCEDURE else 1.0,
            kind=c.unit.kind,
            position=position / max(total - 1, 1),
            footnote=hit.passage.is_footnote,
        )

    def _cosines(
        self, question: str, hits: Sequence[Hit], candidates: list[Candidate]
    ) -> list[float]:
        """The encoder's cosine between the question and each unit: stored unit vectors where
        the index has them; otherwise the ``SEMANTIC_POOL`` units of best coverage are encoded
        now and the rest get 0. Without an encoder, coverage stands in for it."""
        if self.encode is None:
            return [c.coverage for c in candidates]
        vectors: dict[int, np.ndarray] = {}
        if self.stored is not None:
            for k, c in enumerate(candidates):
                found = self.stored(hits[c.hit_index].passage).get((c.unit.start, c.unit.end))
                if found is not None:
                    vectors[k] = found
        missing = [k for k in range(len(candidates)) if k not in vectors]
        if len(missing) == len(candidates):  # an index from before unit vectors
            missing = sorted(missing, key=lambda k: -candidates[k].lexical)[:SEMANTIC_POOL]
        texts = [question] + [
            encoded_text(hits[candidates[k].hit_index].passage, candidates[k].unit) for k in missing
        ]
        matrix = self.encode(texts)
        vectors.update(zip(missing, matrix[1:], strict=True))
        for k, v in vectors.items():
            candidates[k] = replace(candidates[k], vector=v)
        return [
            float(np.dot(matrix[0], vectors[k])) if k in vectors else 0.0
            for k in range(len(candidates))
        ]

    def _form_fit(
        self,
        hits: Sequence[Hit],
        c: Candidate,
        form: QuestionForm,
        articles: frozenset[str],
        text: str,
        place: float,
    ) -> float:
        """The form's bonus for a unit (or, in an article the question names, its position's:
        an article opens with its rule and goes on to qualify it)."""
        bonus = form_bonus(form, hits[c.hit_index], c.unit.kind, text)
        if hits[c.hit_index].passage.paragraph in articles:  # place: where it stands in it, 0 to 1
            bonus = max(bonus, FORM_BONUS * (1 - place))
        return bonus


def _reading_position(
    hits: Sequence[Hit], c: Candidate, articles: frozenset[str]
) -> tuple[int, int]:
    """Where a unit stands, and among how many: in its passage, or, in an article the question
    names, among the article's units in the hits in reading order (Art. 4(3), which opens the
    article's second passage, comes after 4(1) and 4(2))."""
    passage = hits[c.hit_index].passage
    if passage.paragraph not in articles:
        units = units_of(passage)
        return units.index(c.unit), len(units)
    parts = sorted(
        {
            h.passage.ordinal: h.passage
            for h in hits
            if (h.passage.doc_id, h.passage.paragraph) == (passage.doc_id, passage.paragraph)
        }.items()
    )
    placed = [(p.ordinal, u) for _, p in parts for u in units_of(p)]
    return placed.index((passage.ordinal, c.unit)), len(placed)


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


def _article_title(passage: Passage) -> str:
    """A treaty article's title ("Basic rule", "Measures of protection for journalists") and
    number ("Article 79", "Art. 79"): they say what each of the article's paragraphs is about, so
    they count for them when scoring (a label, never answer text)."""
    last = passage.section[-1] if passage.section else ""
    head, _, title = last.partition(" — ")
    if passage.doc_type != "treaty" or not head.startswith("Article"):
        return ""
    return f"{title} {head} {head.replace('Article', 'Art.')}"


def span_text(hits: Sequence[Hit], c: Candidate) -> str:
    return hits[c.hit_index].passage.text[c.unit.start : c.unit.end]
