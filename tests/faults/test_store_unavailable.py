"""A Chroma server that stops answering: the one line says the remedy that fits what was going on."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.faults import write_corpus
from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.faults.test_shared_server import _free_port, _start, _stop

pytestmark = pytest.mark.server


def test_a_server_stopped_under_a_warm_engine_says_to_start_it_not_to_ingest(
    tmp_path: Path, embedder
) -> None:
    """The read side (a UI or `pocdoc serve` with the index open): the fix is the server."""
    from assistant.errors import StoreUnavailableError
    from assistant.retrieval import Engine

    port = _free_port()
    server = _start(tmp_path / "server", port)
    corpus = write_corpus(tmp_path / "corpus", 2)
    store = {"mode": "http", "host": "127.0.0.1", "port": port, "retry_seconds": 1}
    s = make_settings(tmp_path / "home", corpus_dir=corpus, store=store)
    try:
        ingest_paths(s, [corpus], progress=False, embedder=embedder)
        engine = Engine.open(s, embedder=embedder)
        assert engine.retrieve("civilians")
    finally:
        _stop(server)
    with pytest.raises(StoreUnavailableError) as exc:
        engine.retrieve("civilians")
    message = str(exc.value)
    assert f"start it again with `chroma run --path DIR --host 127.0.0.1 --port {port}`" in message
    assert "repeat the request" in message and "pocdoc ingest" not in message
