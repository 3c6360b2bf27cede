"""The Compare page in a real browser (Debian chromium, Playwright, `streamlit run`) over the two
small editions of tests/conftest.py: the rows, the diff, the Markdown export, and no request
leaving 127.0.0.1. A screenshot goes to tests/artifacts/compare-page.png."""

from __future__ import annotations

import pytest

from tests.ui.test_browser import ARTIFACTS, settle, shot

pytestmark = pytest.mark.browser


def test_the_compare_page_shows_the_diff_and_exports_it(two_editions, browser_app) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with browser_app(two_editions, accept_downloads=True) as (page, url, hosts):
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
    assert "~~42~~ **57**" in markdown
    assert set(hosts) == {"127.0.0.1"}, sorted(set(hosts))
