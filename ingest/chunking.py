"""Splitting an extracted document into passages that follow its structure.

Rules, in order:

1. A block is the unit; a PDF paragraph's next-page pieces join it (the passage then has
   ``page`` and ``page_end``). Headings are never passages: a run of headings right before a
   block, on the same page and on its section path, is prefixed to that block's passage.
2. Consecutive blocks pack into one passage while they share the section path, the page (when the
   document has pages), and the stream (body or footnotes), up to ``max_tokens`` word pieces.
   Footnotes only pack with footnotes; a paragraph that runs onto the next page ends its passage.
3. A block longer than ``max_tokens`` is cut at sentence ends (then clauses, then words), each
   piece repeating the previous piece's last ``overlap_sentences`` sentences.
4. A passage under ``min_tokens`` merges into its neighbour when rule 2 allows it (previous first).

A passage's ``text`` is ``doc.text[char_start:char_end]`` exactly. ``paragraph`` is the number of
the one numbered paragraph it holds (``"7"``, ``"Art. 27"``, ``"note 3"``), or the first and last
of several (``"12-14"``, ``"note 1-3"``), or empty. ``page_end`` is set only when a passage runs
onto a later page. ``passage_id`` is ``{doc_id}:{ordinal:04d}-{sha1(text)[:8]}``: re-splitting an
unchanged file gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from assistant.settings import ChunkingSettings
from assistant.types import Block, DocumentRecord, ExtractedDocument, Passage
from ingest.loaders.assembly import continues
from ingest.tokens import TokenCounter

_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"”’)\]]*(?:\[\d{1,3}\])?\s+(?=[\"“‘(\[]?[A-Z0-9])"  # after . ! ? before a capital
    r"|\n\s*\n"  # between blocks
    r"|(?<=;)\s+(?=\([a-z0-9]{1,4}\)\s)"  # before an inline list item "(b) ..."
)
_CLAUSE_END = re.compile(r"(?<=[,;:—–])\s+")
_WORD_END = re.compile(r"\s+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr no nos para paras art arts sect ch vol pp p op cit al st jr gen lt col maj capt prof "
    "vs cf fig add rev corr inc ltd co approx incl dept ibid".split()
)


@dataclass
class _Piece:
    """A span of ``doc.text`` that becomes (part of) one passage."""

    start: int
    end: int
    first: int  # index of its first block (a prefixed heading counts)
    last: int
    page: int | None
    page_end: int | None
    section: tuple[str, ...]
    footnote: bool
    tokens: int = 0
    labels: list[str] = field(default_factory=list)


def split_document(
    doc: ExtractedDocument, record: DocumentRecord, counter: TokenCounter, settings: ChunkingSettings
) -> list[Passage]:
    """Cut ``doc`` into passages (see the module docstring) that carry ``record``'s metadata."""
    units = _units(doc)
    for unit, tokens in zip(units, counter.count_batch([doc.text[u.start : u.end] for u in units])):
        unit.tokens = tokens
    pieces = _merge_small(doc, _pack(doc, units, counter, settings), counter, settings)
    return [_passage(doc, record, n, piece) for n, piece in enumerate(pieces)]


def _units(doc: ExtractedDocument) -> list[_Piece]:
    units: list[_Piece] = []
    headings: list[int] = []
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            headings.append(i)
            continue
        if units and units[-1].last == i - 1 and continues(doc, blocks[i - 1], block):
            units[-1].end, units[-1].last, units[-1].page_end = block.end, i, block.page
            continue
        first = i
        while headings and headings[-1] == first - 1 and _prefixes(blocks[headings[-1]], block):
            first = headings.pop()
        headings.clear()
        units.append(_Piece(blocks[first].start, block.end, first, i, block.page, block.page, block.section,
                            block.kind == "footnote", labels=[block.paragraph]))
    return units


def _prefixes(heading: Block, block: Block) -> bool:
    return block.kind != "footnote" and heading.page == block.page and block.section[: len(heading.section)] == heading.section


def _pack(doc: ExtractedDocument, units: list[_Piece], counter: TokenCounter, settings: ChunkingSettings) -> list[_Piece]:
    pieces: list[_Piece] = []
    for unit in units:
        if unit.tokens > settings.max_tokens:
            pieces.extend(_split(doc, unit, counter, settings))
        elif pieces and _joinable(pieces[-1], unit) and pieces[-1].tokens + unit.tokens <= settings.max_tokens:
            _absorb(pieces[-1], unit, pieces[-1].tokens + unit.tokens)
        else:
            pieces.append(replace(unit, labels=list(unit.labels)))
    return pieces


def _joinable(left: _Piece, right: _Piece) -> bool:
    """Whether two pieces, ``left`` first, may share a passage (same section, page and stream).

    Only a paragraph that runs over a page break takes a passage onto the next page, so nothing
    joins a piece that already spans pages.
    """
    return (
        right.first <= left.last + 1
        and right.section == left.section
        and right.footnote == left.footnote
        and right.page == left.page_end == left.page
    )


def _absorb(left: _Piece, right: _Piece, tokens: int) -> None:
    left.end, left.last, left.page_end, left.tokens = right.end, right.last, right.page_end, tokens
    left.labels.extend(right.labels)


