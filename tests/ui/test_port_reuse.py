"""After `pocdoc ui` stops, the same port can be used again at once: the connections the app
closed linger in TIME_WAIT for a minute, and the launcher's port check used to refuse them."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui.server import check_port

REPO = Path(__file__).resolve().parents[2]
CLI = "import sys; from ui.cli import main; sys.exit(main(sys.argv[1:]))"


def lingering_port() -> int:
    """A port whose server closed a connection first (TIME_WAIT) and stopped listening."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = server.accept()
    conn.close()  # the server side closes first, as an app does when it stops
    client.close()
    server.close()
    return port


def test_a_port_in_time_wait_is_free_for_the_next_start() -> None:
    check_port(lingering_port())  # used to raise "in use" for about a minute


def test_a_port_another_program_listens_on_is_still_refused() -> None:
    from assistant.errors import ConfigError

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        with pytest.raises(ConfigError, match="in use"):
            check_port(sock.getsockname()[1])


def start_ui(home: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "POCDOC_HOME": str(home)}
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", CLI, "ui", "--no-ingest", "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def healthy_connection(port: int, proc: subprocess.Popen, log: Path) -> http.client.HTTPConnection:
    """A kept-alive connection that has had an answer from the app's health check."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/_stcore/health")
            if conn.getresponse().read() == b"ok":
                return conn
        except OSError:
            conn.close()
            time.sleep(0.3)
    pytest.fail(
        f"the app did not answer on port {port}:\n{log.read_text(errors='replace')[-3000:]}"
    )


def stop(proc: subprocess.Popen) -> None:
    """Ctrl-C, as in a terminal: the whole process group gets SIGINT."""
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail("`pocdoc ui` did not stop within 30 s of Ctrl-C")


def test_pocdoc_ui_starts_again_on_the_same_port_right_after_ctrl_c(tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "ledger.sqlite3").touch()  # --no-ingest only needs an index to exist; no page is drawn
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "ui.log"
    first = start_ui(home, port, log)
    try:
        conn = healthy_connection(port, first, log)  # a browser's open connection
    finally:
        stop(first)
    conn.close()
    started = time.monotonic()
    second = start_ui(home, port, log)
    try:
        healthy_connection(port, second, log).close()
    finally:
        stop(second)
    text = log.read_text(errors="replace")
    assert "in use" not in text, text[-2000:]
    assert time.monotonic() - started < 60
