"""The extractive composer never emits a sentence that is not in the passage it cites."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.extractive import compose_extractive
from assistant.lexical import LexicalIndex
from assistant.types import Hit, Passage

WORDS = ["civilians", "protection", "mission", "tier", "violence", "police", "mandate", "camp",
         "dialogue", "courts", "the", "of", "and", "in", "a", "threat", "host", "state", "troops"]

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
passage_text = st.lists(sentence, min_size=1, max_size=8).map(lambda ss: " \n".join(ss) if len(ss) % 2 else " ".join(ss))


def _hits(texts: list[str]) -> list[Hit]:
    out = []
    for i, text in enumerate(texts):
        p = Passage(passage_id=f"d{i}:{i}", doc_id=f"d{i}", text=text, ordinal=i, char_start=0, char_end=len(text), title=f"Doc {i}")
        out.append(Hit(passage=p, score=1.0 / (i + 1), rank=i + 1, dense_score=0.5))
    return out


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(passage_text, min_size=1, max_size=6), question=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join), limit=st.integers(1, 6))
def test_every_answer_sentence_is_a_span_of_its_cited_passage(texts, question, limit) -> None:
    hits = _hits(texts)
    index = LexicalIndex.build([h.passage for h in hits], generation=1)
    answer, sentences, citations = compose_extractive(question, hits, max_sentences=limit, tokens=index.query_tokens, idf=index.idf)
    by_n = {c.n: c for c in citations}
    assert len(sentences) <= limit
    assert [c.n for c in citations] == list(range(1, len(citations) + 1))
    assert len(citations) == len(sentences)
    for s in sentences:
        (n,) = s.citations
        c = by_n[n]
        assert s.text == " ".join(c.text[c.quote_start : c.quote_end].split())
    for c in citations:
        assert c.quote == c.text[c.quote_start : c.quote_end]
    # the answer is exactly the sentences with their markers: nothing else
    rebuilt = " ".join(f"{s.text} [{s.citations[0]}]" for s in sentences)
    assert answer == rebuilt
    stripped = re.sub(r" \[\d+\]", "", answer)
    for piece in filter(None, (s.text for s in sentences)):
        assert piece in stripped


def test_picks_the_sentence_that_answers() -> None:
    hits = _hits([
        "Budgets are under pressure. Tier 3 means protection through establishing a protective environment. Troops patrol.",
        "The mandate began in 1999 in Sierra Leone.",
    ])
    index = LexicalIndex.build([h.passage for h in hits], generation=1)
    answer, sentences, citations = compose_extractive(
        "What is tier 3 protection?", hits, max_sentences=1, tokens=index.query_tokens, idf=index.idf
    )
    assert sentences[0].text.startswith("Tier 3 means protection")
    assert answer.endswith("[1]") and citations[0].doc_id == "d0"
    assert citations[0].quote == "Tier 3 means protection through establishing a protective environment."
