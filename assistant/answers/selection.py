"""Selecting answer units: which of the scored units the answer quotes, best first.

Units are picked best first by maximal marginal relevance, so the answer leads with its best unit
and does not say one thing twice, until the form's unit limit or a word budget is reached;
nothing a previous answer in the conversation already said is repeated. A question that asks two
things gets a unit for each part no chosen unit answers, and one that names documents, missions
or years side by side a unit on each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.answers.questions import Expect, Form, QuestionForm, classify, parts
from assistant.answers.scoring import Candidate, span_text
from assistant.answers.spans import article_run, run_of
from assistant.answers.unit_rules import Idf, Tokens, content_weights, coverage, holds, recommends
from assistant.settings_compose import ComposeSettings
from assistant.text import content_words
from assistant.types import Hit


def select(
    candidates: list[Candidate],
    form: QuestionForm,
    hits: Sequence[Hit],
    *,
    max_units: int,
    tuning: ComposeSettings,
) -> tuple[list[Candidate], float]:
    """Units by maximal marginal relevance, best first, up to the form's limit. A passage gives
    one quoted span: a second unit of a passage joins only when it lies within
    ``tuning.max_span_sentences`` sentences of the first, so the span quotes both (and what lies
    between)."""
    factoid = form.form is Form.FACTOID
    limit = tuning.factoid_units if factoid else max_units
    best_fit = max(c.fit for c in candidates)
    if form.form is Form.PROCEDURE and best_fit > tuning.advice_none:
        # There is advice: answer with the best advice only (the best fit, or any unit worded as
        # advice: "Weighing national POC strategies ... will be an important role for DPO"
        # outside the recommendations section), unless it answers much worse than a unit that
        # describes ("How could the Council limit ...?" is answered by "the Council may
        # authorize POC without human rights monitoring", not by advice on another matter).
        advice = [
            c
            for c in candidates
            if c.fit == best_fit or (c.fit > tuning.advice_none and recommends(span_text(hits, c)))
        ]
        if max(c.score for c in advice) >= tuning.relative_floor * max(c.score for c in candidates):
            candidates = advice
    if factoid and max(c.value for c in candidates) == 1.0:
        # A unit that states the value asked for answers before one that does not, unless it
        # answers much worse (the answer would otherwise be "does not state a number").
        valued = [c for c in candidates if c.value == 1.0]
        if max(c.score for c in valued) >= tuning.value_share * max(c.score for c in candidates):
            candidates = valued
    floor = max(c.score for c in candidates) * (
        tuning.factoid_floor if factoid else tuning.relative_floor
    )
    pool = [c for c in candidates if c.score >= floor]
    chosen: list[Candidate] = []

    def mates(c: Candidate) -> list[Candidate]:
        return [x for x in chosen if x.hit_index == c.hit_index]

    def gain(c: Candidate) -> float:
        # A sentence beside one already chosen extends that quote: it is not penalised for
        # resembling its neighbour, as neighbours of one paragraph do.
        return c.score if mates(c) else c.score - tuning.mmr_lambda * _max_similarity(c, chosen)

    # A factoid quotes at most factoid_units passages, and its budget, held as it was measured,
    # counts units: it only keeps a long second unit out.
    budget = tuning.factoid_budget if factoid else tuning.word_budget
    overrun = tuning.factoid_overrun if factoid else tuning.overrun

    def quoted(c: Candidate) -> int:
        # the words its quote takes: a treaty article's paragraph brings the article's run
        if not factoid and c.unit.kind in ("item", "list") and c.unit.label.startswith("Art."):
            start, end, _ = article_run(c, candidates, floor)
            return len(hits[c.hit_index].passage.text[start:end].split())
        return len(span_text(hits, c).split())

    words = 0
    while pool and words < budget:
        best = max(pool, key=gain)
        pool.remove(best)
        if (
            mates(best)
            and run_of(hits[best.hit_index].passage, [*mates(best), best], tuning) is None
        ):
            continue  # one span per passage, so each citation holds exactly its quote
        if not mates(best) and len({c.hit_index for c in chosen}) >= limit:
            continue  # the limit counts quotes: a sentence may still join one of them
        if not mates(best) and _max_similarity(best, chosen) > 0.9:
            continue
        if chosen and words + quoted(best) > budget * overrun:
            continue  # a long list or article run would make a short answer long: a shorter unit may fit
        chosen.append(best)
        words += quoted(best)
    return chosen, floor  # best first: the answer leads with the unit that answers best


def covering(
    chosen: list[Candidate],
    candidates: Sequence[Candidate],
    tests: Sequence[Callable[[Candidate], bool]],
    *,
    share: float,
    joins: Callable[[Candidate, list[Candidate]], bool] | None = None,
) -> list[Candidate]:
    """``chosen`` with, for each test no chosen unit meets, the best unit that meets it, if it
    scores at least ``share`` of the best unit: of a passage not quoted yet (each document,
    mission or year the question names side by side: "What do the Additional Protocols say ...?"
    quotes both protocols), or, given ``joins``, also one that ``joins`` says is quoted together
    with the chosen units of its passage (each part of a two-part question, which one paragraph
    may answer sentence by sentence)."""
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
            if (
                c.hit_index not in quoted
                or (joins is not None and joins(c, [o for o in out if o.hit_index == c.hit_index]))
            )
            and c.score >= share * best
            and meets(c)
        ]
        if fits:
            out.append(max(fits, key=lambda c: c.score))
    return out


PART_COVERED = 0.5  # a unit holding this share of a question part's weight answers that part
_VALUE_KINDS = frozenset({Expect.NUMBER, Expect.AMOUNT, Expect.SHARE, Expect.DATE, Expect.PERSON})


def part_tests(
    question: str,
    context: Sequence[str],
    candidates: Sequence[Candidate],
    hits: Sequence[Hit],
    *,
    tokens: Tokens,
    idf: Idf,
) -> list[Callable[[Candidate], bool]]:
    """For a question that asks two things ("How much of Haiti did the police cover, and what did
    local towns do about the gaps?"), a test per part (:func:`covering`): does a unit hold
    ``PART_COVERED`` of that part's words? Where no unit does, a part that asks for a value is
    answered by the units that hold one and as much of its words as the best-covering of them
    ("who was named Force Commander": "... Jaime de los Santos (Philippines) has been appointed
    as Force Commander"); such a unit still joins the answer only if it scores ``cover_share`` of
    the best (:func:`covering`). None for a question that asks one thing."""
    asked = parts(question)
    if len(asked) < 2:
        return []
    tests: list[Callable[[Candidate], bool]] = []
    for part in asked:
        # an anchor only this part names is what it asks about ("who was named Force Commander,
        # and who is his deputy"), not context shared by the question's parts
        shared = [a for a in context if a not in part or all(a in p for p in asked)]
        weights = content_weights(part, shared, tokens=tokens, idf=idf)
        if not weights:
            continue
        expect, words = classify(part).expect, content_words(part)
        if expect in _VALUE_KINDS and not any(
            coverage(weights, c.words) >= PART_COVERED for c in candidates
        ):
            valued = [c for c in candidates if holds(expect, span_text(hits, c), words)]
            best = max((coverage(weights, c.words) for c in valued), default=0.0)
            if best > 0:  # the part's value, in the words of the units that state one
                tests.append(_covers(weights, best, among={id(c) for c in valued}))
                continue
        tests.append(_covers(weights, PART_COVERED))
    return tests


def _covers(
    weights: dict[str, float], share: float, among: set[int] | None = None
) -> Callable[[Candidate], bool]:
    """Whether a unit (of ``among``, by identity, when given) holds ``share`` of a question
    part's weight."""
    return lambda c: (among is None or id(c) in among) and coverage(weights, c.words) >= share


def _max_similarity(c: Candidate, chosen: Sequence[Candidate]) -> float:
    if c.vector is None:
        return 0.0
    return max(
        (float(np.dot(c.vector, o.vector)) for o in chosen if o.vector is not None), default=0.0
    )


def repeats(hits: Sequence[Hit], c: Candidate, said: Sequence[set[str]], at: float) -> bool:
    """Whether ``c`` says again what an earlier answer said (``at`` of its content words)."""
    words = content_words(span_text(hits, c))
    return bool(words) and any(len(words & s) / len(words) >= at for s in said)
