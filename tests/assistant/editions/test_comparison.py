"""Two editions of a tiny mission report, written here, ingested by the real pipeline and encoder,
then compared from the ledger: labels, citations, the per-pair cache, topics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.editions import AlignmentCache, CompareError, Shelf, first_mention, trend
from assistant.glossary import Glossary

HEAD = "Report of the Secretary-General on the United Nations Mission in Fooland\n\n"
OLDER = (
    HEAD
    + """I. Introduction

1. The present report is submitted pursuant to Security Council resolution 2500 (2019) and covers developments from 1 January to 31 March 2020.

II. Security situation

2. The security situation remained tense in the north, where 42 civilians were killed in attacks by armed groups during the period.

3. The national police deployed 300 additional officers to the northern districts to protect civilians.

4. Cholera remained a serious concern, with 1,200 suspected cases recorded in the capital.

III. Observations

5. I thank my Special Representative and all Mission personnel for their dedication.
"""
)
NEWER = (
    HEAD
    + """I. Introduction

1. The present report is submitted pursuant to Security Council resolution 2500 (2019) and covers developments from 1 April to 30 June 2020.

II. Security situation

2. The security situation remained tense in the north, where 57 civilians were killed in attacks by armed groups during the period.

3. Floods displaced 20,000 people in the southern provinces, where the Mission delivered emergency supplies by helicopter.

4. The national police deployed 300 additional officers to the northern districts to protect civilians.

III. Observations

