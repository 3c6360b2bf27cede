"""Splitting an extracted document into passages at the level people cite: one numbered paragraph.

Rules, in order:

1. A block is the unit; a PDF paragraph's next-page pieces join it (the passage then has
   ``page`` and ``page_end``). Headings are never passages and never passage text: the section
   path travels as metadata (and as the short prefix that the encoder and BM25 see, see
   :meth:`assistant.types.Passage.indexed_text`).
2. Consecutive blocks pack into one passage while they share the section path, the page (when the
   document has pages), the stream (body or footnotes) and the paragraph number, up to
   ``max_tokens`` word pieces and ``max_chars`` characters. So a numbered paragraph (a UN report's
   "12.", a treaty's "Art. 27") is never packed with the next number, and unnumbered prose packs
   as before. Footnotes only pack with footnotes; a paragraph that runs onto the next page ends
   its passage.
3. A block longer than ``max_tokens`` or ``max_chars`` is cut at sentence ends (then clauses, then
   words, then inside words), each piece repeating the previous piece's last
   ``overlap_sentences`` sentences and keeping the paragraph number.
4. A passage under ``min_tokens`` merges into its neighbour when rule 2 allows it (previous first).

Work is linear in the text and memory is bounded: a span is tokenised only once it is known to be
under ``max_chars``, in batches of at most ``BATCH`` spans, and long blocks are cut by a stream
of atoms that holds one window at a time.

A passage's ``text`` is ``doc.text[char_start:char_end]`` exactly. ``paragraph`` is the number of
the one numbered paragraph it holds (``"7"``, ``"Art. 27"``, ``"note 3"``), or, for packed
footnotes, the first and last (``"note 1-3"``), or empty. ``page_end`` is set only when a passage
runs onto a later page. ``passage_id`` is ``{doc_id}:{ordinal:04d}-{sha1(text)[:8]}``: re-splitting
an unchanged file gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from assistant.settings import ChunkingSettings
from assistant.types import DocumentRecord, ExtractedDocument, Passage
from ingest.loaders.assembly import continues
from ingest.sentence_windows import BATCH, windows
from ingest.tokens import TokenCounter


@dataclass
class _Piece:
    """A span of ``doc.text`` that becomes (part of) one passage."""

    start: int
    end: int
    first: int  # index of its first block (a heading right before it counts, for adjacency)
    last: int
    page: int | None
    page_end: int | None
    section: tuple[str, ...]
    footnote: bool
    tokens: int = 0
    labels: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        """The paragraph number packing must not cross (footnotes pack across note numbers)."""
        return "" if self.footnote else (self.labels[0] if self.labels else "")


def split_document(
    doc: ExtractedDocument,
    record: DocumentRecord,
    counter: TokenCounter,
    settings: ChunkingSettings,
) -> list[Passage]:
    """Cut ``doc`` into passages (see the module docstring) that carry ``record``'s metadata."""
    units = _units(doc)
    _count_units(doc, units, counter, settings)
    pieces = _merge_small(doc, _pack(doc, units, counter, settings), counter, settings)
    return [_passage(doc, record, n, piece) for n, piece in enumerate(pieces)]


def _units(doc: ExtractedDocument) -> list[_Piece]:
    units: list[_Piece] = []
    heading_before = False
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            heading_before = True
            continue
        if units and units[-1].last == i - 1 and continues(doc, blocks[i - 1], block):
            units[-1].end, units[-1].last, units[-1].page_end = block.end, i, block.page
            continue
        # A heading between two blocks keeps them apart even when it is not on their section path.
        first = i - 1 if heading_before else i
        heading_before = False
        units.append(
            _Piece(
                block.start,
                block.end,
                first,
                i,
                block.page,
                block.page,
                block.section,
                block.kind == "footnote",
                labels=[block.paragraph],
            )
        )
    return units


def _count_units(
    doc: ExtractedDocument, units: list[_Piece], counter: TokenCounter, settings: ChunkingSettings
) -> None:
    """Word pieces of each unit under ``max_chars``; longer ones are split without counting them whole."""
    for i in range(0, len(units), BATCH):
        batch = [u for u in units[i : i + BATCH] if u.end - u.start <= settings.max_chars]
        for unit, tokens in zip(
            batch, counter.count_batch([doc.text[u.start : u.end] for u in batch])
        ):
            unit.tokens = tokens
        for unit in units[i : i + BATCH]:
            if unit.end - unit.start > settings.max_chars:
                unit.tokens = settings.max_tokens + 1


def _pack(
    doc: ExtractedDocument, units: list[_Piece], counter: TokenCounter, settings: ChunkingSettings
) -> list[_Piece]:
    pieces: list[_Piece] = []
    for unit in units:
        if unit.tokens > settings.max_tokens or unit.end - unit.start > settings.max_chars:
            pieces.extend(_split(doc, unit, counter, settings))
        elif (
            pieces
            and _joinable(pieces[-1], unit)
            and pieces[-1].tokens + unit.tokens <= settings.max_tokens
            and unit.end - pieces[-1].start <= settings.max_chars
            # the parts' word pieces can undercount the joined text's ("0;;0;0" + "0;;0;"): count it
            and (joined := counter.count(doc.text[pieces[-1].start : unit.end]))
            <= settings.max_tokens
        ):
            _absorb(pieces[-1], unit, joined)
        else:
            pieces.append(replace(unit, labels=list(unit.labels)))
    return pieces


