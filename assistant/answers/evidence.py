"""Gathering and weighing the evidence for one question.

The passages on each thing the question names side by side; whether a footnote bears on the
question beyond its anchors; whether a document names an anchor elsewhere; which passages use a
term the glossary defines; and the evidence score, how strongly the corpus bears on the question
(an answer under the calibrated threshold abstains).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answers.anchors import Anchor, AnchorKind, by_kind
from assistant.answers.defining import defined_term, defining_passages
from assistant.answers.definitions import authorship, definitions_for
from assistant.answers.mentions import Bears, explained
from assistant.answers.questions import Expect, Form, classify, parts, strip_frame
from assistant.answers.reading import Indexed, Reading, focus_of
from assistant.answers.unit_rules import coverage, question_weights
from assistant.catalogue import Catalogue
from assistant.glossary import Glossary
from assistant.text import without_phrases
from assistant.types import Definition, Filters, Hit

if TYPE_CHECKING:
    from assistant.retrieval import Engine
    from assistant.types import Passage


EVIDENCE_DEPTH = 3
# alternatives each searched when the hits lack one
_SEARCHED_APART = (AnchorKind.MISSION, AnchorKind.PLACE, AnchorKind.YEAR)
_ALTERNATIVE_HITS = 3
# a footnote's names count when it holds this share of the question's other words
NOTE_COVERAGE = 0.3


def score_evidence(
    engine: Engine, question: str, hits: Sequence[Hit], *, named: dict[str, str] | None = None
) -> float:
    """How strongly the corpus bears on the question, in [0, 1].

    The minimum of two signals over the top passages: the best cosine similarity between the
    question and a passage (low for off-domain questions), and the best IDF-weighted share of
    the question's terms that one passage contains (low when the corpus lacks the question's
    specific subject). The threshold is calibrated by `pocdoc eval` (see eval/RESULTS.md).
    ``named``: the names the question gives indexed documents, by doc_id; a passage of a named
    document covers its name, which its text seldom repeats ("the Fourth Geneva Convention").
    """
    top = hits[:EVIDENCE_DEPTH]
    # A passage the question names by its label ("Art. 76 AP I") is evidence by that name: the
    # encoder cannot tell what "What does Art. 76 say?" is about; its words still must be covered.
    scores = [1.0 if "named" in h.sources else h.dense_score for h in top]
    dense = max((d for d in scores if d is not None), default=0.0)
    named = named or {}
    texts = [
        set(
            engine.query_tokens(
                f"{h.passage.text} {named.get(h.passage.doc_id, '')} {_label(h.passage)}"
            )
        )
        for h in top
    ]
    covered = 0.0
    for part in parts(
        question
    ):  # a question asking two things is covered as well as its best-covered part
        weights = question_weights(part, tokens=engine.query_tokens, idf=engine.idf)
        covered = max([covered, *(coverage(weights, t) for t in texts)])
    return min(dense, covered)


def _label(passage: Passage) -> str:
    """A treaty article's number and title as a question names them ("Art. 48", "Article 48",
    "the basic rule"): an article's text seldom repeats its own number or title."""
    label = passage.paragraph.split("(")[0]
    if not label.startswith("Art."):
        return ""
    title = passage.section[-1] if passage.section else ""
    return f"{label} {label.replace('Art.', 'Article')} {title}"


