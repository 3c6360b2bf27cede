"""Evidence: the pool the composer reads, merged from rankings on different scales."""

from __future__ import annotations

import pytest


def test_merged_pool_scores_extra_passages_below_the_fused_ones() -> None:
    from assistant.answers.evidence import merged
    from assistant.types import Hit, Passage

    def hit(i: int, score: float) -> Hit:
        p = Passage(
            passage_id=f"p{i}", doc_id="d", text=f"text {i}", ordinal=i, char_start=0, char_end=6
        )
        return Hit(passage=p, score=score, rank=i + 1)

    fused = [hit(0, 1.0), hit(1, 0.4)]
    bm25 = [hit(1, 12.0), hit(2, 10.0), hit(3, 5.0)]  # BM25's own scale
    pool = merged(fused, bm25)
    assert [h.passage.passage_id for h in pool] == ["p0", "p1", "p2", "p3"]
    assert [h.score for h in pool] == pytest.approx([1.0, 0.4, 0.4, 0.2])


class _Terms:
    """The engine's tokeniser and IDF, for the evidence score alone."""

    def query_tokens(self, text: str) -> list[str]:
        return [w.strip(".?,").lower() for w in text.split() if w.strip(".?,")]

    def idf(self, tokens: list[str]) -> dict[str, float]:
        return dict.fromkeys(tokens, 1.0)


def _article(paragraph: str, text: str, section: tuple[str, ...] = ()):
    from assistant.types import Passage

    return Passage(
        passage_id=f"ap1:{paragraph}",
        doc_id="ap-i-1977",
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        paragraph=paragraph,
        section=section,
        doc_type="treaty",
    )


def test_a_passage_named_by_its_article_label_is_evidence() -> None:
    """ "What does Art. 76 say?": the encoder cannot tell what that is about, and the article's
    text does not repeat its number; the passage of that label, found by it, is evidence."""
    from assistant.answers.evidence import score_evidence
    from assistant.types import Hit

    p = _article("Art. 76", "1. Women shall be the object of special respect.")
    question = "What does Art. 76 say"
    retrieved = Hit(passage=p, score=1.0, rank=0, dense_score=0.06)
    named = Hit(passage=p, score=1.0, rank=0, dense_score=0.06, sources=("named",))
    assert score_evidence(_Terms(), question, [retrieved]) == pytest.approx(0.06)
    assert score_evidence(_Terms(), question, [named]) == pytest.approx(0.4)  # "art 76" of 5


def test_an_article_title_covers_the_question_that_names_it() -> None:
    """ "the basic rule of distinction": Art. 48's title, not its text, says "basic rule"."""
    from assistant.answers.evidence import score_evidence
    from assistant.types import Hit

    p = _article(
        "Art. 48",
        "The Parties to the conflict shall at all times distinguish between civilians.",
        section=("Part IV", "Article 48 — Basic rule"),
    )
    hit = Hit(passage=p, score=1.0, rank=0, dense_score=0.5)
    assert score_evidence(_Terms(), "basic rule", [hit]) == pytest.approx(0.5)


class _Document:
    """An engine that holds one treaty's passages in reading order, and nothing to search."""

    def __init__(self, passages) -> None:
        self.passages = passages

    def document_passages(self, doc_id: str):
        return tuple(p for p in self.passages if p.doc_id == doc_id)

    def as_hits(self, passages, query: str):
        from assistant.types import Hit

        return [Hit(p, 1.0, i, sources=("named",), dense_score=0.1) for i, p in enumerate(passages)]


