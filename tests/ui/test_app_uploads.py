"""Uploads through the app: sent to the home's server, saved under POCDOC_HOME and indexed by
its writer, the widget emptied, failures kept on the Documents page, and the next question
answered from the new document. Each test has a small home and a server of its own."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.api.owner_home import MANGROVE, MANGROVE_QUESTION
from tests.ui.test_app import ask, card_keys, markdown, new_app, plain, served


@pytest.fixture
def small_home(tmp_path, embedder, monkeypatch):
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "patrols.md").write_text(
        "# Patrols\n\nNight patrols near displaced persons camps deter attacks on civilians.\n",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path / "home", corpus_dir=corpus)
    assert ingest_paths(settings, [corpus], progress=False, embedder=embedder).ok
    monkeypatch.setenv("POCDOC_HOME", str(settings.home))
    monkeypatch.setenv("POCDOC_CORPUS_DIR", str(corpus))
    with served(embedder):
        yield settings


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def wait_for_upload(at: AppTest, settings, timeout: float = 180) -> None:
    """Poll the job the way the sidebar's fragment does, then draw the page again."""
    import time

    from ui.upload_jobs import UploadJobs
    from ui.workspace import Workspace, workspace_path

    jobs = UploadJobs(Workspace(workspace_path(settings)))
    deadline = time.monotonic() + timeout
    while (
        any(j.active for j in jobs.for_user(at.session_state["pocdoc_user"]))
        and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_good_upload_is_indexed_in_the_background_and_counted(small_home) -> None:
    at = new_app()
    assert metric(at, "Documents") == "1"
    data = b"# Early warning\n\nCommunity alert networks let villagers warn the mission of imminent attacks.\n"
    at.file_uploader[0].set_value(("warning.md", data, "text/markdown")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.file_uploader[0].value is None  # the widget is emptied at once
    wait_for_upload(at, small_home)

    assert [plain(s.value) for s in at.success] == [
        "warning.md added: 1 passages; the corpus now has 2 documents"
    ]
    assert metric(at, "Documents") == "2"
    assert (small_home.home / "uploads" / "warning.md").is_file()
    assert not (small_home.corpus_dir / "uploads").exists()  # state never lives in corpus/


def test_an_uploaded_document_answers_the_next_question_with_its_citation(small_home) -> None:
    """The bug of issue 22: after an upload, a question about it failed with "Error finding id
    ... run `pocdoc repair`" (the app and the upload worker each opened the embedded Chroma)."""
    at = new_app()
    at.file_uploader[0].set_value(("mangroves.md", MANGROVE.encode(), "text/markdown")).run()
    wait_for_upload(at, small_home)
    assert [plain(s.value).split(":")[0] for s in at.success] == ["mangroves.md added"]

    ask(at, MANGROVE_QUESTION)
    shown = [plain(t) for t in markdown(at)] + [plain(e.value) for e in at.error]
    assert not any("repair" in t for t in shown), shown
    assert card_keys(at), shown  # cited, not an abstention
    body = "\n".join(shown)
    assert "**[1] Mangrove rangers**" in body and "Zorvath mangrove rangers" in body


def test_bad_upload_says_why_clears_the_widget_and_is_listed(small_home) -> None:
    at = new_app()
    at.file_uploader[0].set_value(("blank.md", b"  \n\n", "text/markdown")).run()
    wait_for_upload(at, small_home)

    assert at.file_uploader[0].value is None
    (message,) = [plain(e.value) for e in at.error]
    assert message.startswith("blank.md was not added: ") and "no text" in message
    assert metric(at, "Documents") == "1"
    assert not (small_home.upload_dir / "blank.md").exists()
    at.switch_page("views/documents.py").run()
    assert any("blank.md was not added" in plain(e.value) for e in at.error)


def test_a_failed_upload_is_listed_to_its_owner_only(small_home) -> None:
    from ui.upload_jobs import UploadJobs
    from ui.workspace import Workspace, workspace_path

    owner, other = "aaaaaaaa11111111", "bbbbbbbb22222222"
    jobs = UploadJobs(Workspace(workspace_path(small_home)))
    jobs.submit(small_home, owner, "owner-only plan.pptx", b"PK")  # refused
    for user, shown in ((owner, True), (other, False)):
        at = new_app(user=user)
        at.switch_page("views/documents.py").run()
        assert not at.exception, [e.value for e in at.exception]
        page = [plain(e.value) for e in at.error] + [plain(m.value) for m in at.markdown]
        assert any("owner-only plan.pptx" in text for text in page) is shown, (user, page)
