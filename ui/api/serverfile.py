"""Where a home's server is: ``POCDOC_HOME/server.json`` (mode 0600) holds its url and pid.

`pocdoc serve` writes it once it listens and removes it when it stops; clients (the CLI, the
UI) read it with :func:`find_server`, which ignores a stale file (its pid dead, or nothing
answering at its url). Standard library only, so the CLI's first import stays light.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from assistant.paths import SERVER_FILE

HOST = "127.0.0.1"
PROBE_TIMEOUT_S = 2.0


def write_server_file(home: Path, url: str, pid: int | None = None) -> Path:
    """Record ``url`` as the server of ``home`` (atomically, mode 0600 from the start)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    path = home / SERVER_FILE
    partial = home / f".{SERVER_FILE}.{os.getpid()}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"url": url, "pid": os.getpid() if pid is None else pid}, out)
    os.chmod(partial, 0o600)  # in case the file was there with another mode
    os.replace(partial, path)
    return path


def remove_server_file(home: Path, pid: int | None = None) -> None:
    """Remove the file if it is this server's (``pid``), never a newer server's."""
    record = read_server_file(home)
    if record is not None and record.get("pid") == (os.getpid() if pid is None else pid):
        (Path(home) / SERVER_FILE).unlink(missing_ok=True)


def read_server_file(home: Path) -> dict | None:
    try:
        data = json.loads((Path(home) / SERVER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    return data


def settings_digest(settings: object) -> str:
    """A short hash of resolved settings: a client whose settings differ from the server's runs
    in its own process (the server answers with its own settings only)."""
    import hashlib

    data = json.loads(settings.model_dump_json())  # type: ignore[attr-defined]
    data.pop("server", None)  # where and how long the server listens changes no answer
    for key in ("home", "corpus_dir"):
        path = Path(data[key])
        try:
            data[key] = str(path.resolve())
        except OSError:  # a relative path and no working folder (it was deleted): as given
            data[key] = str(path)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def find_server(
    home: Path, *, digest: str | None = None, timeout: float = PROBE_TIMEOUT_S
) -> str | None:
    """The url of the server running on ``home``, or None (no file, a dead pid, no answer, or
    ``digest`` given and the server's settings differ)."""
    record = read_server_file(home)
    if record is None:
        return None
    pid = record.get("pid")
    if isinstance(pid, int) and not _alive(pid):
        return None
    url = record["url"]
    if not url.startswith(f"http://{HOST}:"):
        return None  # the server binds loopback only; anything else was not written by it
    health = _get(url, timeout)
    if health is None or health.get("status") != "ok":
        return None
    if digest is not None and health.get("settings") != digest:
        return None
    return url


def ensure_server(
    home: Path,
    *,
    config: Path | None = None,
    timeout: float = 300.0,
    env: dict[str, str] | None = None,
) -> str:
    """The url of ``home``'s server, started first (`pocdoc serve --port 0`, detached, in
    ``env``: default this process's environment) when none runs; waits until it has opened
    the home.

    Raises:
        ConfigError: the server did not come up within ``timeout`` seconds (its log is named).
    """
    url = find_server(home)
    if url is not None:
        return url
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "ui.cli", "serve", "--home", str(home), "--port", "0"]
    if config is not None:
        cmd += ["--config", str(Path(config).resolve())]
    log = home / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True,
            cwd=Path(__file__).resolve().parents[2], env=env,
        )  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        url = find_server(home)
        if url is not None and _ready(url):
            return url
        if proc.poll() is not None and find_server(home) is None:
            break  # it stopped (another server won the race? then find_server would see it)
        time.sleep(0.2)
    from assistant.errors import ConfigError

    raise ConfigError(
        f"the pocdoc server for {home} did not start within {timeout:.0f} s: see {log}, "
        f"or start it yourself with `pocdoc serve --home {home}`"
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _get(url: str, timeout: float) -> dict | None:
    try:
        with urllib.request.urlopen(f"{url}/v1/health", timeout=timeout) as reply:
            data = json.loads(reply.read(65536))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return data if isinstance(data, dict) else None


def _ready(url: str) -> bool:
    data = _get(url, PROBE_TIMEOUT_S)
    return bool(data and data.get("ready"))
