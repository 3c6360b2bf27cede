"""The ingest pipeline end to end, with the real model, Chroma and bm25s on small files."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.index import Ledger, VectorStore
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings

TOPICS = [
    (
        "tier-one",
        "Protection through dialogue and engagement",
        "Missions talk with armed groups to stop attacks on villages.",
    ),
    (
        "tier-two",
        "Provision of physical protection",
        "Troops patrol near camps where displaced families shelter.",
    ),
    (
        "tier-three",
        "Establishment of a protective environment",
        "Support to courts and police builds lasting safety for people.",
    ),
]


def write_corpus(root: Path, n_extra: int = 0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for slug, heading, body in TOPICS:
        (root / f"{slug}.md").write_text(
            f"# {heading}\n\n{body}\n\n## Details\n\n{body} It is reviewed yearly.\n",
            encoding="utf-8",
        )
    for i in range(n_extra):
        (root / f"note-{i:03d}.txt").write_text(
            f"Field note {i}\n\nPatrol {i} visited market {i} and heard {i} complaints about checkpoints.\n",
            encoding="utf-8",
        )
    return root


def chroma_ids(settings, embedder) -> set[str]:
    """The ids in the home's own collection (named by its ledger)."""
    return VectorStore(settings, embedder, Ledger(settings.ledger_path).collection).all_ids()


def test_second_ingest_embeds_nothing_and_changes_reembed_only_that_file(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    first = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert (first.added, first.unchanged, first.failed) == (3, 0, [])
    assert first.passages_total == first.passages_written > 0

    second = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 3)
    assert second.passages_written == 0 and second.embed_seconds == 0.0

    (corpus / "tier-two.md").write_text(
        "# Provision of physical protection\n\nNew wording about armed escorts.\n", encoding="utf-8"
    )
    third = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 2)
    ledger = Ledger(s.ledger_path)
    texts = [p.text for p in ledger.passages()]
    assert any("armed escorts" in t for t in texts)
    assert not any("Troops patrol" in t for t in texts)  # the old version is gone whole
    assert chroma_ids(s, embedder) == ledger.passage_ids()


def test_passage_ids_are_stable_across_rebuilds(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    before = Ledger(s.ledger_path).passage_ids()
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder, rebuild=True)
    assert summary.added == 3
    assert Ledger(s.ledger_path).passage_ids() == before


