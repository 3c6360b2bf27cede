"""The data that flows between ingest, retrieval, answers and the UI."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DOC_TYPES = (
    "doctrine", "policy", "handbook", "report", "event summary", "resolution", "treaty",
    "policy note", "document",
)  # fmt: skip


@dataclass(frozen=True)
class DocumentRecord:
    """One document's bibliographic record (from corpus/manifest.toml, or inferred)."""

    doc_id: str
    title: str
    doc_type: str = "document"
    issuing_body: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    symbol: str = ""  # UN document symbol, e.g. S/2019/805
    source_url: str = ""
    licence: str = ""
    superseded_by: str = ""  # doc_id of the document that replaces this one
    short_title: str = ""  # how citations name it, e.g. "GC IV"
    path: str = ""  # file path relative to the corpus folder; empty when not on disk


@dataclass(frozen=True)
class Block:
    """A structural unit cut from one extracted document: a paragraph, list item, article, footnote.

    ``start``/``end`` are character offsets into :attr:`ExtractedDocument.text`.
    """

    text: str
    start: int
    end: int
    page: int | None = None  # 1-based PDF page
    section: tuple[str, ...] = ()  # heading path, outermost first
    paragraph: str = ""  # the document's own paragraph or article number, e.g. "12" or "Art. 27"
    kind: Literal["paragraph", "heading", "list", "footnote", "table"] = "paragraph"


@dataclass(frozen=True)
class ExtractedDocument:
    """What a loader returns: the whole extracted text and its blocks in reading order."""

    path: str
    text: str
    blocks: tuple[Block, ...]
    page_count: int | None = None
    title_hint: str = ""  # a title found in the file itself (first heading, PDF metadata)
    symbol_hint: str = ""  # a UN symbol found in the file itself
    date_hint: str = ""
    ocr_pages: Mapping[int, float] = field(default_factory=dict, hash=False)  # page: OCR confidence
    notes: tuple[str, ...] = ()  # single pages' problems (an OCR time-out, low confidence)


@dataclass(frozen=True)
class Passage:
    """An indexed passage with its provenance. ``passage_id`` is stable across re-ingests."""

    passage_id: str
    doc_id: str
    text: str
    ordinal: int
    char_start: int
    char_end: int
    page: int | None = None
    page_end: int | None = None
    section: tuple[str, ...] = ()
    paragraph: str = ""
    title: str = ""
    doc_type: str = ""
    issuing_body: str = ""
    date: str = ""
    symbol: str = ""
    source: str = ""  # path of the source file
    superseded_by: str = ""
    ocr_confidence: float | None = None  # read by OCR: its pages' mean word confidence (0-100)

    @property
    def section_label(self) -> str:
        return " > ".join(self.section)

    @property
    def is_footnote(self) -> bool:
        """A footnote ("note 6"): it cites a source or explains in passing, so it is never an
        anchor's evidence, and only its explanations may be answer text."""
        return self.paragraph.startswith("note")

    @property
    def indexed_text(self) -> str:
        """What the encoder and BM25 read: a short section-path prefix, then the passage text.

        The prefix carries words a query uses ("Protection of civilians", "Article 27") without
        becoming passage text that answers quote. A long path keeps its innermost headings.
        """
        prefix = _section_prefix(self.section)
        return f"{prefix}\n{self.text}" if prefix else self.text

    def to_metadata(self) -> dict[str, str | int | float | bool]:
        """Flat metadata for Chroma (no None values; date also as an int for range filters)."""
        meta: dict[str, str | int | float | bool] = {
            "doc_id": self.doc_id,
            "ordinal": self.ordinal,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "section": self.section_label,
            "paragraph": self.paragraph,
            "title": self.title,
            "doc_type": self.doc_type,
            "issuing_body": self.issuing_body,
            "date": self.date,
            "date_int": date_to_int(self.date),
            "symbol": self.symbol,
            "source": self.source,
            "superseded": bool(self.superseded_by),
            "superseded_by": self.superseded_by,
        }
        if self.page is not None:
            meta["page"] = self.page
        if self.page_end is not None:
            meta["page_end"] = self.page_end
        if self.ocr_confidence is not None:
            meta.update(ocr=True, ocr_confidence=self.ocr_confidence)
        return meta

    @classmethod
    def from_metadata(cls, passage_id: str, text: str, meta: dict[str, Any]) -> Passage:
        section = str(meta.get("section") or "")
        return cls(
            passage_id=passage_id,
            doc_id=str(meta["doc_id"]),
            text=text,
            ordinal=int(meta.get("ordinal", 0)),
            char_start=int(meta.get("char_start", 0)),
            char_end=int(meta.get("char_end", 0)),
            page=int(meta["page"]) if meta.get("page") is not None else None,
            page_end=int(meta["page_end"]) if meta.get("page_end") is not None else None,
            section=tuple(section.split(" > ")) if section else (),
            paragraph=str(meta.get("paragraph") or ""),
            title=str(meta.get("title") or ""),
            doc_type=str(meta.get("doc_type") or ""),
            issuing_body=str(meta.get("issuing_body") or ""),
            date=str(meta.get("date") or ""),
            symbol=str(meta.get("symbol") or ""),
            source=str(meta.get("source") or ""),
            superseded_by=str(meta.get("superseded_by") or ""),
            ocr_confidence=float(meta["ocr_confidence"]) if meta.get("ocr") else None,
        )


