"""`pocdoc serve`: the home's owner behind uvicorn on 127.0.0.1.

The index and encoder are opened before the port is announced; the server file
(:mod:`ui.api.serverfile`) is written once uvicorn listens and removed when it stops, so clients
find a server that is ready, and a stale file never misleads them.
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from typing import Any

from assistant.errors import ConfigError
from assistant.settings import Settings
from ui.api.serverfile import HOST, find_server, remove_server_file, write_server_file

KEEP_ALIVE_S = 5  # an idle connection is closed after this long
MAX_CONNECTIONS = 200  # beyond this uvicorn answers 503 at once


def serve(settings: Settings, *, port: int, ready: Any = None, embedder: Any = None) -> int:
    """Serve ``settings.home`` on ``HOST:port`` (0: a free port) until interrupted.

    Raises:
        ConfigError: a server already answers on this home, or the port is taken.
    """
    import uvicorn

    from ui.api.app import create_app
    from ui.api.owner import Owner

    home = settings.home
    running = find_server(home)
    if running is not None:
        raise ConfigError(
            f"a pocdoc server already answers on {home} at {running}: stop it first, or serve "
            "another --home"
        )
    sock = _listen(port)
    owner = Owner(settings, embedder=embedder)
    owner.embedder.encode_query("warm up")  # the encoder loaded before the first question
    app = create_app(settings, owner=owner)
    config = uvicorn.Config(
        app,
        log_level="warning",
        timeout_keep_alive=KEEP_ALIVE_S,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(config)
    url = f"http://{HOST}:{sock.getsockname()[1]}"
    announcer = threading.Thread(
        target=_announce, args=(server, home, url, ready), name="pocdoc-announce", daemon=True
    )
    announcer.start()
    # uvicorn stops gracefully on SIGTERM, then raises it again: exit through Python, so the
    # server file is removed and the queued jobs finish
    previous = signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        server.run(sockets=[sock])
    except SystemExit:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        remove_server_file(home)
        owner.close()
        sock.close()
    return 0


def _exit_quietly(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _listen(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # reusable at once after a stop
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"port {port} on {HOST} is in use ({exc.strerror}): pass another --port (0 picks a free one)"
        ) from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _announce(server: Any, home: Any, url: str, ready: Any) -> None:
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    write_server_file(home, url)
    print(f"pocdoc: serving {home} at {url} (API docs: {url}/docs; Ctrl-C stops)", file=sys.stderr)
    if ready is not None:
        ready(url)
