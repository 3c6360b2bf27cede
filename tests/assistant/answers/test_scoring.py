"""Unit scoring reads the unit vectors stored at ingest, and encodes units only for an index that
predates them (then only the best few by coverage)."""

from __future__ import annotations

import numpy as np

from assistant.answers.composer import Composer
from assistant.answers.questions import classify
from assistant.answers.scoring import SEMANTIC_POOL
from assistant.answers.units import units_of
from assistant.index import LexicalIndex
from assistant.types import Hit, Passage

TEXT = " ".join(f"Patrol {i} visited the market and counted {i} checkpoints." for i in range(15))


def _hits() -> list[Hit]:
    p = Passage(
        passage_id="d:0", doc_id="d", text=TEXT, ordinal=0, char_start=0, char_end=len(TEXT)
    )
    return [Hit(passage=p, score=1.0, rank=1, dense_score=0.5)]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(texts)
        rng = np.random.default_rng(len(texts))
        m = rng.normal(size=(len(texts), 8)).astype(np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)


def _composer(encode: Recorder, stored=None) -> Composer:
    index = LexicalIndex.build([h.passage for h in _hits()], generation=1)
    return Composer(
        tokens=index.query_tokens, idf=index.idf, encode=encode, max_units=2, stored=stored
    )


def test_stored_unit_vectors_are_read_and_only_the_question_is_encoded() -> None:
    hits = _hits()
    vectors = {(u.start, u.end): np.eye(8, dtype=np.float32)[0] for u in units_of(hits[0].passage)}
    seen: list = []
    encode = Recorder()
    composer = _composer(encode, stored=lambda p: vectors)
    composer.observe = lambda h, cs, f: seen.extend(cs)
    q = "Which market did the patrol visit?"
    sentences, _ = composer.compose(q, classify(q), hits)
    assert sentences and encode.calls == [[q]]
    assert len(seen) == len(units_of(hits[0].passage)) and all(c.vector is not None for c in seen)


def test_an_index_without_unit_vectors_encodes_the_best_few_units_at_query_time() -> None:
    encode = Recorder()
    q = "Which market did the patrol visit?"
    sentences, _ = _composer(encode, stored=lambda p: {}).compose(q, classify(q), _hits())
    assert sentences and len(encode.calls) == 1 and len(encode.calls[0]) == 1 + SEMANTIC_POOL


def test_a_unit_that_spells_an_abbreviation_out_covers_it() -> None:
    text = (
        "Missions shared their lessons at the event. With 12 peacekeeping missions and 25 special "
        "political missions deployed, the UN is stretched."
    )
    p = Passage(
        passage_id="d:1", doc_id="d", text=text, ordinal=0, char_start=0, char_end=len(text)
    )
    hits = [Hit(passage=p, score=1.0, rank=1, dense_score=0.5)]
    index = LexicalIndex.build([p], generation=1)
    glossary = {"SPMs": "SPMs special political mission"}
    q = "How many SPMs are deployed?"

    def covered(expand) -> dict[str, float]:
        composer = Composer(
            tokens=index.query_tokens, idf=index.idf, encode=Recorder(), max_units=2,
            expand=expand,
        )  # fmt: skip
        seen: list = []
        composer.observe = lambda h, cs, f: seen.extend(cs)
        composer.compose(q, classify(q), hits)
        return {text[c.unit.start : c.unit.end][:12]: c.coverage for c in seen}

    plain = covered(None)
    spelled = covered(lambda s: " ".join(glossary.get(w, w) for w in s.split()))
    assert spelled["With 12 peac"] > plain.get("With 12 peac", 0.0)
    assert spelled.get("Missions sha", 0.0) == plain.get("Missions sha", 0.0)  # "missions" alone
