"""What the corpus holds: indexed documents, manifest documents that are not indexed (with how
to add each), and files that failed. No Streamlit here; the Documents page draws it.

An upload's name is its owner's: each user is shown the corpus folder's documents and their own
uploads (and their own failed uploads, :meth:`ui.upload_jobs.UploadJobs.failed`); other users'
uploads are counted, never named."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.index import DocumentEntry
from assistant.settings import Settings
from ui.formatting import local_time


@dataclass(frozen=True)
class IndexedDocument:
    doc_id: str
    name: str  # the manifest's short name ("AP I", "S/2019/805"), else the title
    title: str  # in full: "AP I" and "AP II" share their first hundred characters
    doc_type: str
    date: str
    symbol: str
    pages: int | None  # None: a text document (Markdown, text, HTML), cited by section
    passages: int
    indexed: str  # ISO 8601, local time with its zone
    uploaded: bool  # by the user it is listed to (other users' uploads are not listed)


@dataclass(frozen=True)
class MissingDocument:
    doc_id: str
    title: str
    doc_type: str
    date: str
    symbol: str
    how_to_add: str
    source_url: str


def indexed_documents(
    documents: Mapping[str, DocumentEntry],
    settings: Settings,
    user_id: str,
    owners: Mapping[str, str],
) -> list[IndexedDocument]:
    """The indexed documents ``user_id`` may see listed, by type then title: every document
    found outside the upload folder, and the user's own uploads. ``owners`` maps an upload's
    saved path to its user (:meth:`ui.upload_jobs.UploadJobs.owners`); an upload with no known
    owner is nobody's to list. ``len(documents)`` minus this list is what others uploaded."""
    uploads = Path(settings.upload_dir).resolve()
    mine = {Path(path).resolve() for path, user in owners.items() if user == user_id}
    rows = []
    for doc_id, e in documents.items():
        # every place the document's content was found (its source, and any others recorded)
        places = {Path(p).resolve() for p in (*e.locations, e.source) if p}
        uploaded = {p for p in places if p.parent == uploads}
        yours = bool(uploaded & mine)
        if uploaded and uploaded == places and not yours:
            continue  # only ever uploaded by others: its name is theirs
        r = e.record
        rows.append(IndexedDocument(
            doc_id, r.short_title or r.title or doc_id, r.title or doc_id, r.doc_type, r.date,
            r.symbol, e.pages, e.passages, local_time(e.ingested_at), yours,
        ))  # fmt: skip
    return sorted(rows, key=lambda d: (d.doc_type, d.title.casefold()))


def missing_documents(
    settings: Settings, documents: Mapping[str, DocumentEntry]
) -> list[MissingDocument]:
    """The manifest's documents that are not indexed, each with how to add it."""
    from assistant.manifest import load_manifest

    manifest = load_manifest(settings.corpus_dir)
    rows = []
    for doc_id, r in manifest.records.items():
        if doc_id in documents:
            continue
        rows.append(MissingDocument(
            doc_id, r.title or doc_id, r.doc_type, r.date, r.symbol,
            how_to_add(manifest.files.get(doc_id, ""), r.symbol, r.path), r.source_url,
        ))  # fmt: skip
    return sorted(rows, key=lambda d: (d.doc_type, d.title.casefold()))


def how_to_add(file: str, symbol: str, path: str) -> str:
    """The steps that get a manifest document indexed."""
    if path:
        where = f"corpus/{path}"
    elif file:
        where = f"corpus/ as {file}" + (
            f" (or any file name holding {symbol.split()[0].replace('/', '_')})" if symbol else ""
        )
    else:
        where = "corpus/"
    name = f" as {file}" if file else (f" as {Path(path).name}" if path else "")
    return (
        f"Upload it{name} under “Add a document” in the sidebar: it is indexed at once and "
        f"answered from then on. (On the server itself, saving it in {where} adds it the next "
        "time `pocdoc ui` starts.)"
    )


def unindexed_files(settings: Settings, documents: Mapping[str, DocumentEntry]) -> list[Path]:
    """Readable-looking files in the corpus folder that the index does not hold (an ingest
    failed on them, or has not run since they were added)."""
    from assistant.manifest import load_manifest
    from ingest.discovery import discover

    corpus = Path(settings.corpus_dir)
    if not corpus.is_dir():
        return []
    files, _ = discover([corpus], load_manifest(corpus))
    sources = {Path(p).resolve() for e in documents.values() for p in (*e.locations, e.source) if p}
    return [f for f in files if f.resolve() not in sources]
