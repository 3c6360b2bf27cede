"""The per-file half of an ingest, run ahead in a worker thread: size check, hash, load, split.

A file whose content the ledger already holds is not loaded: unchanged at a path it is known
under, or the same document found at another path (moved or copied: ``found``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Mapping
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
    found: DocumentEntry | None = None  # the same content, committed under other paths
    record: DocumentRecord | None = None
    passages: list[Passage] = field(default_factory=list)
    pages: int | None = None
    failure: Failure | None = None
    ocr_pages: int = 0  # pages whose text came from OCR
    notes: list[str] = field(default_factory=list)  # single pages' problems (OCR), one line each


@dataclass(frozen=True)
class Known:
    """The committed documents by each of their locations and by content, as a run starts."""

    by_source: Mapping[str, DocumentEntry]
    by_hash: Mapping[str, DocumentEntry]

    @classmethod
    def of(cls, documents: Mapping[str, DocumentEntry]) -> Known:
        return cls(
            {source: e for e in documents.values() for source in e.locations},
            {e.content_hash: e for e in documents.values()},
        )


def prepare_file(
    path: Path, manifest, fingerprint: str, known: Known, counter, settings: Settings
) -> Prepared:
    from ingest.chunking import split_document
    from ingest.loaders import load_document
    from ingest.ocr import OcrOptions

    source = str(path.absolute())
    try:
        source = str(path.resolve())
        check_size(path, settings.ingest.max_file_mb)
        raw = path.read_bytes()
        listed = _known_record(manifest, path)
        content_hash = content_hash_of(raw, listed, fingerprint)
        entry = known.by_source.get(source)
        if entry is not None and entry.content_hash == content_hash:
            return Prepared(path, source, content_hash, unchanged=entry)
        same = known.by_hash.get(content_hash)
        if same is not None and not _moved_within(same, listed):
            return Prepared(path, source, content_hash, found=same)
        doc = load_document(path, ocr=OcrOptions.from_settings(settings))
        record = manifest.record_for(
            path, title_hint=doc.title_hint, symbol_hint=doc.symbol_hint, date_hint=doc.date_hint
        )
        passages = split_document(doc, record, counter, settings.chunking)
        if not passages:
            raise UnreadableDocumentError(
                path, "no text to index after extraction: the document is empty"
            )
        return Prepared(
            path,
            source,
            content_hash,
            record=record,
            passages=passages,
            pages=doc.page_count,
            ocr_pages=len(doc.ocr_pages),
            notes=list(doc.notes),
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


def _moved_within(entry: DocumentEntry, listed: DocumentRecord | None) -> bool:
    """A manifest document moved to another place in its corpus folder: it is split again (its
    passages record their path; the ledger's vectors are reused), not just relocated."""
    return (
        listed is not None
        and listed.path != entry.record.path
        and not any(Path(s).exists() for s in entry.locations)
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
    """A document's identity: its bytes, what the pipeline makes of them, and its manifest record,
    but not where it lies (the record's ``path`` is left out: the same file in a moved or copied
    folder is the same document)."""
    h = hashlib.sha256(raw)
    h.update(fingerprint.encode())
    if record is not None:
        h.update(json.dumps(asdict(dataclasses.replace(record, path="")), sort_keys=True).encode())
    return h.hexdigest()
