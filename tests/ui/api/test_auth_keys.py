"""API keys (ui/api/keys.py) and the `require(role)` dependency (ui/api/auth.py), on a small
FastAPI app whose owner is only its settings: no index is needed to check who may call."""

from __future__ import annotations

import stat
from types import SimpleNamespace
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from assistant.errors import ConfigError
from assistant.paths import KEYS_FILE, TOKEN_FILE
from ui.api.auth import Principal, client_headers, require
from ui.api.keys import KeyStore, Role, ensure_owner_token, read_owner_token

Reader = Annotated[Principal, Depends(require("reader"))]
Editor = Annotated[Principal, Depends(require("editor"))]
Admin = Annotated[Principal, Depends(require("admin"))]


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def app(home):
    app = FastAPI()
    app.state.owner = SimpleNamespace(settings=SimpleNamespace(home=home))

    @app.post("/v1/ask")
    def ask(who: Reader) -> dict:
        return {"user": who.user_id, "role": who.role}

    @app.post("/v1/uploads")
    def upload(who: Editor) -> dict:
        return {"user": who.user_id}

    @app.delete("/v1/documents/{doc_id}")
    def delete(doc_id: str, who: Admin) -> dict:
        return {"deleted": doc_id}

    return app


def test_a_key_is_stored_hashed_with_mode_0600(home) -> None:
    store = KeyStore(home)
    key, record = store.create("reader", "analyst")
    text = (home / KEYS_FILE).read_text()
    assert key not in text and key.split(".", 1)[1] not in text
    assert record.key_id in text and _mode(home / KEYS_FILE) == 0o600
    assert store.verify(key) == Principal(record.key_id, "reader")


def test_mistyped_foreign_and_revoked_keys_do_not_verify(home) -> None:
    store = KeyStore(home)
    key, record = store.create(Role.EDITOR)
    assert store.verify(key[:-1] + ("x" if key[-1] != "x" else "y")) is None
    assert store.verify("pocdoc_nosuchid.secret") is None
    assert store.verify("sk-not-ours") is None
    assert store.verify("") is None
    store.revoke(record.key_id)
    assert store.verify(key) is None
    assert [r.public()["revoked"] != "" for r in store.list()] == [True]


def test_a_revocation_by_another_process_is_seen_at_once(home) -> None:
    server, cli = KeyStore(home), KeyStore(home)
    key, record = cli.create("reader")
    assert server.verify(key) is not None
    cli.revoke(record.key_id)
    assert server.verify(key) is None


def test_unknown_role_and_unknown_id_are_reported_with_the_fix(home) -> None:
    with pytest.raises(ConfigError, match="reader, editor, admin"):
        KeyStore(home).create("root")
    with pytest.raises(ConfigError, match="pocdoc keys list"):
        KeyStore(home).revoke("nosuchid")
    with pytest.raises(ValueError, match="unknown role"):
        require("superuser")


def test_a_damaged_key_file_is_reported_not_read_as_empty(home) -> None:
    (home / KEYS_FILE).write_text("{not json")
    with pytest.raises(ConfigError, match="not a pocdoc key file"):
        KeyStore(home).verify("pocdoc_a.b")


def test_owner_token_file_is_0600_and_an_admin_key_made_once(home) -> None:
    token = ensure_owner_token(home)
    assert _mode(home / TOKEN_FILE) == 0o600
    assert read_owner_token(home) == token
    assert ensure_owner_token(home) == token
    assert KeyStore(home).verify(token).role == "admin"
    assert len(KeyStore(home).list()) == 1


def test_a_revoked_owner_token_is_replaced(home) -> None:
    token = ensure_owner_token(home)
    store = KeyStore(home)
    store.revoke(store.verify(token).user_id)
    assert ensure_owner_token(home) != token


def test_client_headers_carry_the_owner_token(home) -> None:
    headers = client_headers(home)
    assert headers == {"Authorization": f"Bearer {read_owner_token(home)}"}


def test_client_headers_are_empty_for_a_home_that_does_not_exist(tmp_path) -> None:
    assert client_headers(tmp_path / "nowhere") == {}
    assert not (tmp_path / "nowhere").exists()


def test_without_a_key_nothing_is_allowed(app) -> None:
    client = TestClient(app)
    for method, path in [
        ("post", "/v1/ask"),
        ("post", "/v1/uploads"),
        ("delete", "/v1/documents/x"),
    ]:
        reply = getattr(client, method)(path)
        assert reply.status_code == 401
        assert reply.headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer" in reply.json()["detail"]
    bad = client.post("/v1/ask", headers={"Authorization": "Bearer pocdoc_abc.def"})
    assert bad.status_code == 401 and "not valid" in bad.json()["detail"]
    basic = client.post("/v1/ask", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert basic.status_code == 401


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("reader", {"/v1/ask"}),
        ("editor", {"/v1/ask", "/v1/uploads"}),
        ("admin", {"/v1/ask", "/v1/uploads", "/v1/documents/x"}),
    ],
)
def test_each_role_may_do_its_own_and_nothing_more(app, home, role, allowed) -> None:
    key, record = KeyStore(home).create(role)
    client = TestClient(app, headers={"Authorization": f"Bearer {key}"})
    calls = {"/v1/ask": client.post, "/v1/uploads": client.post, "/v1/documents/x": client.delete}
    for path, call in calls.items():
        reply = call(path)
        if path in allowed:
            assert reply.status_code == 200, reply.text
        else:
            assert reply.status_code == 403
            assert "pocdoc keys create --role" in reply.json()["detail"]
    assert client.post("/v1/ask").json() == {"user": record.key_id, "role": role}


def test_the_owner_token_is_made_when_the_server_first_checks_a_key(app, home) -> None:
    assert TestClient(app).post("/v1/ask").status_code == 401
    assert read_owner_token(home) is not None
    owner = TestClient(app, headers=client_headers(home))
    assert owner.delete("/v1/documents/x").status_code == 200