def test_prune_removes_documents_whose_files_disappeared(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    (corpus / "tier-one.md").unlink()
    kept = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert kept.removed == 0 and kept.documents_total == 3  # without --prune nothing is dropped
    pruned = ingest_paths(s, [corpus], progress=False, embedder=embedder, prune=True)
    assert pruned.removed == 1 and pruned.documents_total == 2
    assert chroma_ids(s, embedder) == Ledger(s.ledger_path).passage_ids()


def test_bad_inputs_are_reported_one_line_each_and_the_rest_ingested(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "latin1.txt").write_bytes("Protection des civils \xe9t\xe9".encode("latin-1"))
    (corpus / "manifest.toml").write_text(
        '[[document]]\ndoc_id = "tier-one"\ntitle = "Tier one"\ndoc_type = "not-a-type"\npath = "tier-one.md"\n',
        encoding="utf-8",
    )
    unsupported = tmp_path / "brief.docx"
    unsupported.write_bytes(b"PK\x03\x04")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    summary = ingest_paths(
        s, [corpus, unsupported, tmp_path / "missing.pdf"], progress=False, embedder=embedder
    )
    reasons = {Path(f.path).name: f.reason for f in summary.failed}
    assert set(reasons) == {
        "corrupt.pdf",
        "empty.txt",
        "latin1.txt",
        "manifest.toml",
        "brief.docx",
        "missing.pdf",
    }
    assert "does not exist" in reasons["missing.pdf"]
    assert "doc_type" in reasons["manifest.toml"]
    assert ".docx" in reasons["brief.docx"]
    assert summary.added == 3 and not summary.ok


def test_a_file_name_that_is_not_utf8_fails_alone_and_the_rest_is_indexed(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / os.fsdecode(b"notes-\xff.md")).write_text("# Notes\n\nA note.\n", encoding="utf-8")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    [failure] = summary.failed
    assert failure.path.endswith(os.fsdecode(b"notes-\xff.md")) and "not UTF-8" in failure.reason
    assert summary.added == 3
    assert len(Ledger(s.ledger_path).documents()) == 3  # the ledger holds only UTF-8 names


def _count_committed(ledger_path: Path) -> int:
    try:
        with sqlite3.connect(ledger_path, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_during_ingest_leaves_a_usable_index_and_the_rerun_completes(
    tmp_path: Path, embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus", n_extra=400)
    home = tmp_path / "home"
    s = make_settings(home, corpus_dir=corpus)
    env = {
        **os.environ,
        "POCDOC_HOME": str(home),
        "POCDOC_CORPUS_DIR": str(corpus),
        "POCDOC_EMBEDDING__BATCH_SIZE": "8",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--no-progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 240
    try:
        while _count_committed(s.ledger_path) < 5:
            assert proc.poll() is None, (
                "ingest finished before it could be killed: make the corpus larger"
            )
            assert time.time() < deadline, "ingest committed nothing in time"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    committed = Ledger(s.ledger_path)
    n_docs = len(committed.documents())
    assert 5 <= n_docs < 403
    # usable: every committed passage is searchable in both arms
    from assistant.retrieval import Engine

    engine = Engine.open(s, embedder=embedder)
    assert engine.status().documents == n_docs
    assert engine.retrieve("physical protection of displaced families", top_k=3)
    assert committed.passage_ids() <= chroma_ids(s, embedder)

    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert summary.ok and summary.documents_total == 403
    assert summary.unchanged == n_docs and summary.added == 403 - n_docs
    assert chroma_ids(s, embedder) == Ledger(s.ledger_path).passage_ids()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.server
def test_chroma_server_mode_against_a_real_chroma_run(tmp_path: Path, embedder) -> None:
    import urllib.request

    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                assert server.poll() is None and time.time() < deadline, "chroma run did not start"
                time.sleep(0.25)
        corpus = write_corpus(tmp_path / "corpus")
        s = make_settings(
            tmp_path / "home",
            corpus_dir=corpus,
            store={"mode": "http", "host": "127.0.0.1", "port": port},
        )
        summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
        assert summary.ok and summary.added == 3
        assert not (tmp_path / "home" / "chroma").exists()  # vectors live in the server
        from assistant.retrieval import Engine

        hits = Engine.open(s, embedder=embedder).retrieve(
            "courts and police build lasting safety", top_k=1, method="dense"
        )
        assert hits[0].passage.doc_id == "tier-three"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_unreachable_chroma_server_is_a_clear_error(tmp_path: Path, embedder) -> None:
    from assistant.errors import ConfigError

    s = make_settings(tmp_path / "home", store={"mode": "http", "port": _free_port()})
    with pytest.raises(ConfigError, match="chroma run"):
        ingest_paths(s, [write_corpus(tmp_path / "c")], progress=False, embedder=embedder)


def test_engine_follows_a_rebuild_instead_of_keeping_the_dropped_collection(
    tmp_path: Path, embedder
) -> None:
    from assistant.retrieval import Engine

    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    engine = Engine.open(s, embedder=embedder)
    before = engine.status().generation
    ingest_paths(s, [corpus], progress=False, embedder=embedder, rebuild=True)
    assert (
        Ledger(s.ledger_path).generation == before
    )  # same count of commits: only the epoch differs
    engine.refresh()
    hits = engine.retrieve("courts and police build lasting safety", top_k=1, method="dense")
    assert hits[0].passage.doc_id == "tier-three"


def test_a_file_whose_doc_id_changes_is_not_indexed_twice(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    (corpus / "manifest.toml").write_text(
        '[[document]]\ndoc_id = "tiers-doctrine"\ntitle = "Tier three"\ndoc_type = "doctrine"\npath = "tier-three.md"\n',
        encoding="utf-8",
    )
    summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    assert summary.ok and summary.updated == 1 and summary.removed == 0
    ledger = Ledger(s.ledger_path)
    assert set(ledger.documents()) == {"tier-one", "tier-two", "tiers-doctrine"}
    assert chroma_ids(s, embedder) == ledger.passage_ids()


def test_prefetch_hands_a_worker_error_to_the_consumer_instead_of_hanging() -> None:
    from ingest.pipeline import _prefetch

    def boom(path: Path):
        raise RuntimeError(f"cannot prepare {path}")

    with pytest.raises(RuntimeError, match="cannot prepare a"):
        list(_prefetch([Path("a"), Path("b")], boom))


def test_a_second_ingest_waits_for_the_first(tmp_path: Path, embedder, caplog) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    s.home.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"h = open({str(s.home / 'ingest.lock')!r}, 'a+')\n"
            "fcntl.flock(h, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(2)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with caplog.at_level("WARNING", logger="ingest.pipeline"):
        summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
    holder.wait(timeout=30)
    assert summary.ok and summary.added == 3
    assert "another ingest is running" in caplog.text
    assert time.monotonic() - started >= 1.0
