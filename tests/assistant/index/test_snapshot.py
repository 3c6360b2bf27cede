"""The write protocol and the read snapshot, on a real Chroma and the packaged model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.encoders import Embedder
from assistant.index import IndexWriter
from assistant.index.ledger import Ledger
from assistant.index.snapshot import load_snapshot, read_stamp
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.ingest.test_pipeline import write_corpus


def _ledger_vectors(settings) -> dict[str, np.ndarray]:
    ledger = Ledger(settings.ledger_path)
    return {p.passage_id: v for ps, vs in ledger.vectors() for p, v in zip(ps, vs)}


def test_ingest_stores_every_vector_in_the_ledger_equal_to_chromas(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    in_ledger = _ledger_vectors(s)
    snap = load_snapshot(s, embedder)
    in_chroma = snap.store.embeddings(sorted(in_ledger))
    assert set(in_chroma) == set(in_ledger) == set(snap.passages)
    # Chroma may round the last bit (it normalises for cosine space); the ledger keeps encode()'s output.
    assert all(np.allclose(in_chroma[pid], v, atol=1e-6) for pid, v in in_ledger.items())


def test_reconcile_puts_back_lost_vectors_from_the_ledger_without_encoding(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    before = _ledger_vectors(s)
    lost = sorted(before)[:3]
    load_snapshot(s, embedder).store.delete(lost)
    cold = Embedder.from_settings(s)  # lazy: the model loads only if something is encoded
    writer = IndexWriter(s, cold)
    assert writer.reconcile() == 0
    assert writer.store.all_ids() == set(before)
    assert all(
        np.allclose(v, before[pid], atol=1e-6) for pid, v in writer.store.embeddings(lost).items()
    )
    assert cold._encoder is None


def test_a_snapshot_does_not_change_under_a_later_commit(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    old = load_snapshot(s, embedder)
    (corpus / "tier-two.md").write_text(
        "# Physical protection\n\nArmed escorts for convoys.\n", encoding="utf-8"
    )
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert read_stamp(s) != old.stamp and read_stamp(s)[1] == old.generation + 1
    assert not any("Armed escorts" in p.text for p in old.passages.values())
    new = load_snapshot(s, embedder)
    assert any("Armed escorts" in p.text for p in new.passages.values())
    assert new.lexical.generation == new.generation


def test_the_collection_is_named_by_the_home(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    a = make_settings(tmp_path / "a", corpus_dir=corpus)
    b = make_settings(tmp_path / "b", corpus_dir=corpus)
    for s in (a, b):
        ingest_paths(s, [corpus], progress=False, embedder=embedder)
    names = {load_snapshot(s, embedder).collection for s in (a, b)}
    assert len(names) == 2 and all(n.startswith("pocdoc-") for n in names)
    assert load_snapshot(a, embedder).collection.endswith(Ledger(a.ledger_path).home_id[:12])
