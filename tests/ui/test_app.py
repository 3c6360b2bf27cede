"""The Streamlit app, driven headless with AppTest over the indexed bundled corpus, as a client
of the home's server (the API app served in this process, found through its server file)."""

from __future__ import annotations

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
def app_env(corpus_settings, embedder, monkeypatch):
    monkeypatch.setenv("POCDOC_HOME", str(corpus_settings.home))
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(corpus_settings.corpus_dir))
    monkeypatch.delenv("POCDOC_CONFIG", raising=False)
    with served(embedder):
        yield corpus_settings


def served(embedder):
    """The home's server with the settings the app reads from the environment now."""
    from assistant.settings import load_settings
    from tests.ui.api.owner_home import serving

    return serving(load_settings(), embedder)


def new_app(user: str | None = None, conversation: str | None = None) -> AppTest:
    """A new session, as a new tab or a reload; with ``user`` (and ``conversation``) in its URL."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if user:
        at.query_params["user"] = user
    if conversation:
        at.query_params["c"] = conversation
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def entry_of(card_key: str) -> str:
    """The chat entry a citation card belongs to: ``citation-<entry>-<kind>-<n>``, where the
    entry id is random url-safe text that may itself hold "-"."""
    return card_key.removeprefix("citation-").rsplit("-", 2)[0]


def card_keys(at: AppTest, kind: str = "cited") -> list[str]:
    return [
        c.key
        for c in at.container
        if (c.key or "").startswith("citation-") and f"-{kind}-" in c.key
    ]


def plain(md: str) -> str:
    """Markdown with its backslash escapes removed: the text a reader sees."""
    return re.sub(r"\\(.)", r"\1", md)


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_question_gets_an_answer_with_markers_and_citation_cards(
    assistant, app_env, engine
) -> None:
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
    visible = [c for c in captions if not c.startswith(("Retrieval score", "Mode:"))]
    assert not any("score" in c.lower() or "feedback.jsonl" in c for c in visible), visible
    details = [e for e in at.expander if e.label == "Details"]
    assert len(details) == len(expected.citations) + 1  # one per card, one for the answer
    assert any(c.startswith("Retrieval score: ") for c in captions)
    assert not at.warning
    assert at.button(key=f"brief-answer-{entry_of(card_keys(at)[0])}")


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
    pages = {
        cited.page,
        engine.passage(cited.passage_id).page_end,
    }  # a passage may run onto the next page
    assert any(
        plain(caption) == f"{cited.title}, page {p}: the cited text is outlined." for p in pages
    ), caption


def test_abstention_looks_different(app_env) -> None:
    at = ask(new_app(), CAKE)

    assert at.warning and "does not address" in plain(at.warning[0].value)
    assert "**Related passages (not an answer)**" in markdown(at)
    assert card_keys(at, "cited") == [] and card_keys(at, "related")
    assert not [b for b in at.button if (b.key or "").startswith("brief-answer-")]
    assert not [b for b in at.button if (b.key or "").startswith("unfilter-")]  # no filters were on


def test_abstention_under_filters_names_them_and_clears_them(app_env, engine) -> None:
    at = new_app()
    at.multiselect(key="filter_types").set_value(["treaty"]).run()
    ask(at, CAKE)
    assert any("asked with filters on (type: treaty)" in plain(m) for m in markdown(at))
    (again,) = [b for b in at.button if (b.key or "").startswith("unfilter-")]
    again.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="filter_types").value == []
    assert len(at.chat_message) == 4  # asked again, without the filters


def test_follow_up_uses_the_conversation(app_env) -> None:
    at = ask(ask(new_app(), TIER3), "and what about Mali?")
    assert len(at.chat_message) == 4
    captions = [c.value.replace("\\", "") for c in at.caption]  # as shown: Markdown unescaped
    assert any(c.startswith("Answering: ") for c in captions), captions
    assert not any("Understood as" in c.value or "0 sources" in c.value for c in at.caption)


def test_document_filter_restricts_citations(assistant, app_env, engine) -> None:
    question = "protection of civilians"
    unfiltered = {c.doc_id for c in assistant.ask(question).citations}
    target = next(
        d for d in engine.documents if d not in unfiltered and engine.documents[d].passages > 5
    )
    at = new_app()
    at.multiselect(key="filter_docs").set_value([target]).run()
    ask(at, question)
    title = engine.documents[target].record.title
    cards = card_keys(at, "cited") or card_keys(at, "related")
    assert cards
    titles = [m for m in markdown(at) if m.startswith("**\\[")]
    assert titles and all(escape_markdown(title) in t for t in titles), titles
    assert any(plain(c.value).startswith(f"Filters: documents: {title}") for c in at.caption)
    label = next(
        o
        for o in at.multiselect(key="filter_docs").options
        if o.startswith(engine.documents["s-2019-805"].record.title)
    )
    assert label.endswith("(S/2019/805)")  # documents are listed by title, the symbol beside it


def feedback_records(settings) -> list[dict]:
    from ui.feedback import FeedbackStore
    from ui.workspace import Workspace, workspace_path

    return list(FeedbackStore(Workspace(workspace_path(settings))).records())


def test_a_vote_and_a_comment_make_one_record_each_confirmed(app_env) -> None:
    at = ask(new_app(), TIER3)
    entry_id = entry_of(card_keys(at)[0])
    at.feedback[0].set_value(1).run()
    assert [t.value for t in at.toast][-1:] == ["Thank you: your vote is saved."]
    assert any(
        plain(c.value).startswith("Feedback saved (you found this answer helpful")
        for c in at.caption
    )
    at.text_area[0].input("Clear and well cited.")
    at.form_submit_button[0].click().run()
    assert [t.value for t in at.toast][-1:] == ["Thank you: your comment is saved."]
    assert any("helpful and your comment" in plain(c.value) for c in at.caption)

    mine = [r for r in feedback_records(app_env) if r["answer_id"] == entry_id]
    assert [(r["vote"], r["comment"]) for r in mine] == [("up", "Clear and well cited.")]
    record = mine[0]
    assert record["question"] == TIER3 and record["answer"] and record["citations"]
    assert record["settings"]["home"] == str(app_env.home) and record["corpus_version"]
    assert record["user_id"] == at.session_state["pocdoc_user"]

    reloaded = new_app(record["user_id"])  # the vote and the comment are still shown after a reload
    assert reloaded.feedback[0].value == 1
    assert reloaded.text_area[0].value == "Clear and well cited."


def test_conversation_and_briefing_survive_a_new_session(app_env) -> None:
    at = ask(ask(new_app(), TIER3), "What does the Fourth Geneva Convention say about hospitals?")
    user = at.session_state["pocdoc_user"]
    first = entry_of(card_keys(at)[0])
    at.button(key=f"brief-answer-{first}").click().run()

    again = new_app(user)  # a reload: a new session object, the same browser
    questions = [plain(m.markdown[0].value) for m in again.chat_message if m.name == "user"]
    assert questions == [TIER3, "What does the Fourth Geneva Convention say about hospitals?"]
    titles = [
        b.label
        for b in again.button
        if (b.key or "").startswith("conversation-") and b.key != "conversation-new"
    ]
    assert titles[0].startswith(TIER3)
    again.switch_page("views/briefing.py").run()
    items = [c for c in again.container if (c.key or "").startswith("briefing-item-")]
    assert len(items) == 1
    assert new_app().session_state["pocdoc_user"] != user  # another browser starts afresh


def test_new_conversation_and_older_turns_fold(app_env) -> None:
    at = new_app()
    for q in (
        TIER3,
        "and what about Mali?",
        "What is tier 1 of POC?",
        "What does AP I say about starvation?",
    ):
        ask(at, q)
    folded = [c for c in at.container if (c.key or "").startswith("folded-")]
    assert len(folded) == 1 and len(at.chat_message) == 6
    at.button(key="conversation-new").click().run()
    assert len(at.chat_message) == 0
    assert [b for b in at.button if (b.key or "").startswith("example-")]  # the first screen again
    listed = [
        b
        for b in at.button
        if (b.key or "").startswith("conversation-") and b.key != "conversation-new"
    ]
    assert [b.label for b in listed] == [f"{TIER3} (4)"]  # the new, empty one is not listed yet


def test_first_screen_offers_examples_that_are_answered(app_env) -> None:
    at = new_app()
    examples = [b for b in at.button if (b.key or "").startswith("example-")]
    assert 4 <= len(examples) <= 6
    examples[0].click().run()
    assert not at.exception and len(at.chat_message) == 2
    assert not at.warning  # drawn from what is indexed: answered, not abstained


def test_documents_page_lists_indexed_and_missing_documents(app_env, engine) -> None:
    at = new_app()
    at.switch_page("views/documents.py").run()
    assert not at.exception, [e.value for e in at.exception]
    (table,) = at.table  # static: every title in full
    assert len(table.value) == len(engine.documents)
    assert set(table.value.columns) >= {
        "Name",
        "Title",
        "Type",
        "Date",
        "Symbol",
        "Pages",
        "Passages",
        "Indexed",
    }
    missing = [
        c.key.removeprefix("missing-") for c in at.container if (c.key or "").startswith("missing-")
    ]
    assert "dpo-poc-policy-2019" in missing and not set(missing) & set(engine.documents)
    assert any("“Add a document” in the sidebar" in plain(c.value) for c in at.caption)
    assert not any(v is None for v in table.value["Pages"])


def test_briefing_page_lists_added_items_and_exports(app_env) -> None:
    at = ask(new_app(), TIER3)
    entry = entry_of(card_keys(at)[0])
    at.button(key=f"brief-answer-{entry}").click().run()
    at.button(key=card_keys(at)[0].replace("citation-", "brief-")).click().run()
    ask(at, CAKE)
    at.button(key=card_keys(at, "related")[0].replace("citation-", "brief-")).click().run()
    at.switch_page("views/briefing.py").run()
    assert not at.exception, [e.value for e in at.exception]

    items = [c for c in at.container if (c.key or "").startswith("briefing-item-")]
    assert len(items) == 3
    assert [plain(w.value).split(":")[0] for w in at.warning] == ["Related passage, not an answer"]
    first_title = at.text_input(key=f"briefing-title-{items[0].key.removeprefix('briefing-item-')}")
    assert first_title.value == TIER3
    at.button(key=f"down-{items[0].key.removeprefix('briefing-item-')}").click().run()
    moved = [c.key for c in at.container if (c.key or "").startswith("briefing-item-")]
    assert moved == [items[1].key, items[0].key, items[2].key]
    exports = " ".join(e.proto.body for e in at.get("html"))  # files in the page (export_links)
    assert "Export Markdown" in exports and "Export Word (.docx)" in exports
    assert [s.value for s in at.subheader] == ["References"]


def test_generative_mode_shows_each_sentence_verdict(
    app_env, engine, embedder, monkeypatch
) -> None:
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
        with served(embedder):  # the server answers, with these settings
            at = new_app()
            assert at.radio(key="answer_mode").options == ["extractive", "generative"]
            assert at.radio(key="answer_mode").value == "generative"
            ask(at, TIER3)
    body = "\n".join(markdown(at))
    assert ":green-badge[supported]" in body and ":red-badge[unsupported]" in body
    assert any("generated answer, checked against its sources" in c.value for c in at.caption)


def test_no_corpus_or_user_text_is_rendered_as_html() -> None:
    offenders = [
        str(p)
        for p in (REPO / "ui").rglob("*.py")
        if "unsafe_allow_html" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_missing_index_says_how_to_fix(tmp_path, embedder, monkeypatch) -> None:
    monkeypatch.setenv("POCDOC_HOME", str(tmp_path / "empty-home"))
    with served(embedder):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [plain(e.value).split(":")[0] for e in at.error] == [
        f"no index under {tmp_path / 'empty-home'}"
    ]
    assert "pocdoc ingest" in plain(at.error[0].value) and "Add a document" in at.error[0].value
    assert at.file_uploader  # the way in: an upload
    assert not at.chat_input


def test_without_a_server_the_app_says_how_to_start_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POCDOC_HOME", str(tmp_path / "home"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    (message,) = [plain(e.value) for e in at.error]
    assert message.startswith(f"no pocdoc server runs for {tmp_path / 'home'}")
    assert "pocdoc ui" in message and "pocdoc serve" in message
    assert not at.chat_input


def test_no_ui_module_shadows_an_installed_module() -> None:
    """`streamlit run ui/app.py` puts ui/ first on sys.path: a ui/coverage.py once hid the coverage
    package that numba (under bm25s) imports, and the app failed to open the index."""
    import importlib.util
    import sys

    stems = {p.stem for p in (REPO / "ui").glob("*.py")} - {"__init__"}
    taken = sorted(
        s for s in stems if s in sys.stdlib_module_names or importlib.util.find_spec(s) is not None
    )
    assert taken == []
