"""What an ingest did: counts, failures (one line each) and timings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from assistant.errors import escape_controls


@dataclass
class Failure:
    path: str
    reason: str

    def __str__(self) -> str:
        # A file name may hold a newline or an escape sequence: the line stays one line.
        return escape_controls(f"{self.path}: {self.reason}")


@dataclass
class IngestSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0  # indexed documents found at a new path, their old paths gone: nothing embedded
    copies: int = 0  # indexed documents found at one more path: one document, another location
    removed: int = 0
    failed: list[Failure] = field(default_factory=list)
    passages_written: int = 0
    passages_embedded: int = 0  # of those written: the rest kept the ledger's vectors
    passages_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    units_embedded: int = 0  # answer units encoded (sentences, items, article paragraphs)
    unit_seconds: float = 0.0  # of which encoding them
    repaired: str = ""
    ocr_pages: int = 0  # pages read by OCR in this run (cached pages count too)
    notes: list[str] = field(
        default_factory=list
    )  # "path: page N ..." for pages OCR failed or doubted

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        found = "".join(
            f", {name} {n}" for name, n in (("moved", self.moved), ("copies", self.copies)) if n
        )
        embedded = (
            f" ({self.passages_embedded} embedded)"
            if self.passages_embedded != self.passages_written
            else ""
        )
        ocr = f", OCR'd pages {self.ocr_pages}" if self.ocr_pages else ""
        doubts = f" ({len(self.notes)} page notes)" if self.notes else ""
        return (
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}{found}, "
            f"removed {self.removed}, failed {len(self.failed)}{ocr}{doubts}; passages written {self.passages_written}{embedded}, "
            f"in index {self.passages_total} from {self.documents_total} documents; {self.seconds:.1f} s"
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        data["failed"] = [str(f) for f in self.failed]
        return data
