"""Download the manifest's known documents that are not on disk, where a network exists.

Only records with both a ``source_url`` and a ``file`` hint are candidates. Each download goes to
a hidden temporary file beside its target, must start with the PDF magic bytes, and is moved into
place with :func:`os.replace`, so a failed or partial download never leaves a file that ingest
would read. Every candidate gets a :class:`FetchResult`; a failure never stops the others.
"""

from __future__ import annotations

import http.client
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from assistant.manifest import Manifest

PDF_MAGIC = b"%PDF-"
USER_AGENT = "pocdoc-fetch/0.1 (+offline POC doctrine assistant)"
_CHUNK = 1 << 16

Status = Literal["downloaded", "present", "failed"]


@dataclass(frozen=True)
class FetchResult:
    """What happened to one document."""

    doc_id: str
    url: str
    path: Path  # where the file is, or would have gone
    status: Status
    message: str = ""
    size: int = 0  # bytes written

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def __str__(self) -> str:
        """One line for the CLI: ``doc_id: status: message``."""
        where = f" -> {self.path}" if self.status != "failed" else ""
        return f"{self.doc_id}: {self.status}: {self.message}{where}"


def fetch_missing(
    manifest: Manifest,
    corpus_dir: Path | str,
    *,
    timeout: float = 30,
    doc_ids: Iterable[str] | None = None,
    max_bytes: int = 200 * 1024 * 1024,
) -> list[FetchResult]:
    """Download each document that has a ``source_url`` and a ``file`` hint but is not on disk.

    Args:
        manifest: the loaded corpus manifest.
        corpus_dir: where files go (``corpus_dir/<file>``).
        timeout: seconds for connecting and for each read.
        doc_ids: only these documents (default: every candidate).
        max_bytes: a download larger than this fails (guards against a wrong URL).

    Returns:
        One result per candidate, in manifest order. Once a host fails at the network level
        (no route, refused, timed out), its remaining documents fail at once with that reason,
        so a machine without a network finishes in one connection attempt per host.
    """
    corpus_dir = Path(corpus_dir)
    wanted = set(doc_ids) if doc_ids is not None else None
    on_disk = (
        {p.name.casefold(): p for p in corpus_dir.rglob("*") if p.is_file()}
        if corpus_dir.is_dir()
        else {}
    )
    unreachable: dict[str, str] = {}  # host -> the network error that ruled it out
    results = []
    for doc_id, record in manifest.records.items():
        name = manifest.files.get(doc_id, "")
        if not (record.source_url and name) or (wanted is not None and doc_id not in wanted):
            continue
        target = corpus_dir / name
        bundled = corpus_dir / record.path if record.path else None
        existing = (
            bundled if bundled is not None and bundled.is_file() else on_disk.get(name.casefold())
        )
        if existing is not None:
            results.append(
                FetchResult(doc_id, record.source_url, existing, "present", "already on disk")
            )
            continue
        host = urlsplit(record.source_url).netloc
        if host in unreachable:
            message = f"not tried: {host} was unreachable earlier in this run ({unreachable[host]})"
            results.append(FetchResult(doc_id, record.source_url, target, "failed", message))
            continue
        try:
            size = _download(record.source_url, target, timeout, max_bytes)
        except _NetworkError as exc:
            unreachable[host] = str(exc)
            results.append(
                _failure(doc_id, record.source_url, target, f"network error: {exc}; no network?")
            )
        except _DownloadError as exc:
            results.append(_failure(doc_id, record.source_url, target, str(exc)))
        else:
            results.append(
                FetchResult(
                    doc_id, record.source_url, target, "downloaded", f"{size:,} bytes", size
                )
            )
    return results


class _DownloadError(Exception):
    """A download that failed for this document only."""


class _NetworkError(_DownloadError):
    """The host could not be reached at all."""


def _failure(doc_id: str, url: str, target: Path, reason: str) -> FetchResult:
    return FetchResult(
        doc_id,
        url,
        target,
        "failed",
        f"{reason}; download it by hand from {url} and save it as {target}",
    )


def _download(url: str, target: Path, timeout: float, max_bytes: int) -> int:
    """Fetch ``url`` into ``target`` atomically; returns the bytes written."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise _DownloadError(f"only http(s) URLs are fetched, not '{url}'")
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/pdf"}
    )
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")  # hidden: the ingest walk skips it
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            size = _copy_checked(response, tmp, max_bytes)
        os.replace(tmp, target)
        return size
    except urllib.error.HTTPError as exc:
        raise _DownloadError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else str(reason)
        raise _NetworkError(text) from exc
    except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        raise _NetworkError(
            f"the connection failed during the download ({exc or type(exc).__name__})"
        ) from exc
    except OSError as exc:
        raise _DownloadError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _copy_checked(response: http.client.HTTPResponse, tmp: Path, max_bytes: int) -> int:
    """Stream ``response`` into ``tmp``, checking the PDF magic bytes and the size."""
    size = 0
    with tmp.open("wb") as out:
        chunk = response.read(1024)
        if PDF_MAGIC not in chunk:  # the PDF header may follow a little junk, within 1 KiB
            kind = response.headers.get("Content-Type", "an unknown type")
            raise _DownloadError(
                f"the server sent {kind}, not a PDF (it starts with {chunk[:16]!r}); the URL may be a landing page"
            )
        while chunk:
            size += len(chunk)
            if size > max_bytes:
                raise _DownloadError(
                    f"the download is larger than {max_bytes:,} bytes; check the URL"
                )
            out.write(chunk)
            chunk = response.read(_CHUNK)
        out.flush()
        os.fsync(out.fileno())
    return size
