"""What a prepared file is to the index, decided on the main thread: new, an update, unchanged, or
a committed document found at another path.

Content decides identity (:func:`ingest.preparation.content_hash_of`); a path is where a document
lies, and a document may lie in several places. So:

- a known document found at a new path whose old paths are gone was **moved**: the ledger's
  locations change, nothing is read, split or embedded;
- found at a new path while an old one is still there, it is a **copy**: one document, one more
  location (the same bytes twice in one run, too);
- a changed file at a path is an **update**, as before; its document's other locations, holding the
  old bytes, are dropped;
- two *different* files claiming one ``doc_id`` are still a conflict, reported for the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from assistant.errors import UnreadableDocumentError
from assistant.index import DocumentEntry, IndexWriter
from ingest.batching import Batcher, PendingDocument
from ingest.preparation import Prepared
from ingest.summary import IngestSummary


class Acceptor:
    """Takes each prepared file in order; :meth:`finish` after the batcher's last flush."""

    def __init__(
        self,
        writer: IndexWriter,
        batcher: Batcher,
        summary: IngestSummary,
        committed: Mapping[str, DocumentEntry],
    ) -> None:
        self.writer = writer
        self.batcher = batcher
        self.summary = summary
        self.committed = committed
        self.seen: dict[str, tuple[str, str]] = {}  # doc_id -> (source, content hash), this run
        self.written: dict[str, str] = {}  # content hash -> doc_id, queued for writing this run
        self.copies: list[tuple[str, str]] = []  # (doc_id, source) of documents written this run

    def accept(self, item: Prepared) -> None:
        """Raises UnreadableDocumentError for a doc_id conflict (the run counts it and goes on)."""
        if item.failure is not None:
            self.summary.failed.append(item.failure)
            return
        if item.unchanged is not None:
            self.summary.unchanged += 1
            self._see(item.unchanged.doc_id, item)
            self._tidy(item.unchanged.doc_id, item.source)
            return
        if item.found is not None:
            self._relocate(item.found.doc_id, item)
            return
        first = self.written.get(item.content_hash)
        if first is not None:  # the same bytes twice in this run: one document, two locations
            self._see(first, item)
            self.copies.append((first, item.source))
            self.summary.copies += 1
            return
        record = item.record
        assert record is not None
        self._see(record.doc_id, item)
        previous = self.committed.get(record.doc_id)
        places = self.writer.ledger.locations(record.doc_id) if previous is not None else []
        if item.source not in places:
            elsewhere = [s for s in places if Path(s).exists()]
            if elsewhere:
                raise UnreadableDocumentError(
                    item.path,
                    f"doc_id '{record.doc_id}' is already indexed from {elsewhere[0]}, whose content "
                    "differs: rename one of the files",
                )
        # The file now maps to another doc_id (a manifest record was added or edited): its old
        # document loses this path (and goes, when it was its only one).
        former = self._release(item.source, keep=record.doc_id)
        self.written[item.content_hash] = record.doc_id
        self.batcher.add(
            PendingDocument(
                record,
                item.passages,
                item.source,
                item.content_hash,
                item.pages,
                is_update=previous is not None or former,
            )
        )

    def finish(self) -> None:
        """Record the copies of documents this run wrote (they are committed now), and forget the
        documents left with no location: their paths now hold other documents (also when a run
        that detached them was killed before it got here)."""
        for doc_id, source in self.copies:
            if self.writer.ledger.document_at(source) != doc_id:
                places = self.writer.ledger.locations(doc_id)
                if places:
                    self.writer.relocate(doc_id, [*places, source])
        self.writer.remove(self.writer.ledger.detached_documents())

    def _see(self, doc_id: str, item: Prepared) -> None:
        other = self.seen.get(doc_id)
        if other is not None and other[0] != item.source and other[1] != item.content_hash:
            raise UnreadableDocumentError(
                item.path,
                f"doc_id '{doc_id}' is already used by {other[0]}, whose content differs: give one "
                "of them its own manifest record",
            )
        self.seen.setdefault(doc_id, (item.source, item.content_hash))

    def _relocate(self, doc_id: str, item: Prepared) -> None:
        """A committed document found at ``item.source``: moved, or copied."""
        self._see(doc_id, item)
        self._release(item.source, keep=doc_id)
        before = self.writer.ledger.locations(doc_id)
        kept = [s for s in before if s != item.source and Path(s).exists()]
        self.writer.relocate(doc_id, [*kept, item.source])
        if kept:
            self.summary.copies += 1
        else:
            self.summary.moved += 1

    def _tidy(self, doc_id: str, source: str) -> None:
        """Forget locations of a document seen at ``source`` that are gone from the disk."""
        before = self.writer.ledger.locations(doc_id)
        kept = [s for s in before if s == source or Path(s).exists()]
        if kept != before:
            self.writer.relocate(doc_id, kept)

    def _release(self, source: str, *, keep: str) -> bool:
        """``source`` belongs to ``keep`` now; another document that lay there loses it (when that
        was its last location on disk, :meth:`finish` forgets it, unless this run finds its content
        elsewhere: two files swapped). True when there was one."""
        owner = self.writer.ledger.document_at(source)
        if owner is None or owner == keep:
            return False
        rest = [s for s in self.writer.ledger.locations(owner) if s != source and Path(s).exists()]
        self.writer.relocate(owner, rest)
        return True


def prune(writer: IndexWriter) -> int:
    """Drop documents none of whose locations is on disk (and the gone locations of the others);
    returns how many documents were dropped."""
    gone = []
    for entry in writer.ledger.documents().values():
        kept = [s for s in entry.locations if Path(s).exists()]
        if entry.locations and not kept:
            gone.append(entry.doc_id)
        elif kept != list(entry.locations):
            writer.relocate(entry.doc_id, kept)
    return writer.remove(gone)
