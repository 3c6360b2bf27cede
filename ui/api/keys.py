"""API keys with roles, stored hashed under ``POCDOC_HOME``, and the owner's local token file.

A key reads ``pocdoc_<id>.<secret>``: the id (public, written in the audit log and by `pocdoc
keys list`) finds the record; the secret is random (32 bytes), so one salted SHA-256 is enough
to keep it out of the file (scrypt's cost guards guessable passwords, and would be paid on every
request), and :func:`hmac.compare_digest` compares it. ``keys.json`` and ``token`` are written
with mode 0600 through a temporary file and an atomic rename; a running server sees a key
created or revoked by `pocdoc keys` on its next request (the file's stamp is checked each time).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.paths import KEYS_FILE, TOKEN_FILE

PREFIX = "pocdoc_"
OWNER_LABEL = "owner (local token file)"
_FILE_MODE = 0o600


class Role(StrEnum):
    """What a key may do; each role may do everything the roles before it may."""

    READER = "reader"  # ask, search, read documents and passages
    EDITOR = "editor"  # + upload and ingest
    ADMIN = "admin"  # + delete and manage keys

    def allows(self, needed: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(needed)

    @classmethod
    def choices(cls) -> list[str]:
        return [r.value for r in cls]


@dataclass(frozen=True)
class KeyRecord:
    """One key as stored: never the key itself."""

    key_id: str
    role: str
    label: str
    created: str
    salt: str
    digest: str
    revoked: str = ""

    @property
    def active(self) -> bool:
        return not self.revoked

    def public(self) -> dict[str, Any]:
        """What `pocdoc keys list` shows."""
        return {
            "id": self.key_id,
            "role": self.role,
            "label": self.label,
            "created": self.created,
            "revoked": self.revoked,
        }


@dataclass(frozen=True)
class Principal:
    """Who made a request: its key's id (what conversations, briefings and uploads belong to,
    and what the audit log names) and the key's role."""

    user_id: str
    role: str

    def allows(self, needed: Role | str) -> bool:
        return Role(self.role).allows(Role(needed))


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def split_key(key: str) -> tuple[str, str] | None:
    """``(id, secret)`` of a well-formed key, else None."""
    if not key.startswith(PREFIX):
        return None
    key_id, sep, secret = key[len(PREFIX) :].partition(".")
    if not sep or not key_id or not secret:
        return None
    return key_id, secret


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _FILE_MODE)  # O_CREAT's mode is cut by the umask, never widened
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold ``path``.lock: one writer of the key file across processes (`pocdoc keys` beside a
    server making the owner's token)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, _FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class KeyStore:
    """The keys of one home (``home/keys.json``). Thread-safe."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / KEYS_FILE
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._records: dict[str, KeyRecord] = {}

    def create(self, role: Role | str, label: str = "") -> tuple[str, KeyRecord]:
        """A new key: the key itself (shown once) and its stored record."""
        role = _role(role)
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        salt = secrets.token_hex(16)
        record = KeyRecord(key_id, role.value, label, _now(), salt, _digest(salt, secret))
        with self._lock, _file_lock(self.path):
            records = self._load()
            records[key_id] = record
            self._save(records)
        return f"{PREFIX}{key_id}.{secret}", record

    def revoke(self, key_id: str) -> KeyRecord:
        with self._lock, _file_lock(self.path):
            records = self._load()
            record = records.get(key_id)
            if record is None:
                raise ConfigError(
                    f"no key with id {key_id!r} in {self.path}: `pocdoc keys list` shows the ids"
                )
            if record.active:
                record = KeyRecord(**{**asdict(record), "revoked": _now()})
                records[key_id] = record
                self._save(records)
            return record

    def list(self) -> list[KeyRecord]:
        with self._lock:
            return sorted(self._load().values(), key=lambda r: r.created)

    def verify(self, key: str) -> Principal | None:
        """The principal of a valid, active key; None for anything else."""
        parts = split_key(key)
        if parts is None:
            return None
        key_id, secret = parts
        with self._lock:
            record = self._load().get(key_id)
        if record is None or not record.active:
            return None
        if not hmac.compare_digest(record.digest, _digest(record.salt, secret)):
            return None
        return Principal(record.key_id, record.role)

    def _load(self) -> dict[str, KeyRecord]:
        """The records, read again only when the file changed (a key created or revoked by
        another process)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._records = None, {}
            return dict(self._records)
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                records = {r["key_id"]: KeyRecord(**r) for r in data["keys"]}
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(
                    f"{self.path} is not a pocdoc key file ({exc}): move it away and create "
                    "keys again with `pocdoc keys create`"
                ) from exc
            self._stamp, self._records = stamp, records
        return dict(self._records)

    def _save(self, records: dict[str, KeyRecord]) -> None:
        data = {"version": 1, "keys": [asdict(r) for r in records.values()]}
        write_private(self.path, json.dumps(data, indent=1) + "\n")
        self._stamp = None  # read back on next use


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ConfigError(
            f"unknown role {role!r}: use one of {', '.join(Role.choices())}"
        ) from None


def read_owner_token(home: Path) -> str | None:
    """The owner's key from ``home/token``, or None when there is none (or it is unreadable)."""
    try:
        return (Path(home) / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        return None


def ensure_owner_token(home: Path, store: KeyStore | None = None) -> str:
    """The owner's key (an admin key), created with its token file (0600) when missing or
    revoked. The server calls this at start; the UI and the CLI read the file."""
    store = store or KeyStore(home)
    path = Path(home) / TOKEN_FILE
    with _file_lock(path):  # two clients starting at once make one owner key, not two
        token = read_owner_token(home)
        if token is not None and store.verify(token) is not None:
            os.chmod(path, _FILE_MODE)
            return token
        token, _ = store.create(Role.ADMIN, OWNER_LABEL)
        write_private(path, token + "\n")
    return token
