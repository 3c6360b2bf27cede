"""`pocdoc ui`: bring the index up to date, then run the Streamlit app on a loopback port.

The app is a separate process (``python -m streamlit run ui/app.py``) that reads its settings
from the environment set here. Streamlit runs headless on 127.0.0.1 with usage statistics off,
so it never reaches outside the machine.
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
from ui.index_refresh import refresh_index
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


def serve(
    settings: Settings,
    *,
    port: int = 8501,
    ingest_first: bool = True,
    config: Path | str | None = None,
) -> int:
    """Run the app until it stops or Ctrl-C; returns its exit status. The first ingest runs in a
    child process (:mod:`ui.index_refresh`), so this supervising process stays small."""
    check_port(port)
    if ingest_first:
        refresh_index(settings)
    elif not settings.ledger_path.exists():
        raise IndexMissingError(
            f"no index under {settings.home}: run `pocdoc ingest` or drop --no-ingest"
        )
    print(f"pocdoc: serving on http://{HOST}:{port} (Ctrl-C stops)", file=sys.stderr)
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
