"""`pocdoc serve`: one warm process that answers `pocdoc ask` and `pocdoc search` over a socket.

A cold `pocdoc ask` pays for importing the retrieval stack (Chroma, bm25s, llama-index) and
loading the encoder before it can answer; see eval/RESULTS.md. With `pocdoc serve` running on a
home, `ask` and `search` on that home send their command line to it over a Unix socket
(``POCDOC_HOME/pocdoc.sock``) and print what it sends back: the client imports only the standard
library. The server runs the very same command code, with the client's ``POCDOC_*`` environment
and working directory, on engines it keeps open (one per distinct settings, sharing encoders),
one request at a time, so the output is exactly what the command prints without a server.
Without a server, or with a stale socket, the command runs in its own process as before.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.paths import SOCKET_FILE

FORWARDED = ("ask", "search")
_MAX_REQUEST = 1 << 20


def forward(argv: Sequence[str], home: Path) -> int | None:
    """Run ``argv`` on the server of ``home`` and print its output; None when no server answers."""
    path = home / SOCKET_FILE
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted: the server could not stand in it either
        return None
    if not path.exists():
        return None
    request = {
        "argv": list(argv),
        "env": {k: v for k, v in os.environ.items() if k.startswith("POCDOC_")},
        "cwd": cwd,
    }
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(path))
            conn.sendall(json.dumps(request).encode() + b"\n")
            reply = json.loads(_read_all(conn))
    except (OSError, ValueError):
        return None  # a stale socket (server gone): run here instead, with the same result
    sys.stdout.write(reply["stdout"])
    sys.stderr.write(reply["stderr"])
    return int(reply["rc"])


def serve(home: Path, run: Any, engines: dict[str, Any], *, ready: Any = None) -> int:
    """Answer forwarded commands on ``home``'s socket until interrupted.

    ``run(argv, engines=engines)`` is the CLI's entry point; ``engines`` is the server's cache of
    open engines (warmed by the caller), which the commands use instead of opening their own.
    ``ready`` is called once the socket listens.

    Raises:
        ConfigError: another server already answers on this home.
    """
    from assistant.errors import ConfigError

    home.mkdir(parents=True, exist_ok=True)
    path = home / SOCKET_FILE
    if path.exists():
        if _answers(path):
            raise ConfigError(
                f"a pocdoc server already answers on {path}: stop it first, or serve another --home"
            )
        path.unlink()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))
        listener.listen(8)
        try:
            print(f"pocdoc: serving {home} on {path} (Ctrl-C stops)", file=sys.stderr, flush=True)
            if ready is not None:
                ready()
            while True:
                conn, _ = listener.accept()
                with conn:
                    _handle(conn, run, engines)
        finally:
            path.unlink(missing_ok=True)


def _handle(conn: socket.socket, run: Any, engines: dict[str, Any]) -> None:
    line = b""
    while not line.endswith(b"\n") and len(line) < _MAX_REQUEST:
        chunk = conn.recv(65536)
        if not chunk:
            break
        line += chunk
    try:
        request = json.loads(line)
        argv = [str(a) for a in request["argv"]]
    except (ValueError, KeyError, TypeError):
        reply = {
            "rc": 2,
            "stdout": "",
            "stderr": "pocdoc: error: the server got a malformed request\n",
        }
    else:
        reply = _run(argv, dict(request.get("env", {})), request.get("cwd"), run, engines)
    conn.sendall(json.dumps(reply).encode())


def _run(
    argv: list[str], env: dict[str, str], cwd: str | None, run: Any, engines: dict[str, Any]
) -> dict:
    out, err = io.StringIO(), io.StringIO()
    with (
        _client_context(env, cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            rc = run(argv, engines=engines)
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:
            print(
                f"pocdoc: error: the server failed on this command: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            rc = 1
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


@contextlib.contextmanager
def _client_context(env: dict[str, str], cwd: str | None) -> Iterator[None]:
    """The client's POCDOC_* variables and folder, for one request (requests run one at a time)."""
    saved_env = {k: v for k, v in os.environ.items() if k.startswith("POCDOC_")}
    saved_cwd = os.getcwd()
    for key in saved_env:
        del os.environ[key]
    os.environ.update({k: v for k, v in env.items() if k.startswith("POCDOC_")})
    try:
        if cwd:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(saved_cwd)
        for key in [k for k in os.environ if k.startswith("POCDOC_")]:
            del os.environ[key]
        os.environ.update(saved_env)


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
