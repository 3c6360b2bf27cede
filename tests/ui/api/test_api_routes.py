"""The /v1 routes over a tiny home: ask and search print what the CLI prints; documents,
passages, conversations, feedback and briefings; bad bodies are refused with a reason."""

from __future__ import annotations

import json

import pytest

from tests.ui.api.owner_home import api_client, tiny_home

QUESTION = "How do villagers warn the mission of attacks?"


@pytest.fixture
def home_settings(tmp_path, embedder):
    return tiny_home(tmp_path, embedder)


@pytest.fixture
def api(home_settings, embedder):
    with api_client(home_settings, embedder) as client:
        yield client


def test_health_needs_no_key_and_says_ready(api) -> None:
    r = api.get("/v1/health", headers={"Authorization": ""})
    assert r.status_code == 200 and r.json()["ready"] is True


def test_ask_returns_the_ask_json_object(api, home_settings, embedder) -> None:
    from assistant.open import open_assistant

    r = api.post("/v1/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    body = r.json()
    local = open_assistant(home_settings, embedder=embedder).ask(QUESTION).to_dict()
    assert list(body) == list(local)
    assert body["answer"] == local["answer"]
    assert [c["passage_id"] for c in body["citations"]] == [
        c["passage_id"] for c in local["citations"]
    ]
    assert body["citations"][0]["doc_id"] and "telephone" in body["answer"]


def test_the_published_schema_of_ask_has_the_ask_json_fields(api) -> None:
    """The OpenAPI document names every field `ask --json` prints, and no other, at each level
    (answer, citations, related passages, sentences, definitions), so a client generated from the
    schema reads the real answers."""
    schema = api.get("/v1/openapi.json").json()
    ok = schema["paths"]["/v1/ask"]["post"]["responses"]["200"]["content"]["application/json"]
    components = schema["components"]["schemas"]
    assert ok["schema"]["$ref"] == "#/components/schemas/Answer"

    def fields(name: str) -> set[str]:
        return set(components[name]["properties"])

    body = api.post("/v1/ask", json={"question": QUESTION}).json()
    assert body["citations"] and body["sentences"], body  # every level is there to compare
    assert set(body) == fields("Answer")
    for key, name in (("citations", "Citation"), ("related", "Citation")):
        assert all(set(item) == fields(name) for item in body[key]), key
    assert all(set(s) == fields("AnswerSentence") for s in body["sentences"])
    assert all(set(d) == fields("Definition") for d in body["definitions"])
    assert set(components["Answer"]["required"]) == {"question", "answer", "abstained", "citations"}


def test_search_returns_the_search_json_hits(api) -> None:
    r = api.post("/v1/search", json={"query": "night patrols firewood", "top_k": 2})
    assert r.status_code == 200, r.text
    hits = r.json()["hits"]
    assert len(hits) == 2 and "firewood" in hits[0]["text"]
    assert {"passage_id", "doc_id", "rank", "score", "section", "also_in"} <= set(hits[0])


@pytest.mark.parametrize(
    ("path", "body", "why"),
    [
        ("/v1/ask", {"question": ""}, "at least 1"),
        ("/v1/ask", {"question": "   "}, "empty"),
        ("/v1/ask", {"question": "q", "argv": ["status"]}, "Extra inputs"),
        ("/v1/ask", {"question": "q", "env": {"POCDOC_HOME": "/"}}, "Extra inputs"),
        ("/v1/ask", {"question": "q", "cwd": "/tmp"}, "Extra inputs"),
        ("/v1/ask", {"question": "x" * 2001}, "at most 2000"),
        ("/v1/ask", {"question": "q", "top_k": 0}, "greater than or equal"),
        ("/v1/ask", {"question": "q", "mode": "poetry"}, "mode must be"),
        ("/v1/ask", {"question": "q", "filters": {"date_from": "May 2020"}}, "dates are"),
        ("/v1/ask", {"question": "q", "filters": {"colour": ["red"]}}, "Extra inputs"),
        ("/v1/search", {"query": "q", "method": "magic"}, "method must be"),
        ("/v1/ingest", {"paths": ["/etc"]}, "outside the home"),
    ],
)
def test_bad_bodies_are_refused_with_the_reason(api, path, body, why) -> None:
    r = api.post(path, json=body)
    assert r.status_code == 422 and why in json.dumps(r.json()), r.text


def test_not_json_and_wrong_types_are_refused(api) -> None:
    assert api.post("/v1/ask", content=b"{not json").status_code == 422
    assert api.post("/v1/ask", json=["question"]).status_code == 422
    assert api.post("/v1/ask", json={"question": 7}).status_code == 422


def test_documents_list_indexed_and_missing(api) -> None:
    docs = api.get("/v1/documents").json()
    assert sorted(d["title"] for d in docs["indexed"]) == [
        "Community alert networks",
        "Night patrols",
    ]
    assert docs["failed"] == {"uploads": [], "files": []}


def test_passage_has_its_provenance_and_no_page_for_text(api) -> None:
    hit = api.post("/v1/search", json={"query": "telephone", "top_k": 1}).json()["hits"][0]
    p = api.get(f"/v1/passages/{hit['passage_id']}").json()
    assert p["doc_id"] == hit["doc_id"] and p["title"] == "Community alert networks"
    assert p["has_page_image"] is False
    assert api.get(f"/v1/passages/{hit['passage_id']}/page.png").status_code == 404
    assert api.get("/v1/passages/nope").status_code == 404


def test_a_conversation_keeps_its_turns_and_feedback_and_exports(api) -> None:
    conv = api.post("/v1/conversations", json={}).json()["conversation_id"]
    r = api.post("/v1/ask", json={"question": QUESTION, "conversation_id": conv})
    entry = r.headers["X-Pocdoc-Entry-Id"]
    follow = api.post("/v1/ask", json={"question": "And who deploys?", "conversation_id": conv})
    assert follow.status_code == 200
    got = api.get(f"/v1/conversations/{conv}").json()
    assert [e["question"] for e in got["entries"]] == [QUESTION, "And who deploys?"]
    assert got["entries"][0]["answer"] == r.json()
    listed = api.get("/v1/conversations").json()["conversations"]
    assert [c["conversation_id"] for c in listed] == [conv] and listed[0]["entries"] == 2
    fb = api.post(
        "/v1/feedback",
        json={"conversation_id": conv, "entry_id": entry, "vote": "up", "comment": "good"},
    )
    assert fb.status_code == 200 and fb.json()["vote"] == "up"
    md = api.post("/v1/briefings", json={"conversation_id": conv, "format": "markdown"})
    assert md.status_code == 200 and "telephone" in md.text and "## References" in md.text
    docx = api.post("/v1/briefings", json={"conversation_id": conv, "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_turns_given_inline_win_over_the_conversations(api) -> None:
    """A batch line's own ``history`` is read instead of its conversation's turns (as
    `pocdoc ask --questions` does in-process); the answer is still added to the conversation."""
    conv = api.post("/v1/conversations", json={"title": "t"}).json()["conversation_id"]
    api.post("/v1/ask", json={"question": QUESTION, "conversation_id": conv})
    follow = {"question": "And who ran them?",
              "history": [{"question": "Where did night patrols reduce violence?"}]}  # fmt: skip
    inline = api.post("/v1/ask", json={**follow, "conversation_id": conv}).json()
    assert inline == api.post("/v1/ask", json=follow).json()
    assert "night patrols" in inline["standalone_question"].lower()
    entries = api.get(f"/v1/conversations/{conv}").json()["entries"]
    assert [e["question"] for e in entries] == [QUESTION, "And who ran them?"]


def test_unknown_conversation_is_not_found(api) -> None:
    assert api.get("/v1/conversations/abc").status_code == 404
    r = api.post("/v1/ask", json={"question": QUESTION, "conversation_id": "abc"})
    assert r.status_code == 404


def test_docs_page_and_schema_load_only_local_assets(api) -> None:
    page = api.get("/docs").text
    assert "/v1/docs-assets/swagger-ui-bundle.js" in page
    assert "https://" not in page and "http://" not in page  # nothing from outside
    assert api.get("/v1/docs-assets/swagger-ui-bundle.js").status_code == 200
    schema = api.get("/v1/openapi.json").json()
    assert {"/v1/ask", "/v1/search", "/v1/uploads", "/v1/jobs/{job_id}"} <= set(schema["paths"])


def test_a_pdf_passage_has_its_page_rendered(tmp_path, embedder) -> None:
    from tests.ingest.conftest import build_pdf

    settings = tiny_home(tmp_path, embedder, files={"alerts.md": "# Alerts\n\nText.\n"})
    pdf = [[("Report on patrols", 14.0), "", "1. Night patrols near the camps deter attacks."]]
    (settings.corpus_dir / "patrols.pdf").write_bytes(build_pdf(pdf))
    with api_client(settings, embedder) as api:
        job = api.post("/v1/ingest", json={}).json()
        while job["state"] in ("queued", "running"):
            job = api.get(f"/v1/jobs/{job['job_id']}", params={"wait": 30}).json()
        assert job["state"] == "done", job
        hit = api.post("/v1/search", json={"query": "night patrols deter", "top_k": 1}).json()
        pid = hit["hits"][0]["passage_id"]
        assert api.get(f"/v1/passages/{pid}").json()["has_page_image"] is True
        page = api.get(f"/v1/passages/{pid}/page.png")
        assert page.status_code == 200 and page.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert page.headers["X-Pocdoc-Page"] == "1"


def test_another_key_cannot_read_or_write_the_owners_work(api, home_settings) -> None:
    from ui.api.keys import KeyStore

    key, _ = KeyStore(home_settings.home).create("reader", "analyst")
    other = {"Authorization": f"Bearer {key}"}
    conv = api.post("/v1/conversations", json={}).json()["conversation_id"]
    api.post("/v1/ask", json={"question": QUESTION, "conversation_id": conv})
    assert api.get(f"/v1/conversations/{conv}", headers=other).status_code == 404
    assert api.get("/v1/conversations", headers=other).json() == {"conversations": []}
    r = api.post("/v1/ask", json={"question": QUESTION, "conversation_id": conv}, headers=other)
    assert r.status_code == 404
    assert (
        api.post("/v1/briefings", json={"conversation_id": conv}, headers=other).status_code == 404
    )
    upload = api.post(
        "/v1/uploads", files={"file": ("a.md", b"# A\n\ntext\n", "text/markdown")}, headers=other
    )
    assert upload.status_code == 403  # a reader may ask and search, not upload
    anonymous = api.post("/v1/ask", json={"question": QUESTION}, headers={"Authorization": ""})
    assert anonymous.status_code == 401
