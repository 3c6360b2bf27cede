"""The Compare page in a real browser (Debian chromium, Playwright, `streamlit run`) over two tiny
editions of one mission's report: the rows, the diff, the Markdown export, and no request leaving
127.0.0.1. A screenshot goes to tests/artifacts/compare-page.png."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.ui.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    settle,
    shot,
    streamlit_server,
)
from tests.ui.test_compare_page import NEWER, OLDER

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def editions_settings(tmp_path_factory: pytest.TempPathFactory, embedder):
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("compare-browser")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "UNFOO_S_2020_100.txt").write_text(OLDER, encoding="utf-8")
    (corpus / "UNFOO_S_2020_300.txt").write_text(NEWER, encoding="utf-8")
    settings = load_settings(None, home=root / "home", corpus_dir=corpus)
    assert ingest_paths(settings, [corpus], progress=False, embedder=embedder).ok
    return settings


def test_the_compare_page_shows_the_diff_and_exports_it(
    editions_settings, embedder, tmp_path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), tmp_path / "streamlit.log"
    hosts: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1600}, accept_downloads=True
            )
            context.on(
                "request",
                lambda request: hosts.append(urlsplit(request.url).hostname or request.url),
            )
            page = context.new_page()
            with streamlit_server(editions_settings, port, log, embedder=embedder) as url:
                page.goto(f"{url}/compare")
                page.get_by_text("Compare editions").first.wait_for(timeout=180_000)
                page.locator('[class*="st-key-compare-row-"]').first.wait_for(timeout=120_000)
                settle(page)
                assert page.locator('[class*="st-key-compare-row-"]').count() == 3
                assert page.get_by_text("S/2020/100 (2020), para. 1").count() >= 1
                shot(page, "compare-page")
                with page.expect_download() as download:
                    page.get_by_role("button", name="Export Markdown").click()
                markdown = download.value.path().read_text(encoding="utf-8")
        finally:
            browser.close()
    assert "~~42~~ **57**" in markdown
    assert set(hosts) == {"127.0.0.1"}, sorted(set(hosts))
