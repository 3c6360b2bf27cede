"""`pocdoc serve`: forwarded `ask`/`search` print exactly what they print without a server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.paths import SOCKET_FILE
from ui.serve import _handle, forward, serve

REPO = Path(__file__).resolve().parents[2]
QUESTION = "What is tier 3 of protection of civilians?"

_CLIENT = """
import json, sys
from ui.cli import main
rc = main(sys.argv[1:])
sys.stdout.flush()
loaded = sorted({m.split('.')[0] for m in sys.modules} & {'chromadb', 'numpy', 'pydantic', 'torch', 'llama_index', 'onnxruntime'})
print('\\nCLIENT ' + json.dumps({'rc': rc, 'loaded': loaded}))
"""


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, POCDOC_HOME=str(home), POCDOC_CORPUS_DIR=str(REPO / "corpus"))


def _client(home: Path, *args: str) -> tuple[str, dict]:
    out = subprocess.run(
        [sys.executable, "-c", _CLIENT, *args],
        env=_env(home),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    body, _, tail = out.stdout.rpartition("\nCLIENT ")
    assert tail, out.stderr[-2000:]
    return body, json.loads(tail)


@pytest.fixture(scope="module")
def server(corpus_settings):
    home = corpus_settings.home
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve"],
        env=_env(home),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while not (home / SOCKET_FILE).exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"pocdoc serve did not start: {proc.stderr.read()[-2000:]}")
        time.sleep(0.2)
    yield home
    proc.terminate()
    proc.wait(timeout=60)
    (home / SOCKET_FILE).unlink(missing_ok=True)


def test_forwarded_ask_matches_the_answer_without_server(server: Path) -> None:
    served, info = _client(server, "ask", QUESTION, "--json")
    local, _ = _client(server, "ask", QUESTION, "--json", "--no-server")
    assert info["rc"] == 0
    a, b = json.loads(served), json.loads(local)
    assert (a["answer"], [c["passage_id"] for c in a["citations"]]) == (
        b["answer"],
        [c["passage_id"] for c in b["citations"]],
    )
    assert info["loaded"] == []  # the client imports the standard library only


def test_forwarded_search_and_errors_keep_their_exit_codes(server: Path) -> None:
    body, info = _client(
        server, "search", "protection through building a protective environment", "--json"
    )
    assert info["rc"] == 0 and json.loads(body)
    _, bad = _client(server, "search", "x", "--filter", "colour=red")
    assert bad["rc"] == 1


def test_stale_socket_means_no_server(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(tmp_path / SOCKET_FILE))  # bound, never listening: nobody answers
    assert forward(["ask", "q"], tmp_path) is None
    assert forward(["ask", "q"], tmp_path / "nowhere") is None


def test_second_server_on_one_home_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as live:
        live.bind(str(tmp_path / SOCKET_FILE))
        live.listen(1)
        with pytest.raises(ConfigError, match="already answers"):
            serve(tmp_path, lambda argv, engines: 0, {})


def test_malformed_request_gets_a_usage_error() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(b"not json\n")
        _handle(ours, lambda argv, engines: 0, {})
        ours.shutdown(socket.SHUT_WR)
        reply = json.loads(theirs.recv(65536))
    assert reply["rc"] == 2 and "malformed" in reply["stderr"]


def test_server_refuses_commands_it_does_not_forward(capsys) -> None:
    from ui.cli import main

    assert main(["status"], engines={}) == 2
    assert "runs only" in capsys.readouterr().err
