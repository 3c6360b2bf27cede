"""Documents uploaded from the browser: checked, saved under ``settings.upload_dir`` (by default
``POCDOC_HOME/uploads``: state never lives in ``corpus/``), indexed alone.

A rejected or unreadable upload leaves the index exactly as it was: the file is checked before
anything is written, written under a hidden temporary name and renamed into place, and deleted
again when its ingest fails.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.encoders import Embedder
from assistant.errors import PocdocError
from assistant.settings import Settings

MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
_MAX_NAME = 200
# One ingest at a time per process: two sessions uploading at once must not interleave writes.
_INGEST_LOCK = threading.Lock()


class UploadRejectedError(PocdocError):
    """An uploaded file was refused before anything was written."""


@dataclass(frozen=True)
class UploadResult:
    name: str
    ok: bool
    message: str
    path: Path | None = None
    passages: int = 0
    documents_total: int = 0


def supported_suffixes() -> tuple[str, ...]:
    """The file types ingest can read, e.g. ('.html', '.md', '.pdf', '.txt')."""
    from ingest.loaders import SUPPORTED_SUFFIXES

    return tuple(sorted(SUPPORTED_SUFFIXES))


def check_upload(name: str, size: int) -> str:
    """The file name to save ``name`` under, or :class:`UploadRejectedError` saying why not."""
    shown = repr(name)
    if not name or not name.strip():
        raise UploadRejectedError("the uploaded file has no name: upload a named file")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise UploadRejectedError(
            f"file name {shown} contains a path: upload the file under a plain name"
        )
    if Path(name).is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise UploadRejectedError(
            f"file name {shown} is an absolute path: upload the file under a plain name"
        )
    if name.startswith("."):
        raise UploadRejectedError(f"file name {shown} is hidden (starts with '.'): rename the file")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name) or len(name) > _MAX_NAME:
        raise UploadRejectedError(
            f"file name {shown} has control characters or is too long: rename the file"
        )
    suffix = Path(name).suffix.lower()
    allowed = supported_suffixes()
    if suffix not in allowed:
        raise UploadRejectedError(
            f"{name}: type '{suffix or '(none)'}' is not supported: upload one of {', '.join(allowed)}"
        )
    if size <= 0:
        raise UploadRejectedError(
            f"{name}: the file is empty (0 bytes): upload a document with text"
        )
    if size > MAX_UPLOAD_BYTES:
        raise UploadRejectedError(
            f"{name}: {size / 1024 / 1024:.1f} MB is over the {MAX_UPLOAD_MB} MB upload limit: "
            "split it or add it with `pocdoc ingest`"
        )
    return name


def save_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Write ``data`` to ``settings.upload_dir/name`` atomically; refuse to replace another file."""
    name = check_upload(name, len(data))
    folder = settings.upload_dir.resolve()
    dest = folder / name
    if dest.parent != folder:
        raise UploadRejectedError(
            f"file name {name!r} leaves the upload folder: upload it under a plain name"
        )
    if dest.exists():
        if dest.read_bytes() == data:
            raise UploadRejectedError(f"{name} is already in the corpus: nothing to do")
        raise UploadRejectedError(
            f"a different file named {name} is already in the corpus: rename yours and upload it again"
        )
    folder.mkdir(parents=True, exist_ok=True)
    # Hidden while being written, so a corpus walk never reads half a file.
    partial = folder / f".{uuid.uuid4().hex}.partial"
    try:
        partial.write_bytes(data)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def ingest_upload(
    settings: Settings,
    name: str,
    data: bytes,
    *,
    embedder: Embedder | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> UploadResult:
    """Save and index one uploaded document. Every refusal or failure comes back as a result
    whose message says what went wrong and what to do; the index is then unchanged."""
    with _INGEST_LOCK:
        try:
            path = save_upload(settings, name, data)
        except UploadRejectedError as exc:
            return UploadResult(name, False, str(exc))
        return ingest_saved(settings, name, path, embedder=embedder, on_progress=on_progress)


def ingest_saved(
    settings: Settings,
    name: str,
    path: Path,
    *,
    embedder: Embedder | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> UploadResult:
    """Index one upload already saved at ``path``; on any failure the file is removed again."""
    from ingest.pipeline import ingest_paths

    path = Path(path).resolve()
    try:
        summary = ingest_paths(
            settings, [path], progress=False, on_progress=on_progress, embedder=embedder
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    mine = [f for f in summary.failed if Path(f.path).resolve() == path]
    if mine or not (summary.added or summary.updated):
        path.unlink(missing_ok=True)
        reason = mine[0].reason if mine else "it was not indexed"
        return UploadResult(name, False, f"{name} was not added: {reason}")
    return UploadResult(
        name,
        True,
        f"{name} added: {summary.passages_written} passages; the corpus now has {summary.documents_total} documents",
        path=path,
        passages=summary.passages_written,
        documents_total=summary.documents_total,
    )
