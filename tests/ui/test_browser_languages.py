"""A question in French in a real browser (Debian chromium, Playwright, `streamlit run`): the
answer quotes the French passage and the page's fixed texts turn French; every request stays on
127.0.0.1. Over the four-document corpus of test_app_languages (one French passage). A screenshot
goes to tests/artifacts/french-question.png."""

from __future__ import annotations

import pytest

from tests.ui.test_app_languages import small_home  # noqa: F401  (the module's home fixture)
from tests.ui.test_browser import ARTIFACTS, CHAT, ask, settle, shot

pytestmark = pytest.mark.browser


def test_a_question_in_french_gets_a_french_page(small_home, browser_app) -> None:  # noqa: F811
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with browser_app(small_home) as (page, url, hosts):
        page.goto(url)
        page.get_by_text("POC doctrine assistant").first.wait_for(timeout=180_000)
        ask(page, "Comment les chefs de village signalent-ils les menaces ?", 0)
        settle(page)
        page.get_by_text("Assistant de doctrine sur la protection des civils").first.wait_for(
            timeout=60_000
        )
        answer = page.locator(CHAT).nth(1).inner_text()
        shot(page, "french-question")
        assert "téléphone satellitaire" in answer
        # the answer's fixed texts: its caption, the card's controls, the feedback
        for text in ("1 source", "Afficher dans la source", "Commenter cette réponse"):
            assert text in answer, text
        for english in ("POC doctrine assistant", "Show in source", "Comment on this answer"):
            assert page.get_by_text(english).count() == 0, english
    assert set(hosts) == {"127.0.0.1"}, sorted(set(hosts))
