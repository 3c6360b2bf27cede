"""Assembling a loader's output: the extracted text, its blocks and their heading paths.

Every loader builds ``doc.text`` itself, block by block, so that each block's ``text`` is exactly
``doc.text[start:end]``. Blocks are separated by a blank line (``"\\n\\n"``). One exception, which
:mod:`ingest.chunking` relies on: a PDF paragraph that runs over a page break is emitted as one block
per page, and those pieces are joined by ``" "`` or ``""`` (a word hyphenated over the break). So
:func:`continues` tells a continuation piece from a new paragraph by the gap alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.errors import UnreadableDocumentError
from assistant.types import Block, ExtractedDocument

BlockKind = Literal["paragraph", "heading", "list", "footnote", "table"]

PARAGRAPH_GAP = "\n\n"
EMPTY_REASON = (
    "empty document: the file has no text to index; add content or remove the file from the corpus"
)

_SENTENCE_END = re.compile(r"[.!?:;)\]\"”’»]\s*$")


def continues(doc: ExtractedDocument, previous: Block, block: Block) -> bool:
    """Whether ``block`` is the next-page piece of the paragraph ``previous`` began."""
    gap = doc.text[previous.end : block.start]
    return "\n" not in gap and previous.kind == block.kind


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a finished sentence (so what follows starts a new paragraph)."""
    return bool(_SENTENCE_END.search(text))


@dataclass
class HeadingPath:
    """A stack of (rank, title): a heading pops every entry of equal or deeper rank, then goes on top.

    Ranks are small integers, outermost first; each loader decides what a rank means
    (Markdown hash level, PDF roman/letter numbering, treaty PART/SECTION/CHAPTER/Article).
    """

    _stack: list[tuple[int, str]] = field(default_factory=list)

    def push(self, rank: int, title: str) -> tuple[str, ...]:
        while self._stack and self._stack[-1][0] >= rank:
            self._stack.pop()
        self._stack.append((rank, title))
        return self.path

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(title for _, title in self._stack)


@dataclass
class DocumentAssembler:
    """Appends blocks to one growing text and records their offsets."""

    path: str
    _parts: list[str] = field(default_factory=list)
    _length: int = 0
    _blocks: list[Block] = field(default_factory=list)

    def add(
        self,
        text: str,
        *,
        kind: BlockKind = "paragraph",
        section: tuple[str, ...] = (),
        paragraph: str = "",
        page: int | None = None,
        gap: str = PARAGRAPH_GAP,
    ) -> Block | None:
        """Append one block (whitespace-trimmed); returns None for text that is only whitespace."""
        text = text.strip()
        if not text:
            return None
        if self._blocks:
            self._append(gap)
        start = self._length
        self._append(text)
        block = Block(
            text=text,
            start=start,
            end=self._length,
            page=page,
            section=section,
            paragraph=paragraph,
            kind=kind,
        )
        self._blocks.append(block)
        return block

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    def build(
        self,
        *,
        page_count: int | None = None,
        title_hint: str = "",
        symbol_hint: str = "",
        date_hint: str = "",
        empty_reason: str = EMPTY_REASON,
    ) -> ExtractedDocument:
        """The finished document; a document without any block is unreadable (``empty_reason``)."""
        if not self._blocks:
            raise UnreadableDocumentError(self.path, empty_reason)
        return ExtractedDocument(
            path=self.path,
            text="".join(self._parts),
            blocks=tuple(self._blocks),
            page_count=page_count,
            title_hint=" ".join(title_hint.split()),
            symbol_hint=symbol_hint,
            date_hint=date_hint,
        )

    def _append(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)


@dataclass
class _Item:
    text: str
    kind: BlockKind
    paragraph: str
    caption: str = ""  # a table row's caption: the innermost section of its block


@dataclass
class SectionFlow:
    """One section's body and footnotes, for loaders whose footnotes sit in the middle of the text.

    Footnote text that interrupts a paragraph (as in text pulled from a PDF) is moved to the end of
    its section, and the paragraph's two halves are joined: a body item that starts in lower case,
    or follows a footnote, continues the previous body item when that one stopped mid-sentence.
    """

    _body: list[_Item] = field(default_factory=list)
    _notes: list[_Item] = field(default_factory=list)
    _note_since_body: bool = False

    def body(
        self,
        text: str,
        kind: BlockKind = "paragraph",
        paragraph: str = "",
        *,
        joinable: bool = True,
        caption: str = "",
    ) -> None:
        """Add a body item; ``joinable=False`` keeps it apart even when it looks like a
        continuation; ``caption`` (a table row's) is written as its innermost section."""
        text = text.strip()
        if not text:
            return
        if joinable and kind == "paragraph" and self._body and self._continues(text):
            last = self._body[-1]
            last.text = f"{last.text} {text}"
        else:
            self._body.append(_Item(text, kind, paragraph, caption))
        self._note_since_body = False

    def footnote(self, text: str, label: str) -> None:
        if text.strip():
            self._notes.append(_Item(text.strip(), "footnote", f"note {label}" if label else ""))
            self._note_since_body = True

    def flush(self, out: DocumentAssembler, section: tuple[str, ...]) -> None:
        """Write the body, then the footnotes, to ``out`` under ``section``; start afresh."""
        for item in (*self._body, *self._notes):
            where = (*section, item.caption) if item.caption else section
            out.add(item.text, kind=item.kind, section=where, paragraph=item.paragraph)
        self._body.clear()
        self._notes.clear()
        self._note_since_body = False

    @property
    def has_body(self) -> bool:
        return bool(self._body)

    def _continues(self, text: str) -> bool:
        if ends_sentence(self._body[-1].text):
            return False
        first = text[0]
        return first.islower() or self._note_since_body