def test_an_article_the_question_names_joins_the_hits_by_its_label() -> None:
    """ "What does Art. 76 AP I say?": no word of the question retrieves Art. 76; its label does."""
    from assistant.answers.anchors import Anchor, AnchorKind
    from assistant.answers.evidence import each_alternative
    from assistant.answers.questions import classify
    from assistant.answers.reading import Reading
    from assistant.types import Filters, Hit

    question = "What does Art. 76 AP I say?"
    anchors = (
        Anchor(AnchorKind.DOCUMENT, "AP I", doc_ids=("ap-i-1977",)),
        Anchor(AnchorKind.ARTICLE, "Art. 76", article="Art. 76"),
    )
    reading = Reading(question, question, classify(question), anchors, None, ())
    other = _article("Art. 7", "The depositary shall convene a meeting.")
    wanted = _article("Art. 76", "1. Women shall be the object of special respect.")
    hits = [Hit(other, 1.0, 0, dense_score=0.2)]
    out, pool = each_alternative(
        _Document([other, wanted]),
        reading,
        hits,
        list(hits),
        5,
        Filters(doc_ids=("ap-i-1977",)),
        lambda p: False,
    )
    assert [h.passage.paragraph for h in out] == ["Art. 7", "Art. 76"]
    assert "named" in out[1].sources
    assert [h.passage.paragraph for h in pool] == ["Art. 7", "Art. 76"]


class _Searches(_Terms):
    """An engine whose rankings are given per query text."""

    def __init__(self, rankings) -> None:
        self.rankings = rankings

    def retrieve(self, text: str, *, top_k: int, filters=None):
        return self.rankings[text][:top_k]


def _hit(pid: str, text: str, score: float):
    from assistant.types import Hit, Passage

    p = Passage(
        passage_id=pid, doc_id="side", text=text, ordinal=0, char_start=0, char_end=len(text)
    )
    return Hit(passage=p, score=score, rank=0)


def test_the_subject_is_searched_alone_only_when_the_name_outranked_it() -> None:
    """ "What does the Stimson side event summary say about early warning?": the name's words
    rank the introduction first, which says nothing of early warning; the subject's own search
    is then taken in turn. Where the first search's best passages hold the subject, it stands."""
    from assistant.answers.searching import searched

    intro = _hit("intro", "PAX and the Stimson Center held a side event.", 0.9)
    warning = _hit("warn", "Human rights sections monitor early warning indicators.", 0.8)
    named, subject = "Stimson side event summary early warning", "early warning"
    engine = _Searches({named: [intro], subject: [warning]})
    out = searched(engine, [named, subject], top_k=5, filters=None)
    assert [h.passage.passage_id for h in out] == ["intro", "warn"]
    engine = _Searches({named: [warning, intro], subject: [warning]})
    assert searched(engine, [named, subject], top_k=5, filters=None) == [warning, intro]


class _Missions(_Searches):
    """An engine whose rankings are given per query text and searched documents."""

    def retrieve(self, text: str, *, top_k: int, filters=None):
        key = (text, filters.doc_ids if filters is not None and filters.doc_ids else ())
        return self.rankings.get(key, [])[:top_k]

    def expand(self, text: str) -> str:
        return f"{text} United Nations Assistance Mission in Afghanistan"


def test_a_mission_no_hit_mentions_is_sought_in_the_other_missions_documents(repo_root) -> None:
    """ "unikom's vehicles passed on to unama": the UNIKOM report found names UNAMA in a passage
    the question's words do not retrieve; its own search, within the documents found on UNIKOM,
    does."""
    from assistant.answers.anchors import find_anchors
    from assistant.answers.evidence import each_alternative
    from assistant.answers.questions import classify
    from assistant.answers.reading import Reading
    from assistant.glossary import load_glossary
    from assistant.types import Hit, Passage

    def passage(pid: str, text: str) -> Passage:
        return Passage(pid, "unikom-2003", text, 0, 0, len(text), title="Report on UNIKOM")

    question = "How many UNIKOM vehicles were passed on to UNAMA in 2003?"
    anchors = tuple(
        find_anchors(
            question, glossary=load_glossary(repo_root / "corpus/glossary.toml"), catalogue=None
        )
    )
    reading = Reading(question, question, classify(question), anchors, None, ())
    found = Hit(passage("p9", "UNIKOM provided 40 vehicles to the Office in Iraq."), 1.0, 0)
    wanted = Hit(
        passage(
            "p20", "89 vehicles were sent to the United Nations Assistance Mission in Afghanistan."
        ),
        0.5,
        0,
    )
    searched = "UNAMA United Nations Assistance Mission in Afghanistan"
    engine = _Missions({(searched, ("unikom-2003",)): [wanted]})
    out, _ = each_alternative(engine, reading, [found], [found], 5, None, lambda p: True)
    assert [h.passage.passage_id for h in out] == ["p9", "p20"]
