"""Access through the real server (loopback uvicorn over a small home): without a key nothing is
read or written, each role does its own and no more, conversations and briefings are their key's
own, and the audit log records questions, uploads, exports and deletions by key id."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from ui.api.audit import AuditLog
from ui.api.keys import KeyStore

QUESTION = "What do night patrols near displaced persons camps deter?"
NO_KEY_CALLS = [
    ("POST", "/v1/ask", {"json": {"question": QUESTION}}),
    ("POST", "/v1/search", {"json": {"query": "patrols"}}),
    ("POST", "/v1/chat/completions", {"json": {"messages": [{"role": "user", "content": "x"}]}}),
    ("GET", "/v1/models", {}),
    (
        "POST",
        "/v1/uploads",
        {"files": {"file": ("evil.md", b"# Evil\n\nText.\n", "text/markdown")}},
    ),
    ("POST", "/v1/ingest", {"json": {"paths": ["/etc"]}}),
    ("DELETE", "/v1/documents/anything", {}),
    ("POST", "/v1/conversations", {"json": {"title": "mine"}}),
    ("POST", "/v1/feedback", {"json": {"conversation_id": "a", "entry_id": "b", "vote": "up"}}),
    ("POST", "/v1/briefings", {"json": {"format": "markdown"}}),
    ("POST", "/v1/keys", {"json": {"role": "admin"}}),
    ("GET", "/v1/documents", {}),
    ("GET", "/v1/status", {}),
]


def _files(home: Path) -> dict[str, int]:
    return {
        str(p.relative_to(home)): p.stat().st_mtime_ns
        for p in home.rglob("*")
        if p.is_file() and p.name != "audit.jsonl"
    }


def _as(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_without_a_key_nothing_is_read_or_written(api_url, api_settings, owner_key) -> None:
    home = Path(api_settings.home)
    before = _files(home)
    for headers in ({}, _as("pocdoc_forged.key"), {"Authorization": owner_key}):
        for method, path, kwargs in NO_KEY_CALLS:
            reply = httpx.request(method, api_url + path, headers=headers, timeout=60, **kwargs)
            assert reply.status_code == 401, (method, path, reply.text)
            assert "key" in reply.json()["detail"]
    assert _files(home) == before
    assert not list(home.rglob("evil.md"))


def test_each_role_reaches_only_its_routes(api_url, api_settings) -> None:
    store = KeyStore(api_settings.home)
    reader, _ = store.create("reader")
    editor, _ = store.create("editor")
    upload = {"files": {"file": ("roles.md", b"# Roles\n\nEditors add files.\n", "text/markdown")}}
    expected = {
        reader: {"ask": 200, "upload": 403, "ingest": 403, "delete": 403, "keys": 403},
        editor: {"ask": 200, "upload": 202, "ingest": 202, "delete": 403, "keys": 403},
    }
    for key, codes in expected.items():
        with httpx.Client(base_url=api_url, headers=_as(key), timeout=120) as c:
            got = {
                "ask": c.post("/v1/ask", json={"question": QUESTION}).status_code,
                "upload": c.post("/v1/uploads", **upload).status_code,
                "ingest": c.post("/v1/ingest", json={"paths": []}).status_code,
                "delete": c.delete("/v1/documents/nothing").status_code,
                "keys": c.get("/v1/keys").status_code,
            }
        assert got == codes


def test_conversations_and_briefings_belong_to_their_key(api_url, api_settings, owner_key) -> None:
    other, _ = KeyStore(api_settings.home).create("reader", "colleague")
    with httpx.Client(base_url=api_url, headers=_as(owner_key), timeout=120) as mine:
        conv = mine.post("/v1/conversations", json={"title": "patrols"}).json()["conversation_id"]
        asked = mine.post("/v1/ask", json={"question": QUESTION, "conversation_id": conv})
        assert asked.status_code == 200
        entry = asked.headers["x-pocdoc-entry-id"]
        assert mine.get(f"/v1/conversations/{conv}").status_code == 200
        assert mine.post("/v1/briefings", json={"conversation_id": conv}).status_code == 200
    assert len(conv) >= 22 and len(entry) >= 22  # 128 random bits, URL-safe
    with httpx.Client(base_url=api_url, headers=_as(other), timeout=120) as theirs:
        assert theirs.get(f"/v1/conversations/{conv}").status_code == 404
        assert conv not in theirs.get("/v1/conversations").text
        follow = {"question": "and tier II?", "conversation_id": conv}
        assert theirs.post("/v1/ask", json=follow).status_code == 404
        export = {"conversation_id": conv, "format": "docx"}
        assert theirs.post("/v1/briefings", json=export).status_code == 404
        vote = {"conversation_id": conv, "entry_id": entry, "vote": "down"}
        assert theirs.post("/v1/feedback", json=vote).status_code == 404


def test_the_audit_log_names_key_ids_actions_and_outcomes(api_url, api_settings, owner_key) -> None:
    home = Path(api_settings.home)
    editor, record = KeyStore(home).create("editor", "uploader")
    owner_id = owner_key.split(".")[0].removeprefix("pocdoc_")
    with httpx.Client(base_url=api_url, timeout=120) as c:
        c.post("/v1/ask", json={"question": "no key here"})
        job = c.post(
            "/v1/uploads",
            headers=_as(editor),
            files={"file": ("audited.md", b"# Audited\n\nLines for the log.\n", "text/markdown")},
        ).json()
        done = c.get(f"/v1/jobs/{job['job_id']}", params={"wait": 60}, headers=_as(editor)).json()
        assert done["state"] == "done", done
        c.delete("/v1/documents/no-such-document", headers=_as(owner_key))
        c.post("/v1/briefings", json={"format": "markdown"}, headers=_as(owner_key))
    time.sleep(0.2)
    lines = AuditLog(home, 90).read()
    seen = {(x["key"], x["action"], x["detail"], x["status"]) for x in lines}
    assert ("-", "ask", "no key here", 401) in seen
    assert (record.key_id, "upload", "audited.md", 202) in seen
    assert (owner_id, "delete", "no-such-document", 202) in seen
    assert any(k == owner_id and a == "export" for k, a, _, _ in seen)
    text = (home / "audit.jsonl").read_text()
    assert editor not in text and owner_key not in text
    assert oct((home / "audit.jsonl").stat().st_mode & 0o777) == "0o600"


def test_the_owner_key_acts_for_a_ui_user_with_an_editors_rights(
    api_url, api_settings, owner_key
) -> None:
    """The UI holds the owner's key and serves many browsers: with X-Pocdoc-User it acts as that
    browser's user (its uploads are listed to it alone) and may not delete or manage keys; only
    an admin key may send the header, and the id must look like the UI's."""
    from ui.api.auth import USER_HEADER
    from ui.api.keys import Role

    alice, bob = "alice-browser-0001", "bob-browser-00002"
    refused = {"file": ("blank.md", b"  \n", "text/markdown")}  # fails on the writer: no text
    job = httpx.post(
        f"{api_url}/v1/uploads", files=refused, headers={**_as(owner_key), USER_HEADER: alice}
    ).json()
    assert job["user_id"] == alice
    listed = {
        user: [
            u["job_id"]
            for u in httpx.get(
                f"{api_url}/v1/uploads", headers={**_as(owner_key), USER_HEADER: user}
            ).json()["uploads"]
        ]
        for user in (alice, bob)
    }
    assert job["job_id"] in listed[alice] and job["job_id"] not in listed[bob]
    as_alice = {**_as(owner_key), USER_HEADER: alice}
    assert httpx.delete(f"{api_url}/v1/documents/x", headers=as_alice).status_code == 403
    assert httpx.get(f"{api_url}/v1/keys", headers=as_alice).status_code == 403
    bad = httpx.get(f"{api_url}/v1/uploads", headers={**_as(owner_key), USER_HEADER: "a b"})
    assert bad.status_code == 422 and USER_HEADER in bad.json()["detail"]
    reader, _ = KeyStore(api_settings.home).create(Role.READER, "reader for the header test")
    other = httpx.get(f"{api_url}/v1/status", headers={**_as(reader), USER_HEADER: alice})
    assert other.status_code == 403 and "only an admin key" in other.json()["detail"]


def test_the_owner_key_acts_for_the_command_lines_user(api_url, owner_key) -> None:
    """`pocdoc ask --conversation` through the server keeps its conversations under the user
    the in-process path uses ("cli"), though shorter than a browser's id."""
    from ui.api.auth import CLI_USER, USER_HEADER

    as_cli = {**_as(owner_key), USER_HEADER: CLI_USER}
    made = httpx.post(f"{api_url}/v1/conversations", json={"title": "cli-test"}, headers=as_cli)
    assert made.status_code == 201
    mine = httpx.get(f"{api_url}/v1/conversations", headers=as_cli).json()["conversations"]
    assert made.json()["conversation_id"] in [c["conversation_id"] for c in mine]
    others = httpx.get(f"{api_url}/v1/conversations", headers=_as(owner_key)).json()
    assert made.json()["conversation_id"] not in [
        c["conversation_id"] for c in others["conversations"]
    ]
    short = {**_as(owner_key), USER_HEADER: "cl"}
    assert httpx.get(f"{api_url}/v1/conversations", headers=short).status_code == 422
