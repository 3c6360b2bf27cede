"""The app in a real browser: Debian chromium driven by Playwright against `streamlit run`.

Needs /usr/bin/chromium (tests/setup.sh installs it); without it this test fails, it does not skip.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from ui.server import app_environment, streamlit_command

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
QUESTION = "What is tier 3 of POC?"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer on {url} within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def served_app(corpus_settings, tmp_path):
    port = free_port()
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            streamlit_command(port), env=app_environment(corpus_settings), cwd=REPO, stdout=out, stderr=subprocess.STDOUT
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


def test_answer_with_citations_in_chromium(assistant, served_app, engine) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    expected = assistant.ask(QUESTION)
    assert expected.citations
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "browser-answer.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # Tall enough for the answer and its cards: Streamlit scrolls inside the page, so a
            # full-page screenshot only holds the viewport.
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            page.goto(served_app)
            box = page.locator('[data-testid="stChatInputTextArea"]')
            box.wait_for(timeout=120_000)  # the first session loads the model
            box.fill(QUESTION)
            box.press("Enter")
            page.locator('[data-testid="stChatMessage"]').nth(1).wait_for(timeout=60_000)
            cards = page.locator('[class*="st-key-citation-"]')
            cards.first.wait_for(timeout=60_000)
            assert cards.count() == len(expected.citations)
            time.sleep(1)  # let the last fragments paint before the screenshot
            page.screenshot(path=str(shot), full_page=True)
            text = page.locator("body").inner_text()
            # Another browser session sees its own, empty conversation.
            other = browser.new_context().new_page()
            other.goto(served_app)
            other.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=60_000)
            other_messages = other.locator('[data-testid="stChatMessage"]').count()
        finally:
            browser.close()
    assert other_messages == 0
    assert expected.citations[0].title in text
    assert "[1]" in text and "Show in source" in text
    assert shot.stat().st_size > 10_000
