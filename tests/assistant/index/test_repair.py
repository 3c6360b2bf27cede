"""Damage found on open, and repaired from the ledger without re-embedding."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.encoders import Embedder
from assistant.errors import IndexDamagedError
from assistant.index.ledger import Ledger
from assistant.index.repair import repair
from assistant.index.snapshot import load_snapshot
from assistant.retrieval import Engine
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.ingest.test_pipeline import write_corpus


def _indexed(tmp_path: Path, embedder):
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    return s, corpus


def _state(settings, embedder):
    """Every passage: its text, its ledger vector and whether Chroma serves the same vector."""
    from eval.faults import index_state

    return index_state(settings, embedder)


def test_lost_vectors_are_found_on_open_and_repaired_from_the_ledger(
    tmp_path: Path, embedder
) -> None:
    s, _ = _indexed(tmp_path, embedder)
    clean = _state(s, embedder)
    store = load_snapshot(s, embedder).store
    store.delete(sorted(clean)[::2])
    with pytest.raises(IndexDamagedError, match="pocdoc repair") as info:
        Engine.open(s, embedder=embedder)
    assert "\n" not in str(info.value) and "holds" in str(info.value)

    cold = Embedder.from_settings(s)
    report = repair(s, cold)
    assert report.problems and report.rebuilt_collection.endswith("-r1")
    assert report.vectors_restored == len(clean) and report.retired == [store.name]
    assert cold._encoder is None  # nothing was re-embedded
    assert _state(s, embedder) == clean
    assert Engine.open(s, embedder=embedder).retrieve("courts and police", top_k=1, method="dense")
    assert repair(s, cold).line() == "index healthy: nothing to repair"


def test_a_missing_collection_is_damage_not_an_empty_index(tmp_path: Path, embedder) -> None:
    s, _ = _indexed(tmp_path, embedder)
    clean = _state(s, embedder)
    load_snapshot(s, embedder).store.drop()
    with pytest.raises(IndexDamagedError, match="cannot be opened: run `pocdoc repair`"):
        Engine.open(s, embedder=embedder)
    repair(s, embedder)
    assert _state(s, embedder) == clean


def test_an_engine_follows_a_repair_to_the_new_collection(tmp_path: Path, embedder) -> None:
    s, _ = _indexed(tmp_path, embedder)
    engine = Engine.open(s, embedder=embedder)
    old = engine.status().collection
    repair(s, embedder, force=True)
    engine.refresh()
    assert engine.status().collection != old
    assert (
        engine.retrieve("courts and police build lasting safety", top_k=1, method="dense")[
            0
        ].passage.doc_id
        == "tier-three"
    )


def test_a_lost_bm25_index_is_rebuilt_in_memory_by_readers_and_published_by_repair(
    tmp_path: Path, embedder
) -> None:
    s, _ = _indexed(tmp_path, embedder)
    shutil.rmtree(s.bm25_dir)
    assert Engine.open(s, embedder=embedder).retrieve("courts police", top_k=1, method="bm25")
    assert not s.bm25_dir.exists()  # readers never publish
    assert repair(s, embedder).lexical_rebuilt and (s.bm25_dir / "CURRENT").exists()


def test_ingest_repairs_a_damaged_index_before_it_writes(tmp_path: Path, embedder) -> None:
    s, corpus = _indexed(tmp_path, embedder)
    clean = _state(s, embedder)
    load_snapshot(s, embedder).store.delete(sorted(clean))
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert summary.ok and summary.unchanged == 3 and summary.passages_written == 0
    assert "rebuilt Chroma collection" in summary.repaired
    assert _state(s, embedder) == clean


def test_documents_without_stored_vectors_are_dropped_by_repair_and_reindexed_by_ingest(
    tmp_path: Path, embedder
) -> None:
    import sqlite3

    s, corpus = _indexed(tmp_path, embedder)
    with sqlite3.connect(s.ledger_path) as conn:  # as an older pocdoc left it
        conn.execute("UPDATE passages SET vector = NULL WHERE doc_id = 'tier-one'")
    load_snapshot(s, embedder).store.drop()
    report = repair(s, embedder)
    assert report.documents_dropped == ["tier-one"] and "pocdoc ingest" in report.line()
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert summary.added == 1 and summary.unchanged == 2
    assert Ledger(s.ledger_path).count_without_vectors() == 0
    ledger_vectors = {
        p.passage_id: v for ps, vs in Ledger(s.ledger_path).vectors() for p, v in zip(ps, vs)
    }
    chroma = load_snapshot(s, embedder).store.embeddings(sorted(ledger_vectors))
    assert all(np.allclose(chroma[k], v, atol=1e-6) for k, v in ledger_vectors.items())
