"""Extractive answers: the answer units that best answer the question, each quoted and cited.

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
obliges, a question naming a treaty article the article's opening. Units are then picked best
first by maximal marginal relevance, so the answer leads with its best unit and does not say one thing twice,
until the form's unit limit or a word budget is reached; nothing a previous answer in the
conversation already said is repeated. A question that asks two things gets a unit for each part
no chosen unit answers, and one that names documents, missions or years side by side a unit on
each (the encoder reads the question without the documents it names). A passage gives one quoted span: its picked sentences
(at most three apart, with what lies between) and the neighbours that lean on them ("This ...",
"However, ...").

Every answer sentence is a verbatim span of the passage it cites (offsets in the citation),
shown through :func:`assistant.text.display_text`, so nothing uncited reaches the answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

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
    recommends,
    unstated,
)
from assistant.answers.units import Unit, answer_units, continues_list, leading_items
from assistant.text import content_words, display_text, opens_with_bullet, without_phrases
from assistant.types import AnswerSentence, Citation, Hit, Passage

Encode = Callable[[list[str]], np.ndarray]

# score = COVERAGE * coverage + SEMANTIC * cosine + PRIOR * rank prior (+ the form's bonus).
COVERAGE, SEMANTIC, PRIOR = 0.45, 0.40, 0.15
KEY_SHARE = 0.2  # a question word with this share of its weight is the key term ...
KEY_PENALTY = 0.75  # ... and a unit without it keeps this share of its score
MMR_LAMBDA = 0.35  # weight of the similarity to units already picked
RELATIVE_FLOOR = 0.6  # a unit joins only if it scores at least this share of the best one
CONTAINED = 0.9  # a quote with this share of its words in an earlier quote says nothing new
REPEAT_AT = 0.6  # content-word overlap with an earlier answer above which a unit is "already said"
SEMANTIC_POOL = 10  # units (by lexical score) the encoder scores per question
SEMANTIC_WORDS = 40  # the encoder reads a unit's first words: enough for its topic, and cheap
FACTOID_UNITS = 2
ADVICE_NONE = 0.6  # a procedure unit with this advice fit neither recommends nor stands in a recommendations section
FACTOID_FLOOR = 0.8  # a factoid wants its value, not the neighbourhood
VALUE_MISS = (
    0.5  # a factoid's unit holding no value of the kind asked keeps this share of its score ...
)
COUNT_MISS = (
    0.75  # ... and one whose number counts something else than "how many <noun>" asks, this share
)
_VALUE_WEIGHTS = {"value": VALUE_MISS, "count": COUNT_MISS, "": 1.0}
VALUE_SHARE = 0.4  # units holding the value compete alone when the best of them scores this share of the best unit
MAX_SPAN_SENTENCES = 3
PART_COVERED = 0.5  # a unit holding this share of a question part's weight answers that part
COVER_SHARE = 0.4  # a named alternative the answer leaves out is quoted if its best unit scores this share of the best
CONTINUATION_WORDS = 120  # a cut list goes on in the next passage for at most this many words
CONTEXT_SENTENCES = (
    2  # a sentence reads the question's terms in the sentences before it in its paragraph ...
)
CONTEXT_SHARE = 0.25  # ... at this share of their weight
FOOTNOTE_SHARE = 0.9  # a footnote's explanation answers when the prose does not say it better
ELABORATE_BELOW = 80  # a description's answer shorter than this goes on in its paragraphs
WORD_BUDGET = (
    160  # no unit is added once the answer holds this many words (the first always is) ...
)
OVERRUN = 1.5  # ... nor one that would take it past this multiple of the budget

_JOINS_PREVIOUS = re.compile(
    r"^(?:This|These|That|Those|Such|It|They|Their|Its|However|Moreover|Furthermore|In addition|"
    r"Additionally|As a result|Accordingly|Consequently|Thus|Therefore|In particular|For example|"
    r"For instance|Similarly|Likewise|Instead|Nevertheless|Yet|Both|Neither|The latter|The former)\b"
)
# "In Abyei, for instance, UNISFA is ...": an example of what the sentence before says, its marker after a short lead
_JOINS_INSIDE = re.compile(
    r"^[^.;:,]{1,40},\s*(?:(?:for (?:instance|example)|in particular|however|moreover|therefore|thus|as a result)\b|e\.g\.)",
    re.I,
)
_DESCRIBED = frozenset({Form.DOCUMENT, Form.PROCEDURE, Form.GENERAL})
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


class Span(NamedTuple):
    """What one answer sentence quotes: ``hits[hit].passage.text[start:end]``."""

    hit: int
    start: int
    end: int
    label: str = ""
    continues: bool = False  # the items that carry on a list quoted from the passage before


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
        mentioned_in: frozenset[str] = frozenset(),
        context: Sequence[str] = (),
        articles: Sequence[str] = (),
        following: Callable[[Passage], Passage | None] | None = None,
        alternatives: Sequence[Sequence[Callable[[Passage], bool]]] = (),
        scope: Sequence[str] = (),
    ) -> tuple[list[AnswerSentence], list[Citation]]:
        """The answer sentences and the citations they use (numbered 1.. in order of use).

        ``must_mention``: when given, only units matching one of the patterns compete (after a
        glossary definition, the passages that use the defined term); every unit of a document in
        ``mentioned_in`` counts as matching (the definition defines that document).
        ``context``: the question's anchors (mission, place, year), which chose the passages; in a
        unit they count for little, so the unit that holds what is asked about them wins.
        ``articles``: the treaty articles the question names ("Art. 27"); an article opens with
        its rule and goes on to qualify it, so its units get the form's bonus, less the further on
        they stand.
        ``following``: the passage after a passage in its document; a quoted list that the chunker
        cut at the end of its passage goes on with the items that open the next one, quoted and
        cited there.
        ``alternatives``: groups of things the question names side by side ("the Additional
        Protocols", "in 2017 and in 2019"), each a test of whether a passage is about it; an answer
        that leaves one out gets the best unit of a passage about it, when that unit scores at
        least ``COVER_SHARE`` of the best.
        ``scope``: the documents the question names; the encoder reads the question without them.
        """
        weights = content_weights(question, context, tokens=self.tokens, idf=self.idf)
        candidates = self._candidates(weights, form, hits)
        if must_mention:
            candidates = [
                c
                for c in candidates
                if hits[c.hit_index].passage.doc_id in mentioned_in
                or any(p.search(_span_text(hits, c)) for p in must_mention)
            ]
        said = [content_words(text) for text in already_said]
        candidates = [c for c in candidates if not _repeats(hits, c, said)]
        if not candidates:
            return [], []
        self._score_semantic(_without(question, scope), hits, candidates, form, frozenset(articles))
        chosen, floor = self._select(candidates, form, hits)
        chosen = _covering(chosen, candidates, self._parts(question, context))
        covered = _covering(
            chosen,
            candidates,
            [
                lambda c, about=about: about(hits[c.hit_index].passage)
                for group in alternatives
                for about in group
            ],
        )
        spans = self._extend(
            covered, hits, candidates, floor, named={c.hit_index for c in covered[len(chosen) :]}
        )
        spans = _elaborated(spans, hits, form)
        if following is not None:
            hits, spans = _continued(spans, hits, following)
        return _render(spans, hits)

    # -- scoring -----------------------------------------------------------------------------
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
            for unit in _units_of(p):
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
                " ".join(display_text(_span_text(hits, candidates[k])).split()[:SEMANTIC_WORDS])
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
        text, passage = _span_text(hits, c), hits[c.hit_index].passage
        bonus = form_bonus(form, hits[c.hit_index], c.unit.kind, text)
        if passage.paragraph in articles:
            units = _units_of(passage)
            bonus = max(bonus, FORM_BONUS * (1 - units.index(c.unit) / len(units)))
        fit = advice_weight(hits[c.hit_index], text) if form.form is Form.PROCEDURE else 1.0
        value = (
            self._value_weight(form, _LEADING_NUMBER.sub("", text), asked, noun)
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
        tests = []
        for part in asked:
            weights = content_weights(part, context, tokens=self.tokens, idf=self.idf)
            if weights:
                tests.append(lambda c, weights=weights: coverage(weights, c.words) >= PART_COVERED)
        return tests

    # -- selection ---------------------------------------------------------------------------
    def _select(
        self, candidates: list[Candidate], form: QuestionForm, hits: Sequence[Hit]
    ) -> tuple[list[Candidate], float]:
        """Units by maximal marginal relevance, best first, up to the form's limit. A passage gives
        one quoted span: a second unit of a passage joins only when it lies within
        ``MAX_SPAN_SENTENCES`` sentences of the first, so the span quotes both (and what lies
        between)."""
        factoid = form.form is Form.FACTOID
        limit = FACTOID_UNITS if factoid else self.max_units
        best_fit = max(c.fit for c in candidates)
        if form.form is Form.PROCEDURE and best_fit > ADVICE_NONE:
            # There is advice: answer with the best advice only (the best fit, or any unit worded as
            # advice: "Weighing national POC strategies ... will be an important role for DPO"
            # outside the recommendations section), unless it answers much worse than a unit that
            # describes ("How could the Council limit ...?" is answered by "the Council may
            # authorize POC without human rights monitoring", not by advice on another matter).
            advice = [
                c
                for c in candidates
                if c.fit == best_fit or (c.fit > ADVICE_NONE and recommends(_span_text(hits, c)))
            ]
            if max(c.score for c in advice) >= RELATIVE_FLOOR * max(c.score for c in candidates):
                candidates = advice
        if factoid and max(c.value for c in candidates) == 1.0:
            # A unit that states the value asked for answers before one that does not, unless it
            # answers much worse (the answer would otherwise be "does not state a number").
            valued = [c for c in candidates if c.value == 1.0]
            if max(c.score for c in valued) >= VALUE_SHARE * max(c.score for c in candidates):
                candidates = valued
        floor = max(c.score for c in candidates) * (FACTOID_FLOOR if factoid else RELATIVE_FLOOR)
        pool = [c for c in candidates if c.score >= floor]
        chosen: list[Candidate] = []

        def mates(c: Candidate) -> list[Candidate]:
            return [x for x in chosen if x.hit_index == c.hit_index]

        def gain(c: Candidate) -> float:
            # A sentence beside one already chosen extends that quote: it is not penalised for
            # resembling its neighbour, as neighbours of one paragraph do.
            return c.score if mates(c) else c.score - MMR_LAMBDA * _max_similarity(c, chosen)

        words = 0
        while pool and words < WORD_BUDGET:
            best = max(pool, key=gain)
            pool.remove(best)
            if mates(best) and _run_of(hits[best.hit_index].passage, [*mates(best), best]) is None:
                continue  # one span per passage, so each citation holds exactly its quote
            if not mates(best) and len({c.hit_index for c in chosen}) >= limit:
                continue  # the limit counts quotes: a sentence may still join one of them
            if not mates(best) and _max_similarity(best, chosen) > 0.9:
                continue
            if chosen and words + len(_span_text(hits, best).split()) > WORD_BUDGET * OVERRUN:
                continue  # a long list or article run would make a short answer long: a shorter unit may fit
            chosen.append(best)
            words += len(_span_text(hits, best).split())
        return chosen, floor  # best first: the answer leads with the unit that answers best

    def _extend(
        self,
        chosen: list[Candidate],
        hits: Sequence[Hit],
        candidates: Sequence[Candidate],
        floor: float,
        *,
        named: set[int] = frozenset(),
    ) -> list[Span]:
        """One span per passage in the order first chosen: its chosen sentences with what lies
        between and the neighbours that lean on them; an article's paragraph with the
        neighbouring paragraphs that also answer. A span whose words an earlier span already
        holds (``CONTAINED`` of them) is left out, unless it is there for an alternative the
        question names (``named``: "What do GC IV and the Additional Protocols say ...?" quotes AP
        II's "This Protocol shall be disseminated as widely as possible" after AP I's longer rule)."""
        groups: dict[int, list[Candidate]] = {}
        for c in chosen:
            groups.setdefault(c.hit_index, []).append(c)
        spans: list[Span] = []
        quoted: list[frozenset[str]] = []
        for hit_index, group in groups.items():
            c, u = group[0], group[0].unit
            start, end, label = u.start, u.end, u.label
            if u.kind in ("item", "list") and u.label.startswith("Art."):
                start, end, label = _article_run(c, candidates, floor)
            elif (run := _run_of(hits[hit_index].passage, group)) is not None:
                p = hits[hit_index].passage
                units, first, last = run
                first, last = _leaning(p.text, units, first, last)
                start, end = units[first].start, units[last].end
            words = frozenset(self.tokens(hits[hit_index].passage.text[start:end]))
            if hit_index not in named and any(
                len(words & other) >= CONTAINED * len(words) for other in quoted
            ):
                continue  # says again what an earlier quote says (AP II Art. 15 repeats AP I Art. 56(1))
            quoted.append(words)
            spans.append(Span(hit_index, start, end, label))
        return spans


def _covering(
    chosen: list[Candidate],
    candidates: Sequence[Candidate],
    tests: Sequence[Callable[[Candidate], bool]],
) -> list[Candidate]:
    """``chosen`` with, for each test no chosen unit meets, the best unit of a passage not quoted
    yet that meets it, if it scores at least ``COVER_SHARE`` of the best unit. The tests are what
    the question asks for side by side: each part of a two-part question, each document, mission
    or year it names ("What do the Additional Protocols say ...?" quotes both protocols)."""
    if not chosen:
        return chosen
    out, best = list(chosen), chosen[0].score
    for meets in tests:
        if any(meets(c) for c in out):
            continue
        quoted = {c.hit_index for c in out}
        fits = [
            c
            for c in candidates
            if c.hit_index not in quoted and c.score >= COVER_SHARE * best and meets(c)
        ]
        if fits:
            out.append(max(fits, key=lambda c: c.score))
    return out


def _elaborated(spans: list[Span], hits: Sequence[Hit], form: QuestionForm) -> list[Span]:
    """A short answer to a question that asks for a description (what a document says, how to
    proceed, anything else) goes on with what its quotes' paragraphs say next: the sentence that
    names the topic ("There was limited progress with respect to holding accountable ...") is
    followed by the one that gives the particulars ("final judgements had been rendered in seven
    cases ..."), which shares few of the question's words. While the answer is under
    ``ELABORATE_BELOW`` words, each sentence run takes the sentences after it in its paragraph, up
    to ``MAX_SPAN_SENTENCES`` in all and the word budget. A factoid, a definition and an
    enumeration have their own unit and stay as chosen."""
    if form.form not in _DESCRIBED:
        return spans
    total = sum(len(hits[s.hit].passage.text[s.start : s.end].split()) for s in spans)
    out = []
    for span in spans:
        text, units = hits[span.hit].passage.text, _units_of(hits[span.hit].passage)
        inside = [u for u in units if span.start <= u.start and u.end <= span.end]
        if (
            total < ELABORATE_BELOW
            and inside
            and all(u.kind == "sentence" for u in inside)
            and not span.label.startswith("Art.")
        ):
            end, n = span.end, len(inside)
            for u in (
                u
                for u in units
                if u.kind == "sentence" and u.block == inside[-1].block and u.start >= span.end
            ):
                words = len(text[end : u.end].split())
                if n >= MAX_SPAN_SENTENCES or total + words > WORD_BUDGET:
                    break
                end, n, total = u.end, n + 1, total + words
            span = span._replace(end=end)
        out.append(span)
    return out


def _without(question: str, documents: Sequence[str]) -> str:
    """The question as the encoder reads it: without the documents it names, which chose the
    passages and which every candidate is in. Left in, "... of the Fourth Geneva Convention,
    Additional Protocol I or Additional Protocol II" draws the encoder to each protocol's scope
    article, not to the rule asked about. A mission or year stays: "the end of MINUSTAH" is what
    is asked."""
    out = without_phrases(question, documents, article=True)
    return out if len(content_words(out)) >= 2 else question


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


@functools.lru_cache(maxsize=4096)
def _units_of(passage: Passage) -> tuple[Unit, ...]:
    """A passage's answer units, cut once: scoring and span extension read the same ones, and a
    passage that answers one question often answers the next (passages are immutable)."""
    return tuple(
        answer_units(passage.text, paragraph=passage.paragraph, treaty=passage.doc_type == "treaty")
    )


def _run_of(passage: Passage, group: Sequence[Candidate]) -> tuple[list[Unit], int, int] | None:
    """The block's sentences and the first and last index of ``group``'s sentences in it, when
    they are sentences of one block spanning at most ``MAX_SPAN_SENTENCES``; else None. The list
    a block's last sentence introduces counts as its last sentence: GC IV Art. 23's "free
    passage" sentences run on into "no serious reasons for fearing: (a) ... (b) ...".
    """
    block = group[0].unit.block
    kinds = ("sentence", "list")
    if any(c.unit.kind not in kinds or c.unit.block != block for c in group):
        return None
    units = [x for x in _units_of(passage) if x.block == block and x.kind in kinds]
    starts = {x.start: k for k, x in enumerate(units)}
    at = [starts.get(c.unit.start) for c in group]
    if None in at or max(at) - min(at) + 1 > MAX_SPAN_SENTENCES:
        return None
    return units, min(at), max(at)


def _leans(sentence: str) -> bool:
    return bool(_JOINS_PREVIOUS.match(sentence) or _JOINS_INSIDE.match(sentence))


def _leaning(text: str, units: Sequence[Unit], first: int, last: int) -> tuple[int, int]:
    """``first`` and ``last`` widened, up to ``MAX_SPAN_SENTENCES`` sentences, to the sentence
    before when the first leans on it ("This ...", "However, ...") and to the ones after that
    lean on the last."""
    if (
        first > 0
        and last - first + 1 < MAX_SPAN_SENTENCES
        and _leans(text[units[first].start : units[first].end])
    ):
        first -= 1
    while (
        last - first + 1 < MAX_SPAN_SENTENCES
        and last + 1 < len(units)
        and _leans(text[units[last + 1].start : units[last + 1].end])
    ):
        last += 1
    return first, last


def _continued(
    spans: list[Span], hits: Sequence[Hit], following: Callable[[Passage], Passage | None]
) -> tuple[list[Hit], list[Span]]:
    """``spans`` with each list (an introduction with its items, or an introduction alone) that
    runs to the end of its passage followed by the items that open the next passage of its
    section (up to ``CONTINUATION_WORDS``), as a span of that passage; ``hits`` with those
    passages added."""
    hits, out = list(hits), []
    for span in spans:
        out.append(span)
        hit_index, start, end = span.hit, span.start, span.end
        p = hits[hit_index].passage
        quoted = p.text[start:end]
        if p.text[end:].strip() or not (
            quoted.rstrip().endswith(":")
            or any(u.kind == "list" and u.end == end for u in _units_of(p))
        ):
            continue  # only an introduced list goes on; an article's next paragraph is not more of its answer
        after = following(p)
        if (
            after is None
            or after.is_footnote
            or after.section != p.section
            or not continues_list(quoted, after.text)
        ):
            continue
        if not (items := _leading_items(after)):
            continue
        at = next((k for k, h in enumerate(hits) if h.passage.passage_id == after.passage_id), None)
        if at is not None and any(other.hit == at for other in spans):
            continue  # already quoted in this answer
        if at is None:
            hits.append(replace(hits[hit_index], passage=after))
            at = len(hits) - 1
        out.append(Span(at, items[0].start, items[-1].end, items[0].label, continues=True))
    return hits, out


def _leading_items(passage: Passage) -> list[Unit]:
    """The items a passage opens with (a list going on from the passage before), up to
    ``CONTINUATION_WORDS``; none when it opens with prose."""
    items, words = [], 0
    for u in leading_items(passage.text):
        words += len(passage.text[u.start : u.end].split())
        if items and words > CONTINUATION_WORDS:
            break
        items.append(u)
    return items


def _article_run(
    c: Candidate, candidates: Sequence[Candidate], floor: float
) -> tuple[int, int, str]:
    """The paragraphs of one article from the first to the last that scores above the floor
    (those between come too, so the quote reads whole), as one span: "Art. 79(1)-(3)"."""
    same = sorted(
        (x for x in candidates if x.hit_index == c.hit_index and x.unit.label.startswith("Art.")),
        key=lambda x: x.unit.start,
    )
    above = [k for k, x in enumerate(same) if x.score >= floor or x.unit.start == c.unit.start]
    a, b = same[above[0]].unit, same[above[-1]].unit
    if a == b or "(" not in b.label:
        return a.start, b.end, a.label
    return a.start, b.end, f"{a.label}-({b.label.rsplit('(', 1)[-1]}"


def _article_title(passage: Passage) -> str:
    """A treaty article's title ("Basic rule", "Measures of protection for journalists"): it says
    what each of the article's paragraphs is about, so it counts for them when scoring (it is a
    label, never answer text)."""
    last = passage.section[-1] if passage.section else ""
    head, _, title = last.partition(" — ")
    return title if passage.doc_type == "treaty" and head.startswith("Article") else ""


def _span_text(hits: Sequence[Hit], c: Candidate) -> str:
    return hits[c.hit_index].passage.text[c.unit.start : c.unit.end]


def _max_similarity(c: Candidate, chosen: Sequence[Candidate]) -> float:
    if c.vector is None:
        return 0.0
    return max(
        (float(np.dot(c.vector, o.vector)) for o in chosen if o.vector is not None), default=0.0
    )


def _repeats(hits: Sequence[Hit], c: Candidate, said: Sequence[set[str]]) -> bool:
    words = content_words(_span_text(hits, c))
    return bool(words) and any(len(words & s) / len(words) >= REPEAT_AT for s in said)


def _is_list(span: str) -> bool:
    return span.count("\n") > 0 and bool(
        re.search(r"\n\s*(?:[-*•▪◦‣]|\(?[a-z0-9]{1,3}[.)])\s", span)
    )


def _render(spans: list[Span], hits: Sequence[Hit]) -> tuple[list[AnswerSentence], list[Citation]]:
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for hit_index, start, end, label, continues in spans:
        hit = hits[hit_index]
        numbers[hit_index] = len(numbers) + 1
        citations.append(citation_for(hit, numbers[hit_index], quote=(start, end)))
        quote = hit.passage.text[start:end]
        text = display_text(quote, lines=_is_list(quote))
        if continues:  # a list's continuation, one item a line; bulleted items keep a bullet, or they read as fragments
            bullet = "- " if opens_with_bullet(quote) else ""
            text = "\n".join(
                f"{bullet}{line}" for line in display_text(quote, lines=True).splitlines()
            )
        if label and "\n" not in text:  # the label carries the number ("Art. 79(1)", "para. 61")
            text = _LEADING_NUMBER.sub("", text, count=1)
        sentences.append(AnswerSentence(text=text, citations=(numbers[hit_index],), label=label))
    return sentences, citations
