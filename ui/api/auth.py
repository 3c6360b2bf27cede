"""Who may call the API: a key in ``Authorization: Bearer <key>``, and the role it holds.

Every route but ``/v1/health`` depends on :func:`require`. A request without a valid key gets
401, one whose key lacks the role 403, each with a ``{"detail": ...}`` that says what to do. The
keys live hashed under the home (:mod:`ui.api.keys`); the local owner's key is in the token file
(mode 0600), which :func:`client_headers` reads for the CLI and the UI. Another local user cannot
read that file, so cannot drive the server without a key of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from ui.api.keys import KeyStore, Principal, Role, ensure_owner_token, read_owner_token

__all__ = [
    "CLI_USER", "ROLES", "USER_HEADER", "Principal", "client_headers", "key_store", "require",
]  # fmt: skip

ROLES = tuple(Role.choices())
# The UI's browser user an admin key acts for: the UI holds the owner's key and serves many
# browsers, whose uploads, conversations and failures are each their own.
USER_HEADER = "X-Pocdoc-User"
_USER_ID = re.compile(r"[A-Za-z0-9_-]{8,128}")
# The command line's own user: its named conversations (`pocdoc ask --conversation NAME`) are
# kept under it, in-process as through the server. Never a key id (12 hex digits) nor a
# browser's id (22 characters), so it is no one else's.
CLI_USER = "cli"

_NO_KEY = (
    "this server needs an API key: send `Authorization: Bearer <key>` (the owner's key is in "
    "POCDOC_HOME/token; an admin creates others with `pocdoc keys create --role reader`)"
)
_BAD_KEY = (
    "the API key is not valid (unknown, revoked or mistyped): ask an admin for a key "
    "(`pocdoc keys create`) or use the one in POCDOC_HOME/token"
)


def key_store(app: Any) -> KeyStore:
    """The key store of the app's home, opened once; the owner's token is made on first use."""
    store: KeyStore | None = getattr(app.state, "pocdoc_keys", None)
    if store is None:
        home = app.state.owner.settings.home
        store = KeyStore(home)
        ensure_owner_token(home, store)
        app.state.pocdoc_keys = store
    return store


def require(role: str) -> Callable[..., Principal]:
    """A FastAPI dependency that admits a key holding ``role`` (or a higher one) and returns its
    :class:`Principal` (also left in ``request.state.principal`` for the audit log)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    from fastapi import Depends, HTTPException, Request
    from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

    bearer = HTTPBearer(auto_error=False, description="a pocdoc API key (`pocdoc keys create`)")

    def dependency(request: Any, credentials: Any) -> Principal:
        store = key_store(request.app)  # the owner's token exists once the server has answered
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, _NO_KEY, headers={"WWW-Authenticate": "Bearer"})
        principal = store.verify(credentials.credentials)
        if principal is None:
            raise HTTPException(401, _BAD_KEY, headers={"WWW-Authenticate": "Bearer"})
        principal = _acting_for(request, principal)
        request.state.principal = principal
        if not principal.allows(role):
            raise HTTPException(
                403,
                f"key {principal.user_id} has the role {principal.role}, and this needs {role}: "
                f"an admin creates a key with `pocdoc keys create --role {role}`",
            )
        return principal

    # Real objects, not the strings `from __future__ import annotations` leaves: FastAPI reads
    # these to inject, and fastapi stays out of this module's imports (the CLI imports it).
    dependency.__annotations__ = {
        "request": Request,
        "credentials": Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        "return": Principal,
    }
    dependency.__name__ = f"require_{role}"
    return dependency


def _acting_for(request: Any, principal: Principal) -> Principal:
    """The principal a request acts as: its key's, or (an admin key sending
    :data:`USER_HEADER`) that browser user's, with an editor's rights (ask, upload; no
    deletions, no keys)."""
    from fastapi import HTTPException

    user = request.headers.get(USER_HEADER)
    if user is None:
        return principal
    if principal.role != Role.ADMIN.value:
        raise HTTPException(403, f"only an admin key may send {USER_HEADER}: drop the header")
    if user != CLI_USER and not _USER_ID.fullmatch(user):
        raise HTTPException(
            422, f"{USER_HEADER} must be {CLI_USER!r} or 8-128 letters, digits, '-' or '_'"
        )
    return Principal(user, Role.EDITOR.value)


def client_headers(home: Path) -> dict[str, str]:
    """The headers a local client (the CLI, the UI) sends to the server of ``home``: the owner's
    key from the token file, made first when missing and the home is ours to write. Empty when
    the file cannot be read or made (another user's home): such a client gets 401."""
    token = read_owner_token(home)
    if token is None:
        if not Path(home).is_dir():
            return {}
        try:
            token = ensure_owner_token(home)
        except OSError:
            return {}
    return {"Authorization": f"Bearer {token}"}
