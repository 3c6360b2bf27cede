"""`pocdoc serve` in its own process: the server file, and the CLI as its client (`ask`, `search`,
`status` print what they print in-process; `pocdoc ingest` through the server, then `pocdoc ask`,
answers about the new document)."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.paths import SERVER_FILE
from tests.ui.api.owner_home import MANGROVE, MANGROVE_QUESTION, tiny_home
from ui.api.serverfile import ensure_server, find_server, read_server_file, write_server_file

REPO = Path(__file__).resolve().parents[3]
QUESTION = "How do villagers warn the mission of attacks?"
LAGOON = (
    "# Lagoon wardens\n\n"
    "The Quorvane lagoon wardens count flamingo nests on Tuesdays and report poachers by radio.\n"
)
LAGOON_QUESTION = "Who counts flamingo nests in the Quorvane lagoon?"
_CLIENT = """
import json, sys
from ui.cli import main
rc = main(sys.argv[1:])
sys.stdout.flush()
heavy = {'chromadb', 'numpy', 'torch', 'llama_index', 'onnxruntime', 'transformers'}
heavy = sorted({m.split('.')[0] for m in sys.modules} & heavy)
print('\\nCLIENT ' + json.dumps({'rc': rc, 'heavy': heavy}))
"""


def _env(settings) -> dict[str, str]:
    return dict(
        os.environ, POCDOC_HOME=str(settings.home), POCDOC_CORPUS_DIR=str(settings.corpus_dir)
    )


def _cli(settings, *args: str) -> tuple[str, str, dict]:
    out = subprocess.run(
        [sys.executable, "-c", _CLIENT, *args],
        env=_env(settings), cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    body, _, tail = out.stdout.rpartition("\nCLIENT ")
    assert tail, out.stderr[-2000:]
    return body, out.stderr, json.loads(tail)


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    """A tiny home with its server, started as `pocdoc ui` starts it (:func:`ensure_server`)."""
    settings = tiny_home(tmp_path_factory.mktemp("served"), embedder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POCDOC_CORPUS_DIR", str(settings.corpus_dir))  # the server's settings
        url = ensure_server(settings.home, timeout=300)
    assert ensure_server(settings.home) == url  # a running server is reused, not doubled
    pid = read_server_file(settings.home)["pid"]
    yield settings
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while (settings.home / SERVER_FILE).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (settings.home / SERVER_FILE).exists()  # removed when it stops


def test_the_server_file_is_private_and_names_a_loopback_url(served) -> None:
    path = served.home / SERVER_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_server_file(served.home)["url"].startswith("http://127.0.0.1:")


def test_ask_through_the_server_prints_what_it_prints_in_process(served) -> None:
    remote, _, info = _cli(served, "ask", QUESTION, "--json")
    local, _, _ = _cli(served, "ask", QUESTION, "--json", "--no-server")
    assert info["rc"] == 0 and info["heavy"] == []  # the client loads no model, no store
    assert json.loads(remote) == json.loads(local)
    text, _, _ = _cli(served, "ask", QUESTION, "--passages")
    assert "telephone" in text and "[1]" in text


def test_search_and_status_through_the_server(served) -> None:
    remote, _, info = _cli(served, "search", "night patrols firewood", "--json", "--top-k", "2")
    assert info["rc"] == 0 and info["heavy"] == []
    hits = json.loads(remote)
    assert len(hits) == 2 and "firewood" in hits[0]["text"]
    status, _, info = _cli(served, "status", "--json")
    assert info["rc"] == 0 and json.loads(status)["documents"] >= 2
    assert json.loads(status)["health"] == "ok"


def test_errors_keep_their_lines_and_exit_codes(served) -> None:
    _, err, info = _cli(served, "search", "x", "--filter", "colour=red")
    assert info["rc"] == 1 and "bad --filter 'colour=red'" in err
    _, err, info = _cli(served, "ingest", "/etc/hostname")
    assert info["rc"] == 1 and "outside the home and the corpus folder" in err


def test_ingest_through_the_server_then_ask_answers_about_it(served) -> None:
    new = Path(served.corpus_dir) / "mangroves.md"
    new.write_text(MANGROVE, encoding="utf-8")
    line, err, info = _cli(served, "ingest", str(new))
    assert info["rc"] == 0 and line.startswith("added 1, updated 0"), err
    answer, err, info = _cli(served, "ask", MANGROVE_QUESTION, "--json")
    assert info["rc"] == 0, err  # never "Error finding id ... run `pocdoc repair`"
    assert "repair" not in answer + err
    cited = {c["title"] for c in json.loads(answer)["citations"]}
    assert "Mangrove rangers" in cited


def test_a_second_server_on_one_home_is_refused(served) -> None:
    from ui.api.serve import serve

    with pytest.raises(ConfigError, match="already answers"):
        serve(served, port=0)


def test_a_stale_server_file_is_ignored(tmp_path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write_server_file(tmp_path, "http://127.0.0.1:9", pid=dead.pid)  # a dead pid
    assert find_server(tmp_path) is None
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: refused
    write_server_file(tmp_path, f"http://127.0.0.1:{port}")  # this live pid, nothing answers
    assert find_server(tmp_path) is None
    write_server_file(tmp_path, "http://example.org:80")  # never a non-loopback url
    assert find_server(tmp_path) is None
    (tmp_path / SERVER_FILE).write_text("{not json")
    assert find_server(tmp_path) is None and find_server(tmp_path / "nowhere") is None


def test_an_ingest_by_another_process_is_seen_by_the_server(served) -> None:
    """`pocdoc ingest --no-server` writes the home from its own process (the case that made
    long-lived readers fail with "Error finding id"): the server notices and reopens."""
    new = Path(served.corpus_dir) / "lagoon.md"
    new.write_text(LAGOON, encoding="utf-8")
    line, err, info = _cli(served, "ingest", str(new), "--no-server")
    assert info["rc"] == 0 and line.startswith("added 1"), err
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer, err, info = _cli(served, "ask", LAGOON_QUESTION, "--json")
        assert info["rc"] == 0 and "repair" not in err, err
        if "Lagoon wardens" in {c["title"] for c in json.loads(answer)["citations"]}:
            break
    else:
        pytest.fail("the server never saw the other process's ingest")