5. I thank my Special Representative and all Mission personnel for their dedication.
"""
)


def ingest(settings, folder: Path, embedder) -> None:
    from ingest.pipeline import ingest_paths

    summary = ingest_paths(settings, [folder], progress=False, embedder=embedder)
    assert summary.ok, [str(f) for f in summary.failed]


@pytest.fixture(scope="module")
def home(ingest_editions):
    settings = ingest_editions(OLDER, NEWER)  # these longer editions: headings, a moved paragraph
    return settings, settings.corpus_dir


def open_shelf(home) -> Shelf:
    return Shelf.open(home[0].home, glossary=Glossary([]))


def test_the_two_reports_are_a_series_found_by_their_file_names(home) -> None:
    shelf = open_shelf(home)
    series = shelf.find("UNFOO")
    assert series.doc_ids == ("unfoo-s-2020-100", "unfoo-s-2020-300")
    assert shelf.pick(series) == series.doc_ids


def test_each_paragraph_is_labelled_and_cited_on_both_sides(home) -> None:
    comparison = open_shelf(home).compare("S/2020/300", "s/2020/100")  # any order, any case
    assert comparison.old.record.symbol == "S/2020/100"
    got = [
        (r.pair.status, r.old.number if r.old else None, r.new.number if r.new else None)
        for r in comparison.rows()
    ]
    assert got == [
        ("revised", "1", "1"),
        ("revised", "2", "2"),
        ("new", None, "3"),
        ("unchanged", "3", "4"),
        ("dropped", "4", None),
        ("unchanged", "5", "5"),
    ]
    revised = next(r for r in comparison.rows() if r.old and r.old.number == "2")
    assert [(s.op, s.text) for s in revised.pair.diff if s.op != "="] == [("-", "42"), ("+", "57")]
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data["counts"] == {
        "unchanged": 2,
        "revised": 2,
        "new": 1,
        "dropped": 1,
        "moved": 0,
        "merged": 0,
    }
    assert (
        data["pairs"][1]["old"]["label"] == "para. 2" and data["pairs"][1]["new"]["number"] == "2"
    )


def test_a_topic_keeps_the_pairs_about_it(home) -> None:
    shelf = open_shelf(home)
    rows = list(shelf.compare("S/2020/100", "S/2020/300", topic="cholera").rows())
    assert [(r.pair.status, r.old.number if r.old else None) for r in rows] == [("dropped", "4")]
    assert shelf.compare("S/2020/100", "S/2020/300", topic="chocolate cake").pairs == ()


def test_the_alignment_is_cached_until_a_document_changes(home, embedder) -> None:
    settings, folder = home
    shelf = open_shelf(home)
    first = shelf.compare("S/2020/100", "S/2020/300")
    again = open_shelf(home).compare("S/2020/100", "S/2020/300")
    assert again.cached and again.pairs == first.pairs
    assert len(list((settings.home / "editions").glob("*.json"))) == 1
    (folder / "UNFOO_S_2020_300.txt").write_text(
        NEWER.replace("57 civilians", "61 civilians"), encoding="utf-8"
    )
    ingest(settings, folder, embedder)
    changed = open_shelf(home).compare("S/2020/100", "S/2020/300")
    assert not changed.cached
    assert ("+", "61") in [(s.op, s.text) for r in changed.pairs for s in r.diff]
    (folder / "UNFOO_S_2020_300.txt").write_text(NEWER, encoding="utf-8")
    ingest(settings, folder, embedder)


def test_a_refit_scorer_under_the_same_version_aligns_again(home, monkeypatch) -> None:
    from dataclasses import replace

    from assistant.editions import alignment
    from assistant.editions.pair_features import load_pair_scorer

    shelf = open_shelf(home)
    shelf.compare("S/2020/100", "S/2020/300")
    assert open_shelf(home).compare("S/2020/100", "S/2020/300").cached
    shipped = load_pair_scorer()
    refit = replace(shipped, weights=shipped.weights * 1.01)  # same version string, new weights
    monkeypatch.setattr(alignment, "load_pair_scorer", lambda: refit)
    assert refit.version == shipped.version and refit.key != shipped.key
    assert not open_shelf(home).compare("S/2020/100", "S/2020/300").cached


def test_an_unreadable_cache_file_is_recomputed_and_counted(home) -> None:
    shelf = open_shelf(home)
    shelf.compare("S/2020/100", "S/2020/300")
    cache = AlignmentCache(home[0].home)
    cache.path("unfoo-s-2020-100", "unfoo-s-2020-300").write_text("{not json", encoding="utf-8")
    shelf.cache = cache
    assert not shelf.compare("S/2020/100", "S/2020/300").cached
    assert cache.unreadable == 1


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("S/2020/999", "S/2020/300", "no indexed document 'S/2020/999'"),
        ("S/2020/100", "S/2020/100", "compared with itself"),
    ],
)
def test_bad_names_say_what_to_give(home, first, second, message) -> None:
    with pytest.raises(CompareError, match=message):
        open_shelf(home).compare(first, second)


def test_an_unknown_series_lists_the_known_ones(home) -> None:
    with pytest.raises(CompareError, match="series: UNFOO reports"):
        open_shelf(home).find("UNBAR")


def test_a_topic_across_the_series_counts_its_paragraphs_and_dates_the_first(home) -> None:
    shelf = open_shelf(home)
    points = trend(shelf.ledger, shelf.find("UNFOO"), "floods")
    assert [(p.edition.record.symbol, p.count) for p in points] == [
        ("S/2020/100", 0),
        ("S/2020/300", 1),
    ]
    first = first_mention(points)
    assert first is not None and first.edition.record.symbol == "S/2020/300"
    assert first.to_dict()["where"] == ["para. 3"]
    assert first_mention(trend(shelf.ledger, shelf.find("UNFOO"), "chocolate")) is None


def test_the_manifest_names_a_series(home, tmp_path) -> None:
    from assistant.manifest import load_manifest

    (tmp_path / "manifest.toml").write_text(
        "".join(
            f'[[document]]\ndoc_id = "unfoo-s-2020-{n}"\ntitle = "Fooland report {n}"\n'
            'series = "Fooland reporting"\n\n'
            for n in (100, 300)
        ),
        encoding="utf-8",
    )
    assert load_manifest(tmp_path).series == {
        "unfoo-s-2020-100": "Fooland reporting",
        "unfoo-s-2020-300": "Fooland reporting",
    }
    shelf = Shelf.open(home[0].home, glossary=Glossary([]), corpus_dir=tmp_path)
    assert [(s.name, s.basis, s.doc_ids) for s in shelf.series] == [
        ("Fooland reporting", "manifest", ("unfoo-s-2020-100", "unfoo-s-2020-300"))
    ]