def each_alternative(
    engine: Engine,
    reading: Reading,
    hits: list[Hit],
    pool: list[Hit],
    k: int,
    filters: Filters | None,
    bears: Bears,
) -> tuple[list[Hit], list[Hit]]:
    """Hits and pool with passages on each thing the question names side by side: "Timor-Leste
    in 2012 or Haiti in 2017?" retrieves Timor-Leste's passages only, so each alternative no hit
    mentions is searched again, the question without the other alternatives, and its best
    ``_ALTERNATIVE_HITS`` passages that mention it join the hits. A phrase the question quotes
    that no hit holds is looked for in the pool first (its passages are scored for the
    question), then searched for by its own words."""
    groups = [
        g for kind, g in by_kind(reading.anchors).items() if len(g) > 1 and kind in _SEARCHED_APART
    ]
    found = [e for h in hits if (e := explained(h.passage, bears)) is not None]
    extra: list[Hit] = []
    # a thing named in the document searched ("what does the side event say about unifil")
    scoped = reading.form.form is Form.DOCUMENT and filters is not None and bool(filters.doc_ids)
    sought = {
        AnchorKind.PHRASE,
        *((AnchorKind.MISSION, AnchorKind.PLACE, AnchorKind.NAME) * scoped),
    }
    for anchor in (a for a in reading.anchors if a.kind in sought):
        if not any(anchor.mentioned_in(p) for p in found):
            # "What's 'Securing the future' ...?": the pool's passages that quote it, scored for
            # the question; failing those, a search for the quoted words themselves
            quoting = [
                h for h in pool if not h.passage.is_footnote and anchor.mentioned_in(h.passage)
            ]
            if not quoting:
                more = engine.retrieve(anchor.text, top_k=k, filters=filters)
                quoting = [
                    h for h in more if not h.passage.is_footnote and anchor.mentioned_in(h.passage)
                ]
            extra.extend(quoting[:_ALTERNATIVE_HITS])
    hits, named = _named_articles(engine, reading, hits, filters)
    extra += named + _defining(engine, reading, [*hits, *named])
    for group in groups:
        for anchor in group:
            if any(anchor.mentioned_in(p) for p in found):
                continue
            others = [
                a.text for g in groups for a in g if a is not anchor
            ]  # "Haiti in 2017": the pairs are not known
            more = engine.retrieve(
                without_phrases(reading.standalone, others), top_k=k, filters=filters
            )
            # "unikom's vehicles passed on to unama": the documents found on the others, searched
            # for the one they mention
            docs = tuple(
                dict.fromkeys(
                    h.passage.doc_id
                    for h in hits[:k]
                    if any(o.mentioned_in(h.passage) for o in group if o is not anchor)
                )
            )
            if docs and (filters is None or filters.is_empty()):
                within = Filters(doc_ids=docs)
                found_within = engine.retrieve(engine.expand(anchor.text), top_k=k, filters=within)
                ids = {h.passage.passage_id for h in found_within}
                more = [*found_within, *(h for h in more if h.passage.passage_id not in ids)]
            extra.extend(
                [
                    h
                    for h in more
                    if (e := explained(h.passage, bears)) is not None and anchor.mentioned_in(e)
                ][:_ALTERNATIVE_HITS]
            )
    if not extra:
        return hits, pool
    return merged(hits, extra), merged(pool, extra)


def _named_articles(
    engine: Engine, reading: Reading, hits: Sequence[Hit], filters: Filters | None
) -> tuple[list[Hit], list[Hit]]:
    """The hits, those of an article the question names marked "named", and the passages of each
    named article no hit is of, from the documents the search is scoped to ("Art. 76 AP I"): a
    treaty's article is a place in a document, found by its label, not by words the question and
    the article may not share."""
    docs = filters.doc_ids if filters is not None else ()
    articles = [a for a in reading.anchors if a.kind is AnchorKind.ARTICLE] if docs else []
    marked = [
        replace(h, sources=(*h.sources, "named"))
        if h.passage.doc_id in docs and any(_labelled(h.passage, a.article) for a in articles)
        else h
        for h in hits
    ]
    extra: list[Hit] = []
    for anchor in articles:
        if any(_labelled(h.passage, anchor.article) for h in hits):
            continue
        named = [
            p
            for d in docs
            for p in engine.document_passages(d)
            if not p.is_footnote and _labelled(p, anchor.article)
        ]
        extra += engine.as_hits(named[:_ALTERNATIVE_HITS], reading.standalone)
    return marked, extra


def _defining(engine: Engine, reading: Reading, hits: Sequence[Hit]) -> list[Hit]:
    """A definition question naming documents ("what is a protected person under GC IV"): the
    passages of those documents that define the term and no hit is, first ``_ALTERNATIVE_HITS``.
    A definition need not share the question's words ("Persons protected by the Convention are
    those who ..."), and the rules that use the term outrank it on them."""
    if reading.form.form is not Form.DEFINITION:
        return []
    docs = dict.fromkeys(
        d for a in reading.anchors if a.kind is AnchorKind.DOCUMENT for d in a.doc_ids
    )
    have = {h.passage.passage_id for h in hits}
    found = defining_passages(
        defined_term(reading.form.subject),
        (p for d in docs for p in engine.document_passages(d) if p.passage_id not in have),
    )
    return [
        replace(h, sources=("defining",))
        for h in engine.as_hits(found[:_ALTERNATIVE_HITS], reading.standalone)
    ]


def _labelled(passage: Passage, article: str) -> bool:
    """Whether ``passage`` is of ``article`` ("Art. 76"), by its label, not a citation of it."""
    return passage.paragraph.split("(")[0] == article


