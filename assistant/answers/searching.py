"""Searching for a question: what the engine is asked, within which documents, and how the
rankings of several searches are taken together.

A question scoped to the documents it names (:func:`assistant.answers.reading.scope_of`) also
searches for its subject without their names; a question that names an indexed document no hit
is from searches that document instead, when it holds the question's key term.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answers.anchors import AnchorKind
from assistant.answers.evidence import EVIDENCE_DEPTH
from assistant.answers.questions import Form, strip_frame
from assistant.answers.reading import Indexed, Reading
from assistant.answers.unit_rules import coverage, question_weights
from assistant.text import content_words, without_phrases
from assistant.types import Filters, Hit

if TYPE_CHECKING:
    from assistant.retrieval import Engine


def pool_for(
    engine: Engine,
    reading: Reading,
    filters: Filters | None,
    *,
    k: int,
    size: int,
) -> tuple[Filters | None, list[Hit]]:
    """The filters the search ran under and its ``size`` best passages (:func:`searched`): in a
    document the question names when no hit of the first ``k`` is from it (:func:`pointed`) and
    its passages hold the question's key term (:func:`holds_key_term`). A report is never so
    named: "UNMIBH" is one report's short title and the name of the mission's whole series."""
    pool = searched(engine, search_texts(reading, filters), top_k=size, filters=filters)
    if named := pointed(reading, filters, pool[:k], lambda d: _one_document(engine, d)):
        scoped = searched(engine, search_texts(reading, named), top_k=size, filters=named)
        if holds_key_term(engine, reading, scoped[:k]):
            return named, scoped
    return filters, pool


def _one_document(engine: Engine, doc_id: str) -> bool:
    entry = engine.documents.get(doc_id)
    return entry is not None and entry.record.doc_type != "report"


def search_texts(reading: Reading, filters: Filters | None) -> list[str]:
    """What the engine is asked: the question; and, when the search is scoped to the documents it
    names, the question without their names too. Within the document every passage is of that
    name, and a name's rare words ("the Stimson side event summary") rank the introduction that
    repeats them above the passage on what is asked ("early warning"), so a question on what a
    document says of a subject also searches for the subject alone, and both searches count. Only
    there: a name's common words ("the Convention") point to the article that defines a term."""
    if (
        filters is None
        or filters is reading.filters
        or not filters.doc_ids
        or reading.form.form is not Form.DOCUMENT
        or not reading.form.subject
    ):
        return [reading.standalone]
    names = [
        a.text
        for a in reading.anchors
        if a.kind is AnchorKind.DOCUMENT and a.doc_ids and set(a.doc_ids) <= set(filters.doc_ids)
    ]
    out = without_phrases(reading.standalone, [reading.form.document, *names], article=True)
    if not names or len(content_words(out)) < 2 or out == reading.standalone:
        return [reading.standalone]
    return [reading.standalone, out]


def searched(
    engine: Engine, texts: Sequence[str], *, top_k: int, filters: Filters | None
) -> list[Hit]:
    """The passages for the first of ``texts`` (:func:`search_texts`);
    when none of its best ``EVIDENCE_DEPTH`` holds a word of the second (a document's name
    outranked the subject asked about), the two rankings taken in turn (the first's best, the
    second's best, ...), each passage once, scored as the first."""
    first = engine.retrieve(texts[0], top_k=top_k, filters=filters)
    if len(texts) < 2:
        return first
    weights = question_weights(texts[1], tokens=engine.query_tokens, idf=engine.idf)
    top = first[:EVIDENCE_DEPTH]
    if any(coverage(weights, engine.query_tokens(h.passage.text)) > 0 for h in top):
        return first
    rankings = [first, *(engine.retrieve(t, top_k=top_k, filters=filters) for t in texts[1:])]
    seen: set[str] = set()
    out: list[Hit] = []
    for hit in (h for row in itertools.zip_longest(*rankings) for h in row if h is not None):
        if hit.passage.passage_id not in seen:
            seen.add(hit.passage.passage_id)
            out.append(hit)
    # the composer reads scores as a rank prior: the merged order keeps the first search's scores
    scores = sorted((h.score for h in out), reverse=True)
    return [replace(h, score=s, rank=i) for i, (h, s) in enumerate(zip(out, scores))][:top_k]


def pointed(
    reading: Reading, filters: Filters | None, hits: Sequence[Hit], indexed: Indexed
) -> Filters | None:
    """The documents the question names, each by a name of one indexed document, when no filter
    is on (the asker's or :func:`scope_of`'s) and no hit is from them: "ap2 - list the minimum
    guarantees for detained ppl" is asked of AP II, whatever the other documents' words rank
    first. None otherwise."""
    if filters is not reading.filters or (reading.filters and not reading.filters.is_empty()):
        return None
    docs = tuple(
        dict.fromkeys(
            a.doc_ids[0]
            for a in reading.anchors
            if a.kind is AnchorKind.DOCUMENT and len(a.doc_ids) == 1 and indexed(a.doc_ids[0])
        )
    )
    if not docs or any(h.passage.doc_id in docs for h in hits):
        return None
    return Filters(doc_ids=docs)


def holds_key_term(engine: Engine, reading: Reading, hits: Sequence[Hit]) -> bool:
    """Whether one of ``hits`` holds the question's most specific word that the corpus holds at
    all, its anchors aside: AP II never says "grave breaches", so "which acts are grave breaches
    of AP II" is not answered from AP II's prohibited acts; "min" (typed for "minimum"), which no
    passage writes, decides nothing."""
    tokens = engine.query_tokens
    anchored = {t for a in reading.anchors for t in tokens(a.text)}
    unseen = engine.idf([" "])[" "]  # a token no passage holds gets the highest IDF
    idf = engine.idf(list(dict.fromkeys(tokens(strip_frame(reading.standalone)))))
    free = {t: w for t, w in idf.items() if t not in anchored and w < unseen}
    key = max(free, key=lambda t: free[t]) if free else ""
    return not key or any(key in tokens(h.passage.text) for h in hits)
