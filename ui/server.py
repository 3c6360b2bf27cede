"""`pocdoc ui`: make sure the home's server runs, bring the index up to date through it, then
run the Streamlit app on a loopback port.

The server (`pocdoc serve`, :func:`ui.api.serverfile.ensure_server`) alone opens the home's
index; the app is its client, a separate process (``python -m streamlit run ui/app.py``) that
reads its settings from the environment set here. This supervising process holds neither: it
asks the server to ingest the corpus folder and waits, so it stays small. A server that `pocdoc
ui` started stops with it; one that was already running is left running. Streamlit runs headless
on 127.0.0.1 with usage statistics off, so it never reaches outside the machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from assistant.errors import ConfigError, IndexMissingError
from assistant.offline import offline_env
from assistant.settings import Settings
from ui.uploads import MAX_UPLOAD_MB

REPO = Path(__file__).resolve().parents[1]
APP = Path(__file__).resolve().parent / "app.py"
HOST = "127.0.0.1"


def streamlit_command(port: int) -> list[str]:
    """The command line that runs the app on ``HOST:port``."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
    ]  # fmt: skip


def app_environment(
    settings: Settings, *, config: Path | str | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of the app process: ``base`` (default: this process's) plus the settings
    the app must share with this process (home, corpus folder, config file) and the offline flags."""
    env = offline_env(
        base,
        POCDOC_HOME=str(Path(settings.home).resolve()),
        POCDOC_CORPUS_DIR=str(Path(settings.corpus_dir).resolve()),
    )
    if config is not None:
        env["POCDOC_CONFIG"] = str(Path(config).resolve())
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def check_port(port: int) -> None:
    """Fail early, with the fix, when ``port`` is taken (Streamlit would print a stack of its own).

    SO_REUSEADDR, as Streamlit's own server sets it: the connections of an app that just stopped
    linger in TIME_WAIT for a minute, and without it this check refused the port all that time.
    A port another program listens on is still refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            raise ConfigError(
                f"port {port} on {HOST} is in use ({exc.strerror}): pass another --port"
            ) from exc


def start_server(settings: Settings, *, config: Path | str | None = None) -> tuple[str, bool]:
    """The url of the home's server and whether this call started it (`pocdoc serve` with the
    app's environment, so both read the same settings).

    Raises:
        ConfigError: it did not start, or the running one has other settings.
    """
    from ui.api.serverfile import ensure_server, find_server, settings_digest

    home = Path(settings.home)
    started = find_server(home) is None
    env = app_environment(settings, config=config)
    url = ensure_server(home, config=Path(config) if config else None, env=env)
    if find_server(home, digest=settings_digest(settings)) is None:
        if started:
            stop_server(home)
        raise ConfigError(
            f"the pocdoc server at {url} serves {home} with other settings: stop it (Ctrl-C "
            "where it runs), or start `pocdoc ui` with the settings it was started with"
        )
    return url, started


def stop_server(home: Path, timeout: float = 30.0) -> None:
    """Stop the server of ``home`` that :func:`start_server` started (SIGTERM, then SIGKILL)."""
    import signal
    import time

    from ui.api.serverfile import read_server_file

    record = read_server_file(home) or {}
    pid = record.get("pid")
    if not isinstance(pid, int):
        return
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _ended(pid):
                return
            time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)
        _ended(pid)
    except ProcessLookupError:
        return


def _ended(pid: int) -> bool:
    """Whether ``pid`` has exited (reaped here when it is this process's child: a zombie still
    answers ``kill(pid, 0)``)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == pid
    except ChildProcessError:  # not our child: it is alive while the signal reaches it
        os.kill(pid, 0)
        return False


def index_corpus(settings: Settings, url: str) -> None:
    """Index what is new or changed in the corpus folder, on the server's writer (unchanged files
    are skipped by hash); progress and the summary go to stderr.

    Raises:
        IndexMissingError: nothing is indexed and nothing could be.
        ConfigError: the server refused or failed the ingest.
    """
    from ui.api.client import ServerClient

    client = ServerClient(url, Path(settings.home))
    print(
        f"pocdoc: checking the index of {settings.corpus_dir} under {settings.home}",
        file=sys.stderr,
    )
    body = {"paths": [str(Path(settings.corpus_dir).resolve())], "prune": False, "rebuild": False}
    job, shown = client.request("POST", "/v1/ingest", json=body), ""
    while job["state"] in ("queued", "running"):
        line = f"pocdoc: indexing {job['done']}/{job['total']} files" if job["total"] else ""
        if line and line != shown:
            print(line, file=sys.stderr)
            shown = line
        job = client.request("GET", f"/v1/jobs/{job['job_id']}", params={"wait": 2.0})
    if job["state"] != "done":
        raise ConfigError(job["message"])
    result = job["result"]
    for failure in result["summary"].get("failed", []):
        print(f"pocdoc: failed: {failure}", file=sys.stderr)
    print(f"pocdoc: {result['line']}", file=sys.stderr)
    if result["summary"].get("documents_total", 1) == 0:
        raise IndexMissingError(
            f"nothing could be indexed from {settings.corpus_dir}: add documents there or fix "
            "the failures above"
        )


def serve(
    settings: Settings,
    *,
    port: int = 8501,
    ingest_first: bool = True,
    config: Path | str | None = None,
) -> int:
    """Run the app until it stops or Ctrl-C; returns its exit status. The home's server is
    started first when none runs (and stopped with the app), and indexes the corpus folder."""
    check_port(port)
    if not ingest_first and not settings.ledger_path.exists():
        raise IndexMissingError(
            f"no index under {settings.home}: run `pocdoc ingest` or drop --no-ingest"
        )
    print(f"pocdoc: looking for the server of {settings.home}", file=sys.stderr)
    url, started = start_server(settings, config=config)
    how = "started" if started else "already running, left running when this stops"
    print(f"pocdoc: the server of {settings.home} is at {url} ({how})", file=sys.stderr)
    try:
        if ingest_first:
            index_corpus(settings, url)
        print(f"pocdoc: serving on http://{HOST}:{port} (Ctrl-C stops)", file=sys.stderr)
        return _run_app(settings, port, config)
    finally:
        if started:
            stop_server(Path(settings.home))


def _run_app(settings: Settings, port: int, config: Path | str | None) -> int:
    proc = subprocess.Popen(
        streamlit_command(port), env=app_environment(settings, config=config), cwd=REPO
    )
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached the app too (same process group); give it a moment to shut down.
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
        raise