def bears_for(engine: Engine, reading: Reading) -> Callable[[Passage], bool]:
    """Whether a footnote bears on the question beyond its anchors: it holds ``NOTE_COVERAGE``
    of the weight of the question's other words. Only then do the names it explains count.
    Each footnote is read once: the hits, the pool and the searches for alternatives ask again."""
    tokens = engine.query_tokens
    anchored = {t for a in reading.anchors for t in tokens(a.text)}
    weights = {
        t: w
        for t, w in question_weights(
            strip_frame(focus_of(reading)), tokens=tokens, idf=engine.idf
        ).items()
        if t not in anchored
    }
    total = sum(weights.values())
    seen: dict[str, bool] = {}

    def bears(passage: Passage) -> bool:
        if passage.passage_id not in seen:
            seen[passage.passage_id] = (
                total > 0 and coverage(weights, tokens(passage.text)) >= NOTE_COVERAGE * total
            )
        return seen[passage.passage_id]

    return bears


def elsewhere_for(engine: Engine) -> Callable[[Anchor, str], bool]:
    """Whether a document names an anchor in one of its prose passages: a name or place is what a
    document is about, not a word every paragraph repeats. Each pair is read once per snapshot
    (its passages never change), not once per question: reading a long report's every paragraph
    for a name, fuzzily, costs more than the rest of an answer."""
    snapshot = engine.snapshot  # once per question, for a consistent view
    memo = snapshot.memo

    def elsewhere(anchor: Anchor, doc_id: str) -> bool:
        key = ("named anywhere", anchor, doc_id)
        if (known := memo.get(key)) is None:
            passages = snapshot.by_document.get(doc_id, ())
            known = any(not p.is_footnote and anchor.mentioned_in(p) for p in passages)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[key] = known
        return bool(known)

    return elsewhere


_MEMO_SIZE = 8192  # findings a snapshot keeps before it starts afresh


def defined(
    anchors: Sequence[Anchor], definitions: Sequence[Definition], glossary: Glossary | None
) -> bool:
    """Whether the glossary defines every one of ``anchors`` ("A4P?" when no passage names
    A4P): a definition question is then answered from the glossary, with its source."""
    patterns = term_uses(definitions, glossary)
    return bool(patterns) and all(any(p.search(a.text) for p in patterns) for a in anchors)


def term_uses(
    definitions: Sequence[Definition], glossary: Glossary | None
) -> tuple[re.Pattern[str], ...]:
    """The forms of the defined terms, as the glossary finds their uses in text."""
    return tuple(p for d in definitions for p in glossary.patterns(d.term)) if glossary else ()


def documents_defined(
    definitions: Sequence[Definition], catalogue: Catalogue | None, indexed: Indexed
) -> frozenset[str]:
    """The indexed documents that definitions define ("AP II" is sourced to AP II itself):
    each of their passages is a use of the term, though it says "this Protocol"."""
    if not catalogue:
        return frozenset()
    return frozenset(
        d.doc_id
        for d in definitions
        if d.doc_id
        and indexed(d.doc_id)
        and any(p.search(d.term) for p in catalogue.name_patterns(d.doc_id))
    )


def definitions_of(
    reading: Reading, glossary: Glossary | None, catalogue: Catalogue | None
) -> tuple[Definition, ...]:
    """The glossary's definitions of what the question asks about (a follow-up's focus, or the
    question), and for a question asking who wrote a document, the catalogue's authorship of the
    documents it names or describes."""
    asked = reading.focus or reading.standalone
    definitions = tuple(
        definitions_for(
            asked,
            classify(asked) if reading.focus else reading.form,
            glossary,
            catalogue,
        )
    )
    if reading.form.expect is Expect.AUTHOR and catalogue:
        named = [
            e
            for a in reading.anchors
            if a.kind is AnchorKind.DOCUMENT
            for d in a.doc_ids
            if (e := catalogue.get(d))
        ]
        named = named or catalogue.described_in(reading.standalone)
        definitions = (*authorship(named), *definitions)
    return definitions


def merged(hits: Sequence[Hit], more: Sequence[Hit]) -> list[Hit]:
    """``hits`` then the passages of ``more`` they lack, in order, scored below the last of
    ``hits`` (their own scores are on another scale: the composer reads scores as a rank prior)."""
    seen = {h.passage.passage_id for h in hits}
    extra = [h for h in more if h.passage.passage_id not in seen]
    if not hits or not extra:
        return [*hits, *extra]
    floor, top = hits[-1].score, max(h.score for h in extra) or 1.0
    return [*hits, *(replace(h, score=floor * h.score / top) for h in extra)]
