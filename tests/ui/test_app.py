"""The Streamlit app, driven headless with AppTest over the indexed bundled corpus."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from ui.formatting import escape_markdown

APP = str(REPO / "ui" / "app.py")
TIMEOUT = 120  # the first run loads the embedding model and opens the index
TIER3 = "What is tier 3 of POC?"
CAKE = "What is the recipe for chocolate cake?"


@pytest.fixture
def app_env(corpus_settings, monkeypatch):
    monkeypatch.setenv("POCDOC_HOME", str(corpus_settings.home))
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(corpus_settings.corpus_dir))
    monkeypatch.delenv("POCDOC_CONFIG", raising=False)
    return corpus_settings


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def card_keys(at: AppTest, kind: str = "cited") -> list[str]:
    return [c.key for c in at.container if (c.key or "").startswith("citation-") and f"-{kind}-" in c.key]


def plain(md: str) -> str:
    """Markdown with its backslash escapes removed: the text a reader sees."""
    return re.sub(r"\\(.)", r"\1", md)


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_question_gets_an_answer_with_markers_and_citation_cards(assistant, app_env, engine) -> None:
    expected = assistant.ask(TIER3)
    at = ask(new_app(), TIER3)

    assert len(at.chat_message) == 2
    body = "\n".join(markdown(at))
    assert "\\[1\\]" in body  # the answer's markers
    assert len(card_keys(at)) == len(expected.citations) > 0
    for c in expected.citations:
        assert f"**\\[{c.n}\\] {escape_markdown(c.title)}**" in body
    assert ":orange-background[" in body  # the cited sentence is highlighted in its passage
    captions = [c.value for c in at.caption]
    assert any("score" in c for c in captions)
    assert not at.warning
    assert at.button(key=f"brief-answer-{card_keys(at)[0].split('-')[1]}")


def test_show_in_source_renders_the_cited_pdf_page(assistant, app_env, engine) -> None:
    question = "How did MINUJUSTH protect civilians in Haiti?"
    cited = next(c for c in assistant.ask(question).citations if c.page is not None)
    at = ask(new_app(), question)
    assert not at.image
    card = next(k for k in card_keys(at) if k.endswith(f"-cited-{cited.n}"))
    at.toggle(key=card.replace("citation-", "source-")).set_value(True).run()

    assert not at.exception, [e.value for e in at.exception]
    (image,) = at.image
    (caption,) = image.captions
    pages = {cited.page, engine.passage(cited.passage_id).page_end}  # a passage may run onto the next page
    assert any(plain(caption) == f"{cited.title}, page {p}: the cited text is outlined." for p in pages), caption


def test_abstention_looks_different(app_env) -> None:
    at = ask(new_app(), CAKE)

    assert at.warning and "does not address" in plain(at.warning[0].value)
    assert "**Related passages (not an answer)**" in markdown(at)
    assert card_keys(at, "cited") == [] and card_keys(at, "related")
    assert not [b for b in at.button if (b.key or "").startswith("brief-answer-")]


def test_follow_up_uses_the_conversation(app_env) -> None:
    at = ask(ask(new_app(), TIER3), "and what about Mali?")
    assert len(at.chat_message) == 4
    assert any(c.value.startswith("Understood as: ") for c in at.caption)


def test_document_filter_restricts_citations(assistant, app_env, engine) -> None:
    question = "protection of civilians"
    unfiltered = {c.doc_id for c in assistant.ask(question).citations}
    target = next(d for d in engine.documents if d not in unfiltered and engine.documents[d].passages > 5)
    at = new_app()
    at.multiselect(key="filter_docs").set_value([target]).run()
    ask(at, question)
    title = engine.documents[target].record.title
    cards = card_keys(at, "cited") or card_keys(at, "related")
    assert cards
    titles = [m for m in markdown(at) if m.startswith("**\\[")]
    assert titles and all(escape_markdown(title) in t for t in titles), titles
    assert any(c.value.startswith("Filters: doc ids") for c in at.caption)


def test_thumbs_and_comment_are_logged(app_env) -> None:
    log = app_env.feedback_path
    before = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    at = ask(new_app(), TIER3)
    at.feedback[0].set_value(1).run()
    at.text_area[0].input("Clear and well cited.")
    at.form_submit_button[0].click().run()
    lines = log.read_text(encoding="utf-8").splitlines()[len(before):]
    records = [json.loads(line) for line in lines]
    assert [(r["vote"], r["comment"]) for r in records] == [("up", ""), ("up", "Clear and well cited.")]
    record = records[-1]
    assert record["question"] == TIER3 and record["answer"] and record["citations"]
    assert record["settings"]["home"] == str(app_env.home) and record["corpus_version"]
    assert any(c.value.startswith("Feedback saved") for c in at.caption)


def test_briefing_page_lists_added_items_and_exports(app_env) -> None:
    at = ask(new_app(), TIER3)
    entry = card_keys(at)[0].split("-")[1]
    at.button(key=f"brief-answer-{entry}").click().run()
    at.button(key=card_keys(at)[0].replace("citation-", "brief-")).click().run()
    at.switch_page("views/briefing.py").run()
    assert not at.exception, [e.value for e in at.exception]

    items = [c for c in at.container if (c.key or "").startswith("briefing-item-")]
    assert len(items) == 2
    first_title = at.text_input(key=f"briefing-title-{items[0].key.removeprefix('briefing-item-')}")
    assert first_title.value == TIER3
    at.button(key=f"down-{items[0].key.removeprefix('briefing-item-')}").click().run()
    moved = [c.key for c in at.container if (c.key or "").startswith("briefing-item-")]
    assert moved == [items[1].key, items[0].key]
    assert {d.key for d in at.get("download_button")} == {"export-md", "export-docx"}
    assert [s.value for s in at.subheader] == ["References"]


def test_generative_mode_shows_each_sentence_verdict(app_env, engine, monkeypatch) -> None:
    """The LLM endpoint is a fake (tests/fakes): no LLM weights can be had offline."""
    from assistant.text import split_sentences
    from tests.fakes import FakeOpenAIServer

    top = engine.retrieve(TIER3)[0].passage.text
    start, end = next((a, b) for a, b in split_sentences(top) if len(top[a:b].split()) >= 8)
    reply = f"{top[start:end].rstrip('.')} [1]. Peacekeepers patrol Lake Victoria in submarines every night [1]."
    with FakeOpenAIServer([reply]) as fake:
        monkeypatch.setenv("POCDOC_LLM__PROVIDER", "openai_like")
        monkeypatch.setenv("POCDOC_LLM__BASE_URL", fake.url)
        monkeypatch.setenv("POCDOC_ANSWER__MODE", "generative")
        at = new_app()
        assert at.radio(key="answer_mode").options == ["extractive", "generative"]
        assert at.radio(key="answer_mode").value == "generative"
        ask(at, TIER3)
    body = "\n".join(markdown(at))
    assert ":green-badge[supported]" in body and ":red-badge[unsupported]" in body
    assert any(c.value.startswith("generative answer") for c in at.caption)


def test_no_corpus_or_user_text_is_rendered_as_html() -> None:
    offenders = [str(p) for p in (REPO / "ui").rglob("*.py") if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    assert offenders == []


# -- uploads through the app, against a small home of its own -----------------------------------
@pytest.fixture
def small_home(tmp_path, embedder, monkeypatch):
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "patrols.md").write_text(
        "# Patrols\n\nNight patrols near displaced persons camps deter attacks on civilians.\n", encoding="utf-8"
    )
    settings = make_settings(tmp_path / "home", corpus_dir=corpus)
    assert ingest_paths(settings, [corpus], progress=False, embedder=embedder).ok
    monkeypatch.setenv("POCDOC_HOME", str(settings.home))
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(corpus))
    return settings


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_good_upload_is_indexed_and_counted(small_home) -> None:
    at = new_app()
    assert metric(at, "Documents") == "1"
    data = b"# Early warning\n\nCommunity alert networks let villagers warn the mission of imminent attacks.\n"
    at.file_uploader[0].set_value(("warning.md", data, "text/markdown")).run()

    assert not at.exception, [e.value for e in at.exception]
    assert [plain(s.value) for s in at.success] == ["warning.md added: 1 passages; the corpus now has 2 documents"]
    assert metric(at, "Documents") == "2"
    assert (small_home.upload_dir / "warning.md").is_file()


def test_bad_upload_says_why_and_changes_nothing(small_home) -> None:
    at = new_app()
    at.file_uploader[0].set_value(("blank.md", b"  \n\n", "text/markdown")).run()

    assert not at.exception, [e.value for e in at.exception]
    (message,) = [plain(e.value) for e in at.error]
    assert message.startswith("blank.md was not added: ") and "no text" in message
    assert metric(at, "Documents") == "1"
    assert not (small_home.upload_dir / "blank.md").exists()


def test_missing_index_says_how_to_fix(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POCDOC_HOME", str(tmp_path / "empty-home"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [plain(e.value).split(":")[0] for e in at.error] == [f"no index under {tmp_path / 'empty-home'}"]
    assert "pocdoc ingest" in plain(at.error[0].value)
    assert not at.chat_input
