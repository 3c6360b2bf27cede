"""Keys over the API, for admins: list, create (the key is shown once), revoke.

`pocdoc keys` does the same on the home's files; both go through :class:`ui.api.keys.KeyStore`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ConfigError
from ui.api.auth import key_store
from ui.api.deps import Admin
from ui.api.keys import Role

router = APIRouter(prefix="/v1/keys", tags=["keys"])


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role = Role.READER
    label: str = Field(default="", max_length=200)


@router.get("")
def list_keys(request: Request, who: Admin) -> dict[str, Any]:
    """Every key's id, role, label, creation and revocation (never the key)."""
    return {"keys": [r.public() for r in key_store(request.app).list()]}


@router.post("", status_code=201)
def create_key(request: Request, body: KeyIn, who: Admin) -> dict[str, Any]:
    """A new key: ``key`` is shown this once; only its hash is kept."""
    key, record = key_store(request.app).create(body.role, body.label)
    return {"key": key, **record.public()}


@router.delete("/{key_id}")
def revoke_key(request: Request, key_id: str, who: Admin) -> dict[str, Any]:
    """Revoke a key: from the next request on it is refused."""
    try:
        return key_store(request.app).revoke(key_id).public()
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
