"""Answer units embedded once at ingest, stored with their passage, searched, and read back by the
composer in place of encoding at query time (real model, Chroma and bm25s on small files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.answers import encoded_text, units_of
from assistant.index import Ledger, load_snapshot, repair
from assistant.retrieval import Engine
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.ingest.test_pipeline import write_corpus


def test_every_passage_gets_its_units_vectors_as_the_encoder_makes_them(
    tmp_path: Path, embedder
) -> None:
    s = make_settings(tmp_path / "home")
    summary = ingest_paths(s, [write_corpus(tmp_path / "c")], progress=False, embedder=embedder)
    assert summary.ok and summary.units_embedded > 0
    snap = load_snapshot(s, embedder)
    assert snap.without_units == 0
    for p in snap.passages.values():
        stored = snap.units.vectors_of(p.passage_id)
        assert set(stored) == {(u.start, u.end) for u in units_of(p)}
        for u in units_of(p):
            fresh = embedder.encode_queries([encoded_text(p, u)])[0]
            assert float(np.dot(fresh, stored[(u.start, u.end)])) > 0.999


def test_the_unit_arm_finds_a_passage_by_one_of_its_sentences(tmp_path: Path, embedder) -> None:
    s = make_settings(tmp_path / "home", retrieval={"unit_weight": 0.25})
    ingest_paths(s, [write_corpus(tmp_path / "c")], progress=False, embedder=embedder)
    hits = Engine(s, embedder=embedder).retrieve("troops patrol near camps for displaced families")
    assert "units" in hits[0].sources and "tier-two" in hits[0].passage.doc_id


def test_an_index_from_before_unit_vectors_says_so_and_ingest_adds_them(
    tmp_path: Path, embedder
) -> None:
    s = make_settings(tmp_path / "home")
    corpus = write_corpus(tmp_path / "c")
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    ledger = Ledger(s.ledger_path)
    ledger._conn.execute("DELETE FROM units")
    ledger._conn.execute("UPDATE passages SET units = NULL")
    n = ledger.count_passages()
    ledger.close()
    assert "predate unit vectors: run `pocdoc ingest`" in repair(s, embedder).line()
    assert load_snapshot(s, embedder).without_units == n
    again = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert again.passages_embedded == 0 and again.units_embedded > 0
    assert load_snapshot(s, embedder).without_units == 0
