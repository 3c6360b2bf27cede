"""The API's docs page in a real browser (Debian chromium through Playwright): Swagger UI renders
the `/v1` operations from the bundled assets and the schema, and every request the page makes,
scripts, styles, fonts, images and the validator badge included, stays on 127.0.0.1.

Needs /usr/bin/chromium (tests/setup.sh installs it); without it this test fails, it does not skip.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/docs", "/v1/docs"])
def test_the_docs_page_renders_from_local_assets_only(api_url: str, path: str) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    hosts: list[str] = []
    failed: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            page.on("request", lambda r: hosts.append(urlsplit(r.url).hostname or r.url))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(f"{api_url}{path}", wait_until="networkidle")
            page.wait_for_selector(".opblock-summary-path", timeout=60_000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            # open one operation, as a reader of the docs would, so its schema renders too
            page.locator(".opblock-summary", has_text="/v1/ask").first.click()
            page.wait_for_selector(".opblock-body", timeout=30_000)
            page.wait_for_timeout(1000)
            shot(page, f"api-docs{path.replace('/', '-')}")
        finally:
            browser.close()

    flat = [p.replace("\u200b", "") for p in paths]
    for operation in ("/v1/ask", "/v1/search", "/v1/documents", "/v1/chat/completions"):
        assert operation in flat, f"{operation} is not on the docs page: {flat}"
    outside = sorted({h for h in hosts if h != "127.0.0.1"})
    assert outside == [], f"the docs page asked hosts other than 127.0.0.1: {outside}"
    assert failed == [], f"requests of the docs page failed: {failed}"
