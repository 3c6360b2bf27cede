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


FOLLOW_UP = "And who deploys the patrol?"


def test_a_named_conversation_is_asked_of_the_server(served) -> None:
    """`ask --conversation NAME` with a server running: the server reads the follow-up against
    the earlier turn and keeps both, under the CLI's user; the CLI opens no store. The answer is
    the one asked in-process (another name, so it starts afresh)."""
    from ui.api.client import HomeClient

    remote = []
    for question in (QUESTION, FOLLOW_UP):
        out, err, info = _cli(served, "ask", question, "--conversation", "alerts", "--json")
        assert info["rc"] == 0 and info["heavy"] == [], err
        remote.append(json.loads(out))
    local = [
        json.loads(_cli(served, "ask", q, "--conversation", "alerts-here", "--json",
                        "--no-server")[0])
        for q in (QUESTION, FOLLOW_UP)
    ]  # fmt: skip
    assert remote == local
    follow = remote[1]
    assert follow["question"] == FOLLOW_UP and follow["standalone_question"] != FOLLOW_UP
    cli = HomeClient(read_server_file(served.home)["url"], served.home, user="cli")
    [conv] = [c for c in cli.conversations() if c.title == "alerts"]
    assert conv.entries == 2
    entries = cli.conversation(conv.conv_id).entries
    assert [e.question for e in entries] == [QUESTION, FOLLOW_UP]
    text, _, info = _cli(served, "ask", FOLLOW_UP, "--conversation", "alerts", "--passages")
    local_text, _, _ = _cli(
        served, "ask", FOLLOW_UP, "--conversation", "alerts-here", "--passages", "--no-server"
    )
    assert info["heavy"] == [] and text == local_text  # the third turn, the same words
    _, err, info = _cli(served, "ask", "and at night?", "--conversation", "alerts-here")
    assert info["rc"] == 0 and info["heavy"] == [], err  # begun in-process, continued here
    [here] = [c for c in cli.conversations() if c.title == "alerts-here"]
    assert here.entries == 4


def test_batch_follow_ups_are_asked_of_the_server(served, tmp_path) -> None:
    """`ask --questions` lines with ``history`` or ``conversation`` go to the server too, and
    answer as in-process."""
    turn = {"question": QUESTION, "answer": "By telephone."}

    def batch(name: str) -> Path:
        path = tmp_path / f"{name}.jsonl"
        lines = [
            {"id": "h", "question": FOLLOW_UP, "history": [turn]},
            {"id": "c1", "question": QUESTION, "conversation": name},
            {"id": "c2", "question": FOLLOW_UP, "conversation": name},
        ]
        path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
        return path

    out, err, info = _cli(served, "ask", "--questions", str(batch("batch")))
    assert info["rc"] == 0 and info["heavy"] == [], err
    local, _, _ = _cli(served, "ask", "--questions", str(batch("batch-here")), "--no-server")
    remote = [json.loads(line) for line in out.splitlines()]
    assert remote == [json.loads(line) for line in local.splitlines()]
    assert [r["id"] for r in remote] == ["h", "c1", "c2"]
    assert remote[0]["standalone_question"] != FOLLOW_UP
    assert remote[2]["standalone_question"] != FOLLOW_UP  # read against c1
    from ui.api.client import HomeClient

    cli = HomeClient(read_server_file(served.home)["url"], served.home, user="cli")
    assert {c.title: c.entries for c in cli.conversations()}.get("batch") == 2
