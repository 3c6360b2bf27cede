"""One owner per home: a document uploaded or ingested through the API is answered on the very
next request (the bug this replaces: a reader in another process never saw a writer's segments,
"Error finding id ... run pocdoc repair"); deletions; readers keep their view while a write runs."""

from __future__ import annotations

import pytest

from tests.ui.api.owner_home import MANGROVE, MANGROVE_QUESTION, api_client, tiny_home


@pytest.fixture
def home_settings(tmp_path, embedder):
    return tiny_home(tmp_path, embedder)


@pytest.fixture
def api(home_settings, embedder):
    with api_client(home_settings, embedder) as client:
        yield client


def _done(api, job: dict) -> dict:
    while job["state"] in ("queued", "running"):
        job = api.get(f"/v1/jobs/{job['job_id']}", params={"wait": 30}).json()
    return job


def _cites_mangrove(answer: dict) -> bool:
    return any(c["title"] == "Mangrove rangers" for c in answer["citations"])


def test_an_upload_is_answered_on_the_next_request(api) -> None:
    before = api.post("/v1/ask", json={"question": MANGROVE_QUESTION}).json()
    assert not _cites_mangrove(before)
    r = api.post(
        "/v1/uploads", files={"file": ("mangroves.md", MANGROVE.encode(), "text/markdown")}
    )
    assert r.status_code == 202, r.text
    job = _done(api, r.json())
    assert job["state"] == "done", job
    after = api.post("/v1/ask", json={"question": MANGROVE_QUESTION})
    assert after.status_code == 200, after.text  # never "Error finding id ... pocdoc repair"
    body = after.json()
    assert not body["abstained"] and _cites_mangrove(body) and "Zorvath" in body["answer"]
    hits = api.post("/v1/search", json={"query": "Kelmir delta rangers", "top_k": 1}).json()
    assert hits["hits"][0]["title"] == "Mangrove rangers"
    docs = api.get("/v1/documents").json()["indexed"]
    assert [d["uploaded"] for d in docs if d["title"] == "Mangrove rangers"] == [True]


def test_a_refused_upload_is_a_failed_job_and_changes_nothing(api) -> None:
    gen = api.get("/v1/health").json()["generation"]
    r = api.post("/v1/uploads", files={"file": ("../evil.md", b"# x\n\ntext\n", "text/markdown")})
    job = r.json()
    assert job["state"] == "failed" and "path" in job["message"]
    r = api.post("/v1/uploads", files={"file": ("slides.pptx", b"PK", "application/zip")})
    assert r.json()["state"] == "failed" and "not supported" in r.json()["message"]
    assert api.get("/v1/health").json()["generation"] == gen
    failed = api.get("/v1/documents").json()["failed"]["uploads"]
    assert {f["name"] for f in failed} == {"../evil.md", "slides.pptx"}


def test_an_ingest_through_the_server_is_answered_next(api, home_settings) -> None:
    new = home_settings.corpus_dir / "mangroves.md"
    new.write_text(MANGROVE, encoding="utf-8")
    job = _done(api, api.post("/v1/ingest", json={"paths": [str(new)]}).json())
    assert job["state"] == "done" and job["result"]["summary"]["added"] == 1, job
    assert job["result"]["line"].startswith("added 1, updated 0, unchanged 0")
    assert _cites_mangrove(api.post("/v1/ask", json={"question": MANGROVE_QUESTION}).json())
    assert api.get("/v1/status").json()["documents"] == 3


def test_a_deleted_document_is_gone_from_the_next_answer(api, home_settings) -> None:
    upload = api.post(
        "/v1/uploads", files={"file": ("mangroves.md", MANGROVE.encode(), "text/markdown")}
    )
    assert _done(api, upload.json())["state"] == "done"
    doc_id = next(
        d["doc_id"]
        for d in api.get("/v1/documents").json()["indexed"]
        if d["title"] == "Mangrove rangers"
    )
    job = _done(api, api.delete(f"/v1/documents/{doc_id}").json())
    assert job["state"] == "done", job
    assert not _cites_mangrove(api.post("/v1/ask", json={"question": MANGROVE_QUESTION}).json())
    assert not (home_settings.upload_dir / "mangroves.md").exists()
    missing = _done(api, api.delete(f"/v1/documents/{doc_id}").json())
    assert missing["state"] == "failed" and "nothing to delete" in missing["message"]


def test_a_reader_keeps_its_view_while_the_writer_swaps_in_a_new_one(api) -> None:
    owner = api.app.state.owner
    old = owner.assistant()
    upload = api.post(
        "/v1/uploads", files={"file": ("mangroves.md", MANGROVE.encode(), "text/markdown")}
    )
    assert _done(api, upload.json())["state"] == "done"
    new = owner.assistant()
    assert new is not old and len(new.engine.documents) == len(old.engine.documents) + 1
    # the old view still answers (an in-flight request finishes on it)
    assert old.ask("How do villagers warn the mission?").citations


def test_an_empty_home_serves_and_its_first_upload_makes_the_index(tmp_path, embedder) -> None:
    settings = tiny_home(tmp_path, embedder, files={})
    with api_client(settings, embedder) as api:
        assert api.get("/v1/health").json()["ready"] is True
        r = api.post("/v1/ask", json={"question": MANGROVE_QUESTION})
        assert r.status_code == 409 and "nothing is indexed" in r.json()["detail"]
        upload = api.post(
            "/v1/uploads", files={"file": ("m.md", MANGROVE.encode(), "text/markdown")}
        )
        assert _done(api, upload.json())["state"] == "done"
        assert _cites_mangrove(api.post("/v1/ask", json={"question": MANGROVE_QUESTION}).json())
