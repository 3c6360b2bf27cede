from __future__ import annotations

from pathlib import Path

from assistant.index.lexical import LexicalIndex
from assistant.types import Filters, Passage


def _p(pid: str, text: str, doc_type: str = "report", date: str = "2019-01-01") -> Passage:
    return Passage(
        passage_id=pid,
        doc_id=pid.split(":")[0],
        text=text,
        ordinal=0,
        char_start=0,
        char_end=len(text),
        doc_type=doc_type,
        date=date,
    )


PASSAGES = [
    _p("a:1", "Peacekeepers protect civilians from physical violence.", "doctrine", "2019-05-01"),
    _p("b:1", "The budget of the mission was reduced.", "report", "2017-03-01"),
    _p("c:1", "Civilians fled the violence in the north.", "report", "2012-10-01"),
]


def test_search_ranks_by_bm25_and_drops_zero_scores() -> None:
    index = LexicalIndex.build(PASSAGES, generation=1)
    hits = index.search("civilians violence", 10)
    assert [pid for pid, _ in hits][:2] in (["a:1", "c:1"], ["c:1", "a:1"])
    assert "b:1" not in dict(hits)


def test_filters_mask_type_and_dates() -> None:
    index = LexicalIndex.build(PASSAGES, generation=1)
    assert [p for p, _ in index.search("civilians", 10, Filters(doc_types=("report",)))] == ["c:1"]
    assert [p for p, _ in index.search("civilians", 10, Filters(date_from="2015"))] == ["a:1"]
    assert [p for p, _ in index.search("civilians", 10, Filters(date_to="2012"))] == ["c:1"]
    assert index.search("civilians", 10, Filters(doc_ids=("zzz",))) == []


def test_save_publishes_atomically_and_load_round_trips(tmp_path: Path) -> None:
    index = LexicalIndex.build(PASSAGES, generation=3)
    index.save(tmp_path)
    # a leftover temp folder from a killed build is ignored and cleaned by the next save
    (tmp_path / ".tmp-00000009-1").mkdir()
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None and loaded.generation == 3
    assert loaded.search("budget", 5) == index.search("budget", 5)
    LexicalIndex.build(PASSAGES[:1], generation=4).save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CURRENT", "gen-00000004"]
    assert len(LexicalIndex.load(tmp_path)) == 1


def test_load_without_index_returns_none(tmp_path: Path) -> None:
    assert LexicalIndex.load(tmp_path) is None


def test_idf_is_higher_for_rarer_terms() -> None:
    index = LexicalIndex.build(PASSAGES, generation=1)
    idf = index.idf(index.query_tokens("civilians budget"))
    assert idf["budget"] > idf["civilian"]


def test_a_passage_of_stopwords_only_is_indexed_and_never_found() -> None:
    texts = ["The the the.", "Civilians were protected."]
    passages = [
        Passage(passage_id=f"d:{i}", doc_id="d", text=t, ordinal=i, char_start=0, char_end=len(t))
        for i, t in enumerate(texts)
    ]
    index = LexicalIndex.build(passages, generation=1)
    assert [pid for pid, _ in index.search("civilians", 5)] == ["d:1"]
    assert index.search("the", 5) == []
    assert LexicalIndex.build(passages[:1], generation=1).search("civilians", 5) == []
