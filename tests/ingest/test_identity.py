"""Content, not paths, decides identity: moved folders re-embed nothing, copies are one document
in two places, a changed file is an update, two different files under one doc_id still conflict."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from assistant.index import Ledger
from eval.faults import index_state
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.ingest.test_pipeline import write_corpus


def _ingest(s, *paths, **kwargs):
    return ingest_paths(s, list(paths), progress=False, embedder=kwargs.pop("embedder"), **kwargs)


def _locations(s) -> dict[str, tuple[str, ...]]:
    return {d: e.locations for d, e in Ledger(s.ledger_path).documents().items()}


def test_a_moved_folder_updates_paths_and_embeds_nothing(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    _ingest(s, corpus, embedder=embedder)
    before = index_state(s, embedder)
    generation = Ledger(s.ledger_path).generation
    moved = corpus.rename(tmp_path / "moved")
    summary = _ingest(s, moved, embedder=embedder)
    assert (summary.added, summary.updated, summary.moved, summary.failed) == (0, 0, 3, [])
    assert summary.passages_written == summary.passages_embedded == 0
    assert summary.embed_seconds == 0.0 and "moved 3" in summary.line()
    assert index_state(s, embedder) == before  # same ids, texts, vectors
    documents = Ledger(s.ledger_path).documents()
    assert {e.source for e in documents.values()} == {
        str((moved / f"{d}.md").resolve()) for d in documents
    }
    assert Ledger(s.ledger_path).generation > generation  # readers see the new paths
    again = _ingest(s, moved, embedder=embedder)
    assert again.unchanged == 3 and again.moved == 0


def test_a_copied_folder_is_one_document_in_two_places_in_any_order(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    together = make_settings(tmp_path / "together", corpus_dir=corpus)
    summary = _ingest(together, corpus, copy, embedder=embedder)  # one run, fresh home
    assert (summary.added, summary.copies, summary.failed) == (3, 3, [])
    assert all(len(places) == 2 for places in _locations(together).values())

    apart = make_settings(tmp_path / "apart", corpus_dir=corpus)
    _ingest(apart, corpus, embedder=embedder)
    second = _ingest(apart, copy, embedder=embedder)  # the copy on its own, later
    assert (second.copies, second.passages_written, second.failed) == (3, 0, [])
    assert _locations(apart) == _locations(together)
    third = _ingest(apart, corpus, copy, embedder=embedder)
    assert third.unchanged == 6 and third.copies == 0

    shutil.rmtree(corpus)  # the first location goes: the copy's path comes first
    fourth = _ingest(apart, copy, embedder=embedder)
    assert fourth.unchanged == 3 and fourth.ok
    assert all(
        places == (str((copy / f"{d}.md").resolve()),) for d, places in _locations(apart).items()
    )


def test_a_changed_file_is_an_update_and_its_copies_old_bytes_are_no_longer_it(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    _ingest(s, corpus, copy, embedder=embedder)
    (corpus / "tier-two.md").write_text("# Tier two\n\nArmed escorts.\n", encoding="utf-8")
    summary = _ingest(s, corpus, embedder=embedder)
    assert (summary.updated, summary.unchanged) == (1, 2) and summary.passages_embedded > 0
    assert _locations(s)["tier-two"] == (str((corpus / "tier-two.md").resolve()),)
    conflict = _ingest(s, copy, embedder=embedder)  # different bytes under one doc_id
    assert [Path(f.path).name for f in conflict.failed] == ["tier-two.md"]
    assert "already indexed from" in conflict.failed[0].reason


def test_two_files_swapped_swap_their_locations_without_embedding(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    _ingest(s, corpus, embedder=embedder)
    one, two = corpus / "tier-one.md", corpus / "tier-two.md"
    text_one, text_two = one.read_bytes(), two.read_bytes()
    one.write_bytes(text_two)
    two.write_bytes(text_one)
    summary = _ingest(s, corpus, embedder=embedder)
    assert summary.ok and summary.passages_embedded == 0 and summary.documents_total == 3
    places = _locations(s)
    assert places["tier-one"] == (str(two.resolve()),)
    assert places["tier-two"] == (str(one.resolve()),)


def test_a_re_split_document_keeps_the_vectors_of_passages_that_did_not_change(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    _ingest(s, corpus, embedder=embedder)
    before = index_state(s, embedder)
    with sqlite3.connect(s.ledger_path) as conn:  # as a ledger written before hashes left out paths
        conn.execute("UPDATE documents SET content_hash = 'old-' || content_hash")
    summary = _ingest(s, corpus, embedder=embedder)
    assert summary.updated == 3 and summary.passages_written > 0
    assert summary.passages_embedded == 0 and summary.embed_seconds == 0.0
    assert "(0 embedded)" in summary.line()
    assert index_state(s, embedder) == before


def test_a_manifest_document_moved_inside_its_corpus_records_its_new_path_without_embedding(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "manifest.toml").write_text(
        '[[document]]\ndoc_id = "tier-one"\ntitle = "Tier one"\npath = "tier-one.md"\n',
        encoding="utf-8",
    )
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    _ingest(s, corpus, embedder=embedder)
    (corpus / "tiers").mkdir()
    (corpus / "tier-one.md").rename(corpus / "tiers" / "tier-one.md")
    summary = _ingest(s, corpus, embedder=embedder)
    assert summary.ok and summary.updated == 1 and summary.passages_embedded == 0
    ledger = Ledger(s.ledger_path)
    assert {p.source for p in ledger.passages("tier-one")} == {"tiers/tier-one.md"}
    assert ledger.documents()["tier-one"].source == str((corpus / "tiers/tier-one.md").resolve())


def test_prune_drops_documents_with_no_location_left_and_the_gone_locations_of_others(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    _ingest(s, corpus, copy, embedder=embedder)
    (copy / "tier-one.md").unlink()
    (corpus / "tier-two.md").unlink()
    (copy / "tier-two.md").unlink()
    summary = _ingest(s, corpus, embedder=embedder, prune=True)
    assert summary.removed == 1 and summary.documents_total == 2
    assert _locations(s)["tier-one"] == (str((corpus / "tier-one.md").resolve()),)
    assert len(_locations(s)["tier-three"]) == 2


def test_different_files_claiming_one_doc_id_in_one_run_still_conflict(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    other = tmp_path / "other"
    other.mkdir()
    (other / "tier-one.md").write_text("# Another tier one\n\nDifferent words.\n", "utf-8")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    summary = _ingest(s, corpus, other, embedder=embedder)
    assert [Path(f.path).parent.name for f in summary.failed] == ["other"]
    assert "already used by" in summary.failed[0].reason and summary.added == 3
