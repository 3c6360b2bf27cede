"""A real `chroma run` server shared by two homes, and a server that dies in the middle of an ingest."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.index import Ledger, repair
from eval.faults import index_state, write_corpus
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings

pytestmark = pytest.mark.server


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(data: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return server
        except OSError:
            assert server.poll() is None and time.time() < deadline, "chroma run did not start"
            time.sleep(0.25)


def _stop(server: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, sig)
    server.wait(timeout=30)


def test_two_homes_on_one_server_lose_no_vectors(tmp_path: Path, embedder) -> None:
    port = _free_port()
    server = _start(tmp_path / "server", port)
    try:
        store = {"mode": "http", "host": "127.0.0.1", "port": port}
        corpus_a = write_corpus(tmp_path / "a-corpus", 4)
        corpus_b = tmp_path / "b-corpus"
        corpus_b.mkdir()
        (corpus_b / "other.md").write_text(
            "# Other\n\nA different home indexes a different text.\n", encoding="utf-8"
        )
        a = make_settings(tmp_path / "a", corpus_dir=corpus_a, store=store)
        b = make_settings(tmp_path / "b", corpus_dir=corpus_b, store=store)
        ingest_paths(a, [corpus_a], progress=False, embedder=embedder)
        before = index_state(a, embedder)
        ingest_paths(
            b, [corpus_b], progress=False, embedder=embedder
        )  # reconciles its own collection only
        ingest_paths(
            b, [corpus_b], progress=False, embedder=embedder, rebuild=True
        )  # wipes its own only
        ingest_paths(a, [corpus_a], progress=False, embedder=embedder, prune=True)
        assert index_state(a, embedder) == before
        assert {p[0] for p in index_state(b, embedder).values()} == {
            p.text for p in Ledger(b.ledger_path).passages()
        }
        assert Ledger(a.ledger_path).collection != Ledger(b.ledger_path).collection
    finally:
        _stop(server)


def _served_whole(settings, embedder) -> bool:
    """Every passage the ledger lists is served by the home's collection with its ledger vector."""
    state = index_state(settings, embedder)
    return set(state) == Ledger(settings.ledger_path).passage_ids() and all(
        v[2] for v in state.values()
    )


def test_copied_homes_on_one_server_take_their_own_collections_and_lose_no_vectors(
    tmp_path: Path, embedder
) -> None:
    port = _free_port()
    server = _start(tmp_path / "server", port)
    try:
        store = {"mode": "http", "host": "127.0.0.1", "port": port}
        corpus = write_corpus(tmp_path / "corpus", 4)
        a = make_settings(tmp_path / "a", corpus_dir=corpus, store=store)
        ingest_paths(a, [corpus], progress=False, embedder=embedder)
        repair(a, embedder, force=True)  # the original has a repair history (-r1) too
        before = index_state(a, embedder)
        homes = {}
        for name in ("b", "c", "d"):  # cp -a, before either home writes again
            shutil.copytree(a.home, tmp_path / name, symlinks=True)
            extra = shutil.copytree(corpus, tmp_path / f"{name}-corpus")  # its own copy, plus:
            (extra / f"{name}.md").write_text(f"# {name}\n\nOnly home {name} says this.\n", "utf-8")
            homes[name] = (make_settings(tmp_path / name, corpus_dir=extra, store=store), extra)
        (b, b_corpus), (c, c_corpus), (d, d_corpus) = homes.values()

        def ingest(s, corpus, **kwargs):
            summary = ingest_paths(s, [corpus], progress=False, embedder=embedder, **kwargs)
            assert summary.ok, summary.failed

        # b: the copy writes first (repair, then ingest); c: the original writes first
        for step in (
            lambda: repair(b, embedder),
            lambda: ingest(b, b_corpus),
            lambda: ingest(a, corpus, prune=True),
            lambda: repair(a, embedder, force=True),
            lambda: ingest(c, c_corpus),
            lambda: repair(c, embedder, force=True),
            lambda: repair(b, embedder, force=True),
            lambda: ingest(d, d_corpus, rebuild=True),  # a copy's --rebuild wipes its own only
            lambda: ingest(a, corpus),
        ):
            step()
            assert index_state(a, embedder) == before  # 0 vectors lost, after every step
        ids = {s.home.name: Ledger(s.ledger_path).home_id for s in (a, b, c, d)}
        assert len(set(ids.values())) == 4
        collections = {Ledger(s.ledger_path).collection for s in (a, b, c, d)}
        assert len(collections) == 4
        for s in (b, c, d):
            assert _served_whole(s, embedder)
            assert f"{s.home.name}:0000" in "".join(Ledger(s.ledger_path).passage_ids())
        import chromadb

        served = chromadb.HttpClient(host="127.0.0.1", port=port).list_collections()
        # What a copy inherited was its original's, replaced by the original's own repair since:
        # the server holds the four homes' collections and nothing else.
        assert {c if isinstance(c, str) else c.name for c in served} == collections
    finally:
        _stop(server)


def test_a_server_killed_mid_ingest_gives_one_line_and_the_next_ingest_converges(
    tmp_path: Path, embedder
) -> None:
    port = _free_port()
    data = tmp_path / "server"
    server = _start(data, port)
    corpus = write_corpus(tmp_path / "corpus", 60)
    home = tmp_path / "home"
    env = {
        **os.environ,
        "POCDOC_HOME": str(home),
        "POCDOC_STORE__MODE": "http",
        "POCDOC_STORE__PORT": str(port),
        "POCDOC_STORE__RETRY_SECONDS": "3",
        "POCDOC_EMBEDDING__BATCH_SIZE": "4",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--no-progress"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        s = make_settings(
            home, corpus_dir=corpus, store={"mode": "http", "host": "127.0.0.1", "port": port}
        )
        deadline = time.time() + 240
        while not s.ledger_path.exists() or Ledger(s.ledger_path).count_passages() < 4:
            assert proc.poll() is None and time.time() < deadline, (
                proc.stderr.read() if proc.poll() is not None else "slow"
            )
            time.sleep(0.02)
        _stop(server, signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1 and "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("pocdoc: error:")]
    assert (
        len(errors) == 1 and "stopped answering" in errors[0] and "store.retry_seconds" in errors[0]
    ), err
    server = _start(data, port)
    try:
        summary = ingest_paths(s, [corpus], progress=False, embedder=embedder)
        assert summary.ok and summary.documents_total == 60
        assert set(index_state(s, embedder)) == Ledger(s.ledger_path).passage_ids()
    finally:
        _stop(server)


def test_a_server_that_lost_its_data_is_refilled_from_the_ledger(tmp_path: Path, embedder) -> None:
    port = _free_port()
    server = _start(tmp_path / "server-1", port)
    corpus = write_corpus(tmp_path / "corpus", 3)
    s = make_settings(
        tmp_path / "home",
        corpus_dir=corpus,
        store={"mode": "http", "host": "127.0.0.1", "port": port},
    )
    try:
        ingest_paths(s, [corpus], progress=False, embedder=embedder)
        before = index_state(s, embedder)
    finally:
        _stop(server)
    server = _start(tmp_path / "server-2", port)  # a new, empty server on the same address
    try:
        from assistant.encoders import Embedder
        from assistant.index import repair

        cold = Embedder.from_settings(s)
        assert repair(s, cold).rebuilt_collection and cold._encoder is None
        assert index_state(s, embedder) == before
    finally:
        _stop(server)
