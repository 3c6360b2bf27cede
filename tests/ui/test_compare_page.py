"""The Compare page, driven headless with AppTest over the two small editions of one mission's
report in tests/conftest.py (ingested by the real pipeline)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
TIMEOUT = 120


@pytest.fixture(scope="module")
def editions_home(two_editions):
    return two_editions  # the two small editions of tests/conftest.py


@pytest.fixture
def compare_page(editions_home, embedder, monkeypatch) -> Iterator[AppTest]:
    from tests.ui.test_app import served

    monkeypatch.setenv("POCDOC_HOME", str(editions_home.home))
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(editions_home.corpus_dir))
    monkeypatch.delenv("POCDOC_CONFIG", raising=False)
    with served(embedder):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.run()
        at.switch_page("views/compare.py").run()
        assert not at.exception, [e.value for e in at.exception]
        yield at


def rows(at: AppTest) -> list[str]:
    return [c.key for c in at.container if (c.key or "").startswith("compare-row-")]


def test_the_last_two_editions_are_compared_side_by_side(compare_page) -> None:
    at = compare_page
    assert at.selectbox(key="compare-series").value == "UNFOO reports (2)"
    shown = {m.label: m.value for m in at.metric}  # the sidebar has its own (Documents, ...)
    assert {k: shown[k] for k in ("Revised", "New", "Dropped", "Unchanged", "Moved")} == {
        "Revised": "1",
        "New": "1",
        "Dropped": "1",
        "Unchanged": "1",
        "Moved": "0",
    }
    assert len(rows(at)) == 3  # unchanged rows only on request
    text = " ".join(m.value for m in at.markdown)
    assert ":red[~~42~~]" in text and ":green[**57**]" in text
    cited = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]  # Markdown escapes removed
    assert "S/2020/100 (2020), para. 1" in cited and "S/2020/300 (2020), para. 1" in cited
    at.toggle(key="compare-unchanged").set_value(True).run()
    assert len(rows(at)) == 4


def test_a_topic_narrows_the_rows_and_a_pair_goes_to_the_briefing(compare_page) -> None:
    at = compare_page
    at.text_input(key="compare-topic").set_value("cholera").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(rows(at)) == 1
    (trend,) = [d.value for d in at.dataframe if "Paragraphs" in d.value.columns]
    assert list(trend["Paragraphs"]) == [1, 0]
    at.button(key="compare-brief-0").click().run()
    at.switch_page("views/briefing.py").run()
    items = [c for c in at.container if (c.key or "").startswith("briefing-item-")]
    assert len(items) == 1  # a dropped paragraph has one side only
