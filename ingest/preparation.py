"""The per-file half of an ingest, run ahead in a worker thread: size check, hash, load, split."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.errors import PocdocError, UnreadableDocumentError
from assistant.index import DocumentEntry
from assistant.settings import Settings
from assistant.types import DocumentRecord, Passage
from ingest.summary import Failure

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A file read, hashed and (unless unchanged) loaded and split, off the main thread."""

    path: Path
    source: str
    content_hash: str = ""
    unchanged: DocumentEntry | None = None
    record: DocumentRecord | None = None
    passages: list[Passage] = field(default_factory=list)
    pages: int | None = None
    failure: Failure | None = None


def prepare_file(
    path: Path, manifest, fingerprint: str, by_source: dict, counter, settings: Settings
) -> Prepared:
    from ingest.chunking import split_document
    from ingest.loaders import load_document

    source = str(path.absolute())
    try:
        source = str(path.resolve())
        check_size(path, settings.ingest.max_file_mb)
        raw = path.read_bytes()
        content_hash = content_hash_of(raw, _known_record(manifest, path), fingerprint)
        entry = by_source.get(source)
        if entry is not None and entry.content_hash == content_hash:
            return Prepared(path, source, content_hash, unchanged=entry)
        doc = load_document(path)
        record = manifest.record_for(
            path, title_hint=doc.title_hint, symbol_hint=doc.symbol_hint, date_hint=doc.date_hint
        )
        passages = split_document(doc, record, counter, settings.chunking)
        if not passages:
            raise UnreadableDocumentError(
                path, "no text to index after extraction: the document is empty"
            )
        return Prepared(
            path, source, content_hash, record=record, passages=passages, pages=doc.page_count
        )
    except PocdocError as exc:
        return Prepared(path, source, failure=Failure(str(path), getattr(exc, "reason", str(exc))))
    except OSError as exc:
        return Prepared(
            path, source, failure=Failure(str(path), f"cannot read the file: {exc.strerror or exc}")
        )
    except Exception as exc:  # a loader bug must not stop the other files; report it
        log.debug("unexpected error on %s", path, exc_info=True)
        return Prepared(
            path, source, failure=Failure(str(path), f"unexpected {type(exc).__name__}: {exc}")
        )


def check_size(path: Path, limit_mb: float) -> None:
    size = path.stat().st_size
    if size > limit_mb * 1_000_000:
        raise UnreadableDocumentError(
            path,
            f"the file is {size / 1_000_000:.1f} MB, over the {limit_mb:g} MB limit (ingest.max_file_mb): split it, "
            "or raise the limit (POCDOC_INGEST__MAX_FILE_MB)",
        )


def _known_record(manifest, path: Path) -> DocumentRecord | None:
    """The manifest's record for a file, without reading it (None for files it does not know)."""
    record = manifest.record_for(path)
    return record if record.doc_id in manifest.records else None


def content_hash_of(raw: bytes, record: DocumentRecord | None, fingerprint: str) -> str:
    h = hashlib.sha256(raw)
    h.update(fingerprint.encode())
    if record is not None:
        h.update(json.dumps(asdict(record), sort_keys=True).encode())
    return h.hexdigest()
