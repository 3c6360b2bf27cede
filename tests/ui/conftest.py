"""The UI tests' shared helpers: the app served by `streamlit run` as `pocdoc ui` runs it, and
that app opened in Debian chromium through Playwright with every request's host recorded."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO
from ui.server import app_environment, streamlit_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(
        f"streamlit did not answer on {url} within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}"
    )


@contextmanager
def streamlit_server(settings, port: int, log: Path, *, embedder):
    """`streamlit run` on ``port`` as `pocdoc ui` runs it, with the home's server (the API app,
    served in this process) for it to ask."""
    from tests.ui.api.owner_home import serving

    with serving(settings, embedder), _streamlit(settings, port, log) as url:
        yield url


@contextmanager
def _streamlit(settings, port: int, log: Path):
    with log.open("ab") as out:
        proc = subprocess.Popen(
            streamlit_command(port),
            env=app_environment(settings),
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def browser_app(embedder, tmp_path):
    """``with browser_app(settings, **context_options) as (page, url, hosts)``: the app over
    ``settings`` served by `streamlit run`, a chromium page (1400 x 1600 unless the options say
    otherwise) and the host of every request that page made. Without /usr/bin/chromium it fails."""

    @contextmanager
    def open_app(settings, **context_options):
        if not CHROMIUM.exists():
            pytest.fail(
                f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)"
            )
        from playwright.sync_api import sync_playwright

        hosts: list[str] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(
                    **{"viewport": {"width": 1400, "height": 1600}, **context_options}
                )
                context.on("request", lambda r: hosts.append(urlsplit(r.url).hostname or r.url))
                page = context.new_page()
                log = tmp_path / "streamlit.log"
                with streamlit_server(settings, free_port(), log, embedder=embedder) as url:
                    yield page, url, hosts
            finally:
                browser.close()

    return open_app
