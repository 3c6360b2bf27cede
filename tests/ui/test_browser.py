"""The app in a real browser: Debian chromium driven by Playwright against `streamlit run`.

One session as a trainer works: two questions, an answer and a related passage added to the
briefing, a source opened, a reload and a server restart (both questions and the briefing come
back), the .docx export read back, and the Documents page. Every request the browser makes is
logged; any host other than 127.0.0.1 fails the test. Screenshots go to tests/artifacts/.

Needs /usr/bin/chromium (tests/setup.sh installs it); without it this test fails, it does not skip.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, streamlit_server

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
QUESTION = "What is tier 3 of POC?"
UNANSWERED = "What is the recipe for chocolate cake?"
CHAT = '[data-testid="stChatMessage"]'


def ask(page, question: str, answers_before: int) -> None:
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.wait_for(timeout=120_000)  # the first session loads the model
    box.fill(question)
    box.press("Enter")
    page.locator(CHAT).nth(2 * answers_before + 1).wait_for(timeout=90_000)
    page.locator(f'{CHAT} >> nth={2 * answers_before + 1} >> [data-testid="stFeedback"]').wait_for(
        timeout=60_000
    )


def settle(page, seconds: float = 1.5) -> None:
    """Let Streamlit finish its rerun (the status widget goes away) and the last fragments paint."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(seconds * 1000)


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def user_questions(page) -> list[str]:
    mine = page.locator(f'{CHAT}:has([data-testid="stChatMessageAvatarUser"])')
    return [
        m.locator('[data-testid="stMarkdownContainer"]').first.inner_text().strip()
        for m in mine.all()
    ]


def docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_a_trainers_session_survives_reload_and_restart_offline(
    assistant, corpus_settings, engine, embedder, tmp_path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    expected = assistant.ask(QUESTION)
    assert expected.citations
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), tmp_path / "streamlit.log"
    hosts: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 2200}, accept_downloads=True
            )
            context.on(
                "request",
                lambda request: hosts.append(urlsplit(request.url).hostname or request.url),
            )
            page = context.new_page()
            with streamlit_server(corpus_settings, port, log, embedder=embedder) as url:
                page.goto(url)
                page.get_by_text("Try one of these:").wait_for(timeout=120_000)
                settle(page)
                shot(page, "01-first-screen")
                ask(page, QUESTION, 0)
                cards = page.locator('[class*="st-key-citation-"]')
                assert cards.count() == len(expected.citations)
                page.get_by_role("button", name="Add answer to briefing").first.click()
                page.get_by_text("Added the answer").wait_for(timeout=30_000)
                page.get_by_text("Show in source").first.click()
                # a PDF page image, or for a text document the section with the cited passage marked ▶
                page.locator('[data-testid="stImage"]').or_(page.get_by_text("▶")).first.wait_for(
                    timeout=90_000
                )
                ask(page, UNANSWERED, 1)
                settle(page)
                page.locator('[class*="st-key-brief-"][class*="-related-"] button').first.click()
                page.get_by_text("labelled “not an answer”").wait_for(timeout=30_000)
                settle(page)
                shot(page, "02-answer-and-abstention")
                page.reload()
                page.locator(CHAT).nth(3).wait_for(timeout=90_000)
                after_reload = user_questions(page)
            with streamlit_server(
                corpus_settings, port, log, embedder=embedder
            ) as url:  # the server restarts on the same port
                page.reload()
                page.locator(CHAT).nth(3).wait_for(timeout=120_000)
                settle(page)
                after_restart = user_questions(page)
                page.get_by_role("link", name="Briefing").click()
                page.locator('[class*="st-key-briefing-item-"]').nth(1).wait_for(timeout=60_000)
                settle(page)
                shot(page, "03-briefing")
                items = page.locator('[class*="st-key-briefing-item-"]').count()
                with page.expect_download(timeout=60_000) as download:
                    page.get_by_role("button", name="Export Word (.docx)").click()
                docx = Path(download.value.path()).read_bytes()
                page.get_by_role("link", name="Documents").click()
                page.get_by_text("Listed in the manifest, not indexed").wait_for(timeout=60_000)
                settle(page)
                shot(page, "04-documents")
                documents_text = page.locator("body").inner_text()
        finally:
            browser.close()

    assert after_reload == [QUESTION, UNANSWERED] == after_restart
    assert items == 2
    paragraphs = docx_paragraphs(docx)
    assert "Related passage, not an answer" in paragraphs
    passages = {p.passage_id: " ".join(p.text.split()) for p in engine.passages()}
    quotes = [p[1 : p.rindex("”")] for p in paragraphs if p.startswith("“")]
    assert len(quotes) >= len(expected.citations) + 1
    assert all(any(q in text for text in passages.values()) for q in quotes), quotes  # verbatim
    assert any(
        p.endswith("(related passage, not an answer)") for p in paragraphs if p.startswith("[")
    )
    assert (
        "Protection of Civilians in United Nations Peacekeeping" in documents_text
        or "not indexed" in documents_text
    )
    outside = sorted({h for h in hosts if h != "127.0.0.1"})
    assert outside == [], f"the browser asked hosts other than 127.0.0.1: {outside}"
    assert len(hosts) > 20


def test_an_upload_in_the_browser_answers_the_next_question(embedder, tmp_path) -> None:
    """Issue 22's bug, as a user meets it: upload a Markdown file in the sidebar, then ask about
    it. The answer cites the new document at once, and never says "run `pocdoc repair`"."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tests/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    from tests.ui.api.owner_home import MANGROVE, MANGROVE_QUESTION, tiny_home

    settings = tiny_home(tmp_path / "tiny", embedder)
    document = tmp_path / "mangroves.md"
    document.write_text(MANGROVE, encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = tmp_path / "streamlit.log"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
            with streamlit_server(settings, free_port(), log, embedder=embedder) as url:
                page.goto(url)
                page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=120_000)
                page.get_by_text("Add a document").click()
                page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                    str(document)
                )
                page.get_by_text("mangroves.md added").wait_for(timeout=180_000)
                settle(page)
                ask(page, MANGROVE_QUESTION, 0)
                settle(page)
                shot(page, "05-upload-then-ask")
                answer = page.locator(CHAT).nth(1).inner_text()
                documents = page.locator('[data-testid="stSidebar"]').inner_text()
        finally:
            browser.close()
    assert "repair" not in answer, answer
    assert "Mangrove rangers" in answer and "Zorvath mangrove rangers" in answer, answer
    assert "mangroves.md added" in documents
