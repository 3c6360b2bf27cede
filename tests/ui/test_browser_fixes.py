"""The UI fixes of issue 22, each where a user sees it, in Debian chromium driven by Playwright
against `streamlit run` (the pattern of tests/ui/test_browser.py): a follow-up's "Answering: ..."
line and sources, the not-indexed note naming the upload, a bare address offering this browser's
recent workspaces, 20 briefing exports in a row that all arrive, and the Documents page with full
titles, pages only where they exist and dates with their zone."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, make_settings
from tests.ui.test_browser import (
    CHAT,
    CHROMIUM,
    CHROMIUM_ARGS,
    ask,
    docx_paragraphs,
    free_port,
    settle,
    shot,
    streamlit_server,
)

# A slice of the bundled corpus, for time: both Additional Protocols (their titles differ only at
# the end), a Secretary-General's report (a PDF, with pages), the policy note and the text summary.
SLICE = (
    "ihl/additional-protocol-i-1977.md",
    "ihl/additional-protocol-ii-1977.md",
    "reports/UNMIK_S_2018_981.pdf",
    "future-of-poc-in-un-peacekeeping.md",
    "poc-week-2022-side-event-summary.txt",
)
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]  # the ingest, on a busy machine

QUESTION, FOLLOW_UP = "What is tier 3 of POC?", "And tier 2?"
NOT_INDEXED = "What does the HIPPO report say about the protection of civilians?"
EXPORTS = 20
ISO_WITH_ZONE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d")


@pytest.fixture(scope="module")
def slice_settings(tmp_path_factory, embedder):
    """Settings whose home holds :data:`SLICE` indexed, with the whole manifest and glossary."""
    from ingest.pipeline import ingest_paths

    corpus = tmp_path_factory.mktemp("slice") / "corpus"
    corpus.mkdir()
    for name in [p.name for p in CORPUS.glob("*.toml")] + list(SLICE):
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CORPUS / name, corpus / name)
    settings = make_settings(tmp_path_factory.mktemp("slice-home"), corpus_dir=corpus)
    summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
    assert summary.ok and summary.documents_total == len(SLICE), summary.line()
    return settings


@pytest.fixture(scope="module")
def app(slice_settings, embedder, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with streamlit_server(slice_settings, free_port(), log, embedder=embedder) as url:
                yield url, browser
        finally:
            browser.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    return context.new_page()


def body(page) -> str:
    return page.locator("body").inner_text()


def test_follow_up_upload_note_and_recent_workspaces(app) -> None:
    url, browser = app
    page = new_page(browser)
    page.goto(url)  # a first visit: nothing to offer, a new workspace
    page.get_by_text("Try one of these:").wait_for(timeout=120_000)
    user = re.search(r"[?&]user=([A-Za-z0-9_-]+)", page.url).group(1)
    ask(page, QUESTION, 0)
    ask(page, FOLLOW_UP, 1)
    settle(page)
    follow_up = page.locator(CHAT).nth(3).inner_text()
    assert re.search(
        r"Answering: (tier 2|Tier II), following on from “What is (tier 3|Tier III) of POC\?”",
        follow_up,
    ), follow_up
    assert "Understood as" not in follow_up and "0 sources" not in follow_up
    assert "Source: pocdoc glossary" in follow_up
    ask(page, NOT_INDEXED, 2)
    settle(page)
    note = page.locator(CHAT).nth(5).inner_text()
    assert "HIPPO" in note and "“Add a document” in the sidebar" in note, note
    assert "pocdoc ingest" not in note and "pocdoc fetch" not in note
    shot(page, "fixes-01-follow-up-and-not-indexed")

    page.goto(url)  # the bare address, in the same browser
    page.get_by_text("This browser used these workspaces").wait_for(timeout=60_000)
    settle(page)
    offer = page.locator(f'[class*="st-key-recent-{user}"]').inner_text()
    assert "1 conversation: “What is tier 3 of POC?”" in offer, offer
    shot(page, "fixes-02-recent-workspaces")
    page.locator(f'[class*="st-key-recent-open-{user}"] button').click()
    page.locator(CHAT).nth(5).wait_for(timeout=90_000)
    assert f"user={user}" in page.url
    assert QUESTION in body(page)

    fresh = new_page(browser)  # another browser (no cookie): no offer, a new workspace
    fresh.goto(url)
    fresh.get_by_text("Try one of these:").wait_for(timeout=120_000)
    assert "This browser used these workspaces" not in body(fresh)
    assert f"user={user}" not in fresh.url


def test_the_briefing_export_arrives_every_time(app, slice_settings, embedder) -> None:
    from assistant.open import open_assistant
    from ui.briefing import Briefing
    from ui.workspace import Workspace, workspace_path

    url, browser = app
    user = "0123456789abcdef0123456789abcdef"
    briefing = Briefing()
    briefing.add_answer(open_assistant(slice_settings, embedder=embedder).ask(QUESTION))
    Workspace(workspace_path(slice_settings)).save_briefing(user, briefing)
    page = new_page(browser)
    page.goto(f"{url}/briefing?user={user}")
    notes = page.get_by_label("Notes").first
    notes.wait_for(timeout=120_000)
    settle(page)
    waits = []
    for i in range(EXPORTS):
        # a notes field committing on blur reruns the script at the moment of the click: the
        # rerun that used to swallow the export's answer and leave the button spinning
        notes.fill(f"note {i}")
        button = "Export Word (.docx)" if i % 2 else "Export Markdown"
        started = time.monotonic()
        with page.expect_download(timeout=20_000) as download:
            page.get_by_role("button", name=button).click()
        data = Path(download.value.path()).read_bytes()
        waits.append(time.monotonic() - started)
        assert data.startswith(b"PK") if i % 2 else b"# Protection of Civilians" in data
    settle(page)
    assert page.locator('[data-testid="stDownloadButtonError"]').count() == 0
    with page.expect_download(timeout=20_000) as download:  # the page as drawn: every note saved
        page.get_by_role("button", name="Export Word (.docx)").click()
    assert "Notes: note 19" in docx_paragraphs(Path(download.value.path()).read_bytes())
    assert max(waits) < 20, waits


def test_documents_page_titles_pages_and_dates(app) -> None:
    url, browser = app
    page = new_page(browser)
    page.goto(f"{url}/documents")
    page.get_by_text("Listed in the manifest, not indexed").wait_for(timeout=120_000)
    settle(page)
    shot(page, "fixes-03-documents")
    rows = {
        r.locator("td").first.inner_text().strip(): [c.inner_text().strip() for c in r.locator("td").all()]
        for r in page.locator('[class*="st-key-documents-indexed"] tbody tr').all()
    }  # fmt: skip
    header = [
        h.inner_text().strip()
        for h in page.locator('[class*="st-key-documents-indexed"] thead th').all()
    ]
    assert rows["AP I"][1].endswith("(Protocol I)") and rows["AP II"][1].endswith("(Protocol II)")
    assert "Interim Administration Mission in Kosovo" in rows["S/2018/981"][1]
    assert "S/2019/805" not in rows  # not in the slice: listed as missing, with the upload
    pages = header.index("Pages")
    assert rows["AP I"][pages] == "none (text)"  # a Markdown treaty: no pages
    assert rows["S/2018/981"][pages] == "23"  # a PDF: its page count
    assert not any("None" in cell or "<NA>" in cell for row in rows.values() for cell in row)
    assert ISO_WITH_ZONE.match(rows["AP I"][header.index("Indexed")])
    text = body(page)
    assert "Upload it as" in text and "“Add a document” in the sidebar" in text