def _joinable(left: _Piece, right: _Piece) -> bool:
    """Whether two pieces, ``left`` first, may share a passage (same section, page, stream, number).

    Only a paragraph that runs over a page break takes a passage onto the next page, so nothing
    joins a piece that already spans pages.
    """
    return (
        right.first <= left.last + 1
        and right.section == left.section
        and right.footnote == left.footnote
        and right.number == left.number
        and right.page == left.page_end == left.page
    )


def _absorb(left: _Piece, right: _Piece, tokens: int) -> None:
    left.end, left.last, left.page_end, left.tokens = right.end, right.last, right.page_end, tokens
    left.labels.extend(right.labels)


def _merge_small(
    doc: ExtractedDocument, pieces: list[_Piece], counter: TokenCounter, settings: ChunkingSettings
) -> list[_Piece]:
    """Merge each piece under ``min_tokens`` into its previous, else its next, neighbour where allowed."""
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.tokens < settings.min_tokens:
            if (
                out
                and _joinable(out[-1], piece)
                and (tokens := _fits(doc, out[-1], piece, counter, settings))
            ):
                _absorb(out[-1], piece, tokens)
                i += 1
                continue
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if (
                nxt is not None
                and _joinable(piece, nxt)
                and (tokens := _fits(doc, piece, nxt, counter, settings))
            ):
                merged = replace(piece, labels=list(piece.labels))
                _absorb(merged, nxt, tokens)
                out.append(merged)
                i += 2
                continue
        out.append(piece)
        i += 1
    return out


def _fits(
    doc: ExtractedDocument,
    left: _Piece,
    right: _Piece,
    counter: TokenCounter,
    settings: ChunkingSettings,
) -> int:
    """The word pieces of ``left`` and ``right`` joined, when they fit in one passage; else 0. The
    parts' word pieces can undercount the joined text's, so the joined text is counted."""
    if right.end - left.start > settings.max_chars:
        return 0
    tokens = counter.count(doc.text[left.start : right.end])
    return tokens if tokens <= settings.max_tokens else 0


def _split(
    doc: ExtractedDocument, unit: _Piece, counter: TokenCounter, settings: ChunkingSettings
) -> list[_Piece]:
    """Windows of whole sentences (or smaller atoms) under both caps, with sentence overlap."""
    blocks = [b for b in doc.blocks[unit.first : unit.last + 1] if b.kind != "heading"]
    pieces = []
    for start, end, tokens in windows(doc.text, unit.start, unit.end, counter, settings):
        inside = [blk for blk in blocks if blk.end > start and blk.start < end]
        pieces.append(
            _Piece(
                start,
                end,
                unit.first,
                unit.last,
                inside[0].page,
                inside[-1].page,
                unit.section,
                unit.footnote,
                tokens,
                [blk.paragraph for blk in inside],
            )
        )
    return pieces


def _passage(
    doc: ExtractedDocument, record: DocumentRecord, ordinal: int, piece: _Piece
) -> Passage:
    text = doc.text[piece.start : piece.end]
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return Passage(
        passage_id=f"{record.doc_id}:{ordinal:04d}-{digest}",
        doc_id=record.doc_id,
        text=text,
        ordinal=ordinal,
        char_start=piece.start,
        char_end=piece.end,
        page=piece.page,
        page_end=piece.page_end if piece.page_end != piece.page else None,
        section=piece.section,
        paragraph=_label(piece.labels),
        title=record.title,
        doc_type=record.doc_type,
        issuing_body=record.issuing_body,
        date=record.date,
        symbol=record.symbol,
        source=record.path or doc.path,
        superseded_by=record.superseded_by,
        ocr_confidence=_ocr_confidence(doc, piece),
    )


def _ocr_confidence(doc: ExtractedDocument, piece: _Piece) -> float | None:
    """The lowest OCR confidence of the passage's pages, or None when none was OCR'd."""
    if piece.page is None or not doc.ocr_pages:
        return None
    pages = range(piece.page, (piece.page_end or piece.page) + 1)
    read = [doc.ocr_pages[n] for n in pages if n in doc.ocr_pages]
    return min(read) if read else None


def _label(labels: list[str]) -> str:
    """``["7"]`` -> ``"7"``; ``["note 1", "note 3"]`` -> ``"note 1-3"``; ``["", "7"]`` -> ``"7"``."""
    distinct = list(dict.fromkeys(x for x in labels if x))
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    first, last = distinct[0], distinct[-1]
    head = re.match(r"(.*?)(\w+)$", first)
    tail = re.match(r"(.*?)(\w+)$", last)
    if head and tail and head.group(1) == tail.group(1):
        return f"{first}-{tail.group(2)}"
    return f"{first}-{last}"
