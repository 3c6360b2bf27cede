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


def _as_an_older_pocdoc_left_it(settings, doc_ids=None) -> None:
    """Vectors not stored; with no ``doc_ids``, no home id or collection recorded either (the
    collection every home used then was the bare ``store.collection``)."""
    import sqlite3

    with sqlite3.connect(settings.ledger_path) as conn:
        if doc_ids is None:
            conn.execute("UPDATE passages SET vector = NULL")
            conn.execute("UPDATE documents SET encoder = ''")
            conn.execute(
                "DELETE FROM state WHERE key IN ('collection', 'collections', 'home_id', 'home_folder')"
            )
        else:
            for doc_id in doc_ids:
                conn.execute("UPDATE passages SET vector = NULL WHERE doc_id = ?", (doc_id,))


def test_an_older_home_says_what_its_ledger_holds_and_repair_embeds_it_once_keeping_ids(
    tmp_path: Path, embedder, capsys
) -> None:
    from ui.cli import main

    s, corpus = _indexed(tmp_path, embedder)
    clean = _state(s, embedder)
    old = load_snapshot(s, embedder).store
    old.drop()
    old.client.get_or_create_collection(s.store.collection)  # where an older pocdoc kept vectors
    _as_an_older_pocdoc_left_it(s)
    for command in (["status"], ["search", "courts"]):
        assert main([*command, "--home", str(s.home)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert "holds 3 documents" in err and "without stored vectors" in err, err
        assert "`pocdoc repair`" in err and "nothing is indexed" not in err

    report = repair(s, embedder)
    assert report.vectors_embedded == len(clean) and report.documents_embedded == 3
    assert "embedded" in report.line() and "passage ids kept" in report.line()
    assert report.retired == [s.store.collection]  # the old collection is gone
    names = {c if isinstance(c, str) else c.name for c in old.client.list_collections()}
    assert names == {report.rebuilt_collection}
    state = _state(s, embedder)
    assert set(state) == set(clean) and all(v[2] for v in state.values())  # same ids, served
    ledger = {pid: np.frombuffer(v[1], dtype=np.float32) for pid, v in state.items()}
    assert all(
        np.allclose(ledger[pid], np.frombuffer(v[1], dtype=np.float32), atol=1e-5)
        for pid, v in clean.items()
    )
    assert repair(s, embedder).line() == "index healthy: nothing to repair"  # once
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert summary.unchanged == 3 and summary.passages_written == 0


def test_the_next_ingest_embeds_passages_without_stored_vectors_keeping_their_documents(
    tmp_path: Path, embedder
) -> None:
    s, corpus = _indexed(tmp_path, embedder)
    ids = Ledger(s.ledger_path).passage_ids()
    _as_an_older_pocdoc_left_it(s, ["tier-one"])
    load_snapshot(s, embedder).store.drop()
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert "embedded" in summary.repaired and summary.unchanged == 3
    assert summary.passages_written == 0
    assert Ledger(s.ledger_path).count_without_vectors() == 0
    assert Ledger(s.ledger_path).passage_ids() == ids
    ledger_vectors = {
        p.passage_id: v for ps, vs in Ledger(s.ledger_path).vectors() for p, v in zip(ps, vs)
    }
    chroma = load_snapshot(s, embedder).store.embeddings(sorted(ledger_vectors))
    assert all(np.allclose(chroma[k], v, atol=1e-6) for k, v in ledger_vectors.items())