def date_to_int(date: str) -> int:
    """'2019-10-01' -> 20191001, '2019' -> 20190000, '' -> 0 (sortable, for range filters)."""
    digits = [p for p in date.split("-") if p.isdigit()]
    if not digits:
        return 0
    year = int(digits[0])
    month = int(digits[1]) if len(digits) > 1 else 0
    day = int(digits[2]) if len(digits) > 2 else 0
    return year * 10000 + month * 100 + day


@dataclass(frozen=True)
class Filters:
    """Metadata filters applied in every retrieval arm. Empty fields do not filter."""

    doc_ids: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    issuing_bodies: tuple[str, ...] = ()
    date_from: str = ""  # inclusive, ISO
    date_to: str = ""  # inclusive, ISO

    def is_empty(self) -> bool:
        return not (
            self.doc_ids or self.doc_types or self.issuing_bodies or self.date_from or self.date_to
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items() if v}


def date_upper(date: str) -> int:
    """Inclusive upper bound: '2019' covers all of 2019."""
    value = date_to_int(date)
    parts = date.split("-")
    if len(parts) == 1:
        return value + 1231
    if len(parts) == 2:
        return value + 31
    return value


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its score and the arm(s) that found it."""

    passage: Passage
    score: float
    rank: int
    sources: tuple[str, ...] = ()  # e.g. ("dense", "bm25")
    dense_score: float | None = None  # cosine similarity, when the dense arm saw it
    bm25_score: float | None = None
    also_in: tuple[
        Passage, ...
    ] = ()  # near-duplicate passages collapsed into this hit, best-ranked first


@dataclass(frozen=True)
class Citation:
    """A numbered citation under an answer. ``quote_start``/``quote_end`` index into ``text``."""

    n: int
    passage_id: str
    doc_id: str
    title: str
    doc_type: str
    date: str
    symbol: str
    page: int | None
    section: str
    paragraph: str
    source: str
    text: str
    score: float
    quote: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    ocr_confidence: float | None = None  # read by OCR: its pages' mean word confidence

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer and the citation numbers behind it."""

    text: str
    citations: tuple[int, ...]
    verdict: Literal["supported", "partly", "unsupported"] | None = None  # generative mode only
    support: float | None = None
    label: str = ""  # the quoted unit's own number, e.g. "Art. 79(1)", "para. 12 (b)"


@dataclass(frozen=True)
class Definition:
    """A glossary entry shown as a definition, with where it comes from."""

    term: str
    full: str
    text: str
    source: str  # how the answer names the source: "GC IV, Art. 4", "curated, after: ..."
    doc_id: str = ""  # the manifest document it comes from, when it is one
    at: str = ""  # where in that document

    @property
    def line(self) -> str:
        """How answers and exports show it: "Tier II (provision of physical protection): ... [source]"."""
        name = f"{self.term} ({self.full})" if self.full and self.full != self.term else self.term
        return f"{name}: {self.text} [{self.source}]"


@dataclass(frozen=True)
class Answer:
    """What `ask` returns, in every mode."""

    question: str
    answer: str  # sentences with their [n] markers, or the abstention message
    abstained: bool
    citations: tuple[Citation, ...]
    sentences: tuple[AnswerSentence, ...] = ()
    related: tuple[Citation, ...] = ()  # closest passages shown when abstaining
    standalone_question: str = ""  # the follow-up resolved against history
    mode: str = "extractive"
    notice: str = ""  # e.g. "the LLM endpoint failed; showing the extractive answer"
    evidence_score: float = 0.0
    filters: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    form: str = ""  # the question form the composer used (definition, enumeration, ...)
    definitions: tuple[Definition, ...] = ()  # glossary definitions, shown before the passages
    anchors: tuple[str, ...] = ()  # what the question is about: missions, documents, years, ...
    missing: tuple[str, ...] = ()  # anchors no retrieved passage mentions

    def to_dict(
        self,
        keys: tuple[str, ...] | None = None,
        *,
        citation: Callable[[Citation], dict[str, Any]] = Citation.to_dict,
    ) -> dict[str, Any]:
        """The documented JSON schema of `pocdoc ask --json`. ``keys``: only these, in that order
        (a feedback record keeps a subset); ``citation`` writes each citation and related passage."""
        data: dict[str, Any] = {
            "question": self.question,
            "standalone_question": self.standalone_question or self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "notice": self.notice,
            "evidence_score": round(self.evidence_score, 4),
            "sentences": [asdict(s) for s in self.sentences],
            "citations": [citation(c) for c in self.citations],
            "related": [citation(c) for c in self.related],
            "form": self.form,
            "definitions": [asdict(d) for d in self.definitions],
            "anchors": list(self.anchors),
            "missing": list(self.missing),
            "filters": self.filters,
            "settings": self.settings,
        }
        return data if keys is None else {key: data[key] for key in keys}


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation, for follow-up questions."""

    question: str
    standalone_question: str = ""
    filters: Filters = field(default_factory=Filters)
    answer: str = ""


SECTION_PREFIX_CHARS = 160


def _section_prefix(section: tuple[str, ...]) -> str:
    """The innermost headings of ``section`` that fit in ``SECTION_PREFIX_CHARS``, outermost first."""
    kept: list[str] = []
    used = 0
    for title in reversed(section):
        cost = len(title) + (3 if kept else 0)
        if used + cost > SECTION_PREFIX_CHARS:
            if not kept:
                kept.append(title[:SECTION_PREFIX_CHARS].rsplit(" ", 1)[0])
            break
        kept.append(title)
        used += cost
    return " > ".join(reversed(kept))