def _merge_small(doc: ExtractedDocument, pieces: list[_Piece], counter: TokenCounter, settings: ChunkingSettings) -> list[_Piece]:
    """Merge each piece under ``min_tokens`` into its previous, else its next, neighbour where allowed."""
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.tokens < settings.min_tokens:
            if out and _joinable(out[-1], piece) and _fits(doc, out[-1], piece, counter, settings):
                _absorb(out[-1], piece, counter.count(doc.text[out[-1].start : piece.end]))
                i += 1
                continue
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if nxt is not None and _joinable(piece, nxt) and _fits(doc, piece, nxt, counter, settings):
                merged = replace(piece, labels=list(piece.labels))
                _absorb(merged, nxt, counter.count(doc.text[piece.start : nxt.end]))
                out.append(merged)
                i += 2
                continue
        out.append(piece)
        i += 1
    return out


def _fits(doc: ExtractedDocument, left: _Piece, right: _Piece, counter: TokenCounter, settings: ChunkingSettings) -> bool:
    return left.tokens + right.tokens <= settings.max_tokens or counter.count(doc.text[left.start : right.end]) <= settings.max_tokens


def _split(doc: ExtractedDocument, unit: _Piece, counter: TokenCounter, settings: ChunkingSettings) -> list[_Piece]:
    """Windows of whole sentences (or smaller atoms) under ``max_tokens``, with sentence overlap."""
    blocks = doc.blocks[unit.first : unit.last + 1]
    body = next(b.start for b in blocks if b.kind != "heading")
    atoms = _atoms(doc.text, body, unit.end, counter, settings.max_tokens)
    if body > unit.start:  # the headings lead into the first sentence, or are left out if both do not fit
        lead = counter.count(doc.text[unit.start : body])
        if lead + atoms[0][2] <= settings.max_tokens:
            atoms[0] = (unit.start, atoms[0][1], lead + atoms[0][2])
    sizes = [n for _, _, n in atoms]
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(atoms):
        j, total = i, sizes[i]
        while j + 1 < len(atoms) and total + sizes[j + 1] <= settings.max_tokens:
            j += 1
            total += sizes[j]
        while j > i and counter.count(doc.text[atoms[i][0] : atoms[j][1]]) > settings.max_tokens:
            j -= 1  # word pieces of a joined span can outnumber those of its parts (cut words)
        windows.append((i, j))
        if j + 1 >= len(atoms):
            break
        nxt = max(i + 1, j + 1 - settings.overlap_sentences)
        while nxt <= j and sum(sizes[nxt : j + 2]) > settings.max_tokens:
            nxt += 1  # less overlap, so that the next window can take at least one new atom
        i = nxt
    pieces = []
    for a, b in windows:
        start, end = atoms[a][0], atoms[b][1]
        inside = [blk for blk in blocks if blk.end > start and blk.start < end and blk.kind != "heading"]
        tokens = counter.count(doc.text[start:end])
        pieces.append(_Piece(start, end, unit.first, unit.last, inside[0].page, inside[-1].page, unit.section,
                             unit.footnote, tokens, [blk.paragraph for blk in inside]))
    return pieces


def _atoms(text: str, start: int, end: int, counter: TokenCounter, limit: int) -> list[tuple[int, int, int]]:
    """(start, end, tokens) of the sentences in ``text[start:end]``; too-long ones cut into clauses,
    then words, then (a "word" longer than the window, such as a long URL) runs of characters."""
    atoms: list[tuple[int, int, int]] = []
    levels = (_sentences, _clauses, _words)

    def cut(a: int, b: int, level: int) -> None:
        spans = levels[level](text, a, b)
        for (s, e), n in zip(spans, counter.count_batch([text[s:e] for s, e in spans])):
            if n <= limit:
                atoms.append((s, e, n))
            elif level + 1 < len(levels):
                cut(s, e, level + 1)
            else:  # no word piece is shorter than one character
                for k in range(s, e, limit):
                    atoms.append((k, min(k + limit, e), counter.count(text[k : min(k + limit, e)])))

    cut(start, end, 0)
    return atoms


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group(0).strip() or "\n" in match.group(0) or not _after_abbreviation(text, match.start()):
            spans.append((cursor, match.start()))
            cursor = match.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _after_abbreviation(text: str, pos: int) -> bool:
    word = re.search(r"(\w+)\.[\"”’)\]]*$", text[max(0, pos - 12) : pos])
    return bool(word and (len(word.group(1)) == 1 or word.group(1).lower() in _ABBREVIATIONS))


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _spans(_CLAUSE_END, text, start, end)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _spans(_WORD_END, text, start, end)


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in pattern.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in spans if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _passage(doc: ExtractedDocument, record: DocumentRecord, ordinal: int, piece: _Piece) -> Passage:
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
    )


def _label(labels: list[str]) -> str:
    """``["7"]`` -> ``"7"``; ``["12", "13", "14"]`` -> ``"12-14"``; ``["note 1", "note 3"]`` -> ``"note 1-3"``."""
    distinct = list(dict.fromkeys(x for x in labels if x))
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    first, last = distinct[0], distinct[-1]
    head = re.match(r"(.*?)(\w+)$", first)
    tail = re.match(r"(.*?)(\w+)$", last)
    if head and tail and head.group(1) == tail.group(1):
        return f"{first}-{tail.group(2)}"
    return f"{first}-{last}"
