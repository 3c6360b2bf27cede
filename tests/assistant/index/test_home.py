"""Homes know who they are: a copied home takes its own id and collection, a moved one keeps its
own; collections are named once per home and attempt, and a home deletes only its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.encoders import Embedder
from assistant.index import Ledger, repair
from assistant.index.folder import FolderIdentity
from assistant.index.home import OWN, claim, names, new_collection
from assistant.index.snapshot import load_snapshot
from assistant.index.store import VectorStore, open_client
from eval.faults import index_state
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.ingest.test_pipeline import write_corpus


def _collections(settings) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in open_client(settings).list_collections()}


def _indexed(tmp_path: Path, embedder):
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    return s, corpus


def test_a_new_home_records_its_folder_and_a_moved_home_keeps_its_id(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "a" / "ledger.sqlite3")
    assert ledger.home_folder == FolderIdentity.of(tmp_path / "a")
    home_id = ledger.home_id
    ledger.close()
    (tmp_path / "a").rename(tmp_path / "b")  # same file system: same inode
    moved = Ledger(tmp_path / "b" / "ledger.sqlite3")
    assert not claim(moved) and moved.home_id == home_id
    assert moved.home_folder == FolderIdentity.of(tmp_path / "b")  # the new path is recorded


def test_a_folder_is_the_same_after_a_remount_but_not_after_a_copy() -> None:
    here = FolderIdentity("/data/home", 5, 1234)
    assert here.same_folder(FolderIdentity("/data/home", 9, 1234))  # device renumbered
    assert here.same_folder(FolderIdentity("/elsewhere/home", 5, 1234))  # moved
    assert not here.same_folder(FolderIdentity("/data/home", 5, 4321))  # replaced by a copy
    assert not here.same_folder(FolderIdentity("/other/home", 9, 1234))  # another disk's inode
    assert FolderIdentity.loads(here.dumps()) == here and FolderIdentity.loads("") is None


def test_a_ledger_that_recorded_no_folder_takes_a_new_id_on_its_first_write(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    old = ledger.home_id
    ledger.set_state("home_folder", "")  # written by a pocdoc that kept no folder identity
    assert claim(ledger) and ledger.home_id != old
    assert not claim(ledger)


def test_a_copied_home_reads_the_inherited_index_then_its_first_write_gives_it_its_own(
    tmp_path: Path, embedder
) -> None:
    a, corpus = _indexed(tmp_path, embedder)
    before = index_state(a, embedder)
    original = Ledger(a.ledger_path)
    shutil.copytree(a.home, tmp_path / "copy", symlinks=True)
    b = make_settings(tmp_path / "copy", corpus_dir=corpus)
    assert index_state(b, embedder) == before  # readers need no write

    cold = Embedder.from_settings(b)
    report = repair(b, cold)
    copy = Ledger(b.ledger_path)
    assert report.new_home_id == copy.home_id != original.home_id
    assert report.rebuilt_collection == copy.collection and report.vectors_restored == len(before)
    assert cold._encoder is None  # filled from its own ledger: nothing embedded
    assert report.retired == [original.collection]  # embedded: the copy's chroma/ is its own
    assert "this home is a copy" in report.line()
    assert _collections(b) == {copy.collection}
    assert index_state(b, embedder) == before
    assert _collections(a) == {original.collection} and index_state(a, embedder) == before

    summary = ingest_paths(b, [corpus], progress=False, embedder=embedder)
    assert summary.unchanged == 3 and summary.passages_written == 0 and not summary.repaired


def test_an_ingest_into_a_copied_home_gives_it_its_own_collection_first(
    tmp_path: Path, embedder
) -> None:
    a, corpus = _indexed(tmp_path, embedder)
    before = index_state(a, embedder)
    shutil.copytree(a.home, tmp_path / "copy", symlinks=True)
    b = make_settings(tmp_path / "copy", corpus_dir=corpus)
    (corpus / "extra.md").write_text("# Extra\n\nOnly the copy indexes this.\n", encoding="utf-8")
    summary = ingest_paths(b, [corpus], progress=False, embedder=embedder)
    assert "this home is a copy" in summary.repaired and summary.added == 1
    assert Ledger(b.ledger_path).home_id != Ledger(a.ledger_path).home_id
    assert index_state(a, embedder) == before
    assert set(index_state(b, embedder)) == Ledger(b.ledger_path).passage_ids()


def test_repair_names_a_new_collection_per_attempt_and_deletes_what_a_killed_one_left(
    tmp_path: Path, embedder
) -> None:
    s, _ = _indexed(tmp_path, embedder)
    clean = index_state(s, embedder)
    ledger = Ledger(s.ledger_path)
    first = ledger.collection
    # A repair killed after naming and creating its collection, before switching to it:
    left = new_collection(ledger, s.store.collection)
    VectorStore(s, embedder, left, create=True)
    report = repair(s, embedder, force=True)
    assert report.rebuilt_collection not in (first, left)
    assert left.endswith("-r1") and report.rebuilt_collection.endswith("-r2")
    assert set(report.retired) == {first, left}
    assert _collections(s) == {report.rebuilt_collection}
    assert names(ledger.get_state(OWN)) == [report.rebuilt_collection]
    assert index_state(s, embedder) == clean


def test_rebuild_of_a_copied_home_deletes_only_its_own_folder(tmp_path: Path, embedder) -> None:
    a, corpus = _indexed(tmp_path, embedder)
    before = index_state(a, embedder)
    shutil.copytree(a.home, tmp_path / "copy", symlinks=True)
    b = make_settings(tmp_path / "copy", corpus_dir=corpus)
    summary = ingest_paths(b, [corpus], progress=False, embedder=embedder, rebuild=True)
    assert summary.added == 3
    assert load_snapshot(b, embedder).collection != load_snapshot(a, embedder).collection
    assert index_state(a, embedder) == before
