"""Answer units: the spans of a passage an answer may quote, and the text it must never quote.

A passage is read as blocks (separated by blank lines or list-item line starts; see
:mod:`assistant.answers.blocks`). A table row is one unit, however short; headings, bylines,
running heads and table debris are dropped; prose blocks give sentences; a sentence that
introduces a list (it ends with ":" or announces "the following" / "three ...") is joined with
the items that follow it; a numbered or lettered item, and a treaty article's numbered
paragraph, is one unit, quoted whole and labelled ("Art. 79(1)", "(b)"). Every unit is an
offset span of the passage text, so the answer quotes its source exactly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from assistant.answers.blocks import (
    MIN_WORDS,
    Block,
    blocks_of,
    is_table_text,
    quotable,
    sentences_of,
)
from assistant.text import display_text
from assistant.types import Passage

UnitKind = Literal["sentence", "list", "item"]

_ANNOUNCES = re.compile(
    r"(?:\bthe following\b|\bas follows\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?:main\s+|key\s+|broad\s+|distinct\s+)?[a-z-]+s\b[^.]*$)",
    re.I,
)
# The clause that announces a list, after a comma: ", which was composed as follows:".
_ANNOUNCING_CLAUSE = re.compile(
    r",\s+(?:which|who|whose|as|and)\b[^,:;]*?\b(?:as follows|the following)\b[^,;]*:\s*$", re.I
)
_MIN_STATEMENT_WORDS = 8
_MAX_LIST_WORDS = 220  # an intro and its items are quoted together up to this size
_MAX_ITEM_WORDS = 160  # a longer article paragraph is quoted sentence by sentence
UNIT_WORDS = 40  # the encoder reads a unit's first words: enough for its topic, and cheap


@dataclass(frozen=True)
class Unit:
    """One quotable span of a passage: ``text[start:end]``."""

    start: int
    end: int
    kind: UnitKind
    label: str = ""  # "Art. 79(1)", "(b)", "para. 12"
    block: int = 0  # index of the block it starts in (units of one block may join)


def answer_units(text: str, *, paragraph: str = "", treaty: bool = False) -> list[Unit]:
    """The quotable units of a passage text, in document order.

    ``paragraph`` is the passage's own number ("12", "Art. 79"), used to label items;
    ``treaty`` quotes numbered article paragraphs whole.
    """
    blocks = blocks_of(text)
    units: list[Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind in ("heading", "debris"):
            i += 1
            continue
        if block.kind == "row":  # a table row, whole
            units.append(Unit(block.start, block.end, "sentence", _label(paragraph, ""), i))
            i += 1
            continue
        if block.kind == "item" and (treaty or _is_lettered(block.enum)):
            items, j = (
                _following_items(blocks, i + 1)
                if _introduces(text[block.start : block.end])
                else ([], i + 1)
            )
            if items and _words(text[block.start : items[-1].end]) <= _MAX_LIST_WORDS:
                units.append(
                    Unit(block.start, items[-1].end, "list", _label(paragraph, block.enum), i)
                )
                i = j
                continue
            units.extend(_item_units(text, block, i, paragraph))
            i += 1
            continue
        sentences = sentences_of(text, block)
        for n, (s, e) in enumerate(sentences):
            last = n == len(sentences) - 1
            if is_table_text(text[s:e]):
                if last and _introduces(
                    text[s:e]
                ):  # a benchmark table's row ending in a colon: its items are cells too
                    _, j = _following_items(blocks, i + 1)
                    i = j - 1
                continue
            if last and _introduces(text[s:e]):
                items, j = _following_items(blocks, i + 1)
                if items and _words(text[s : items[-1].end]) <= _MAX_LIST_WORDS:
                    units.append(Unit(s, items[-1].end, "list", _label(paragraph, ""), i))
                    i = j - 1
                    break
                if statement := _stated_before_list(text, s, e):
                    # "Susan E. Rice ... led the mission, which was composed as follows:": what
                    # it states before announcing the list is a sentence of its own
                    units.append(Unit(s, statement, "sentence", _label(paragraph, block.enum), i))
                continue  # the items stand alone, or are not in this passage
            if quotable(text[s:e]):
                units.append(Unit(s, e, "sentence", _label(paragraph, block.enum), i))
        i += 1
    return units


@functools.lru_cache(maxsize=4096)
def units_of(passage: Passage) -> tuple[Unit, ...]:
    """A passage's answer units, cut once: scoring, span extension and ingest read the same ones,
    and a passage that answers one question often answers the next (passages are immutable)."""
    return tuple(
        answer_units(passage.text, paragraph=passage.paragraph, treaty=passage.doc_type == "treaty")
    )


def encoded_text(passage: Passage, unit: Unit) -> str:
    """What the encoder reads of a unit, at ingest and (for an older index) when answering: its
    first ``UNIT_WORDS`` words as displayed."""
    return " ".join(display_text(passage.text[unit.start : unit.end]).split()[:UNIT_WORDS])


def _stated_before_list(text: str, start: int, end: int) -> int:
    """Where the statement of an introduction whose list is not quoted with it ends: before its
    announcing clause, when what comes before holds ``_MIN_STATEMENT_WORDS`` words; 0 otherwise."""
    m = _ANNOUNCING_CLAUSE.search(text, start, end)
    if m is None or len(text[start : m.start()].split()) < _MIN_STATEMENT_WORDS:
        return 0
    return m.start()


def _introduces(sentence: str) -> bool:
    s = sentence.rstrip()
    return s.endswith(":") or bool(_ANNOUNCES.search(s.rstrip(":.")) and s.endswith(":"))


def continues_list(before: str, after: str) -> bool:
    """Whether the items that open ``after`` carry on the list that ends ``before``: ``before``
    ends with an introduction (":") and ``after`` opens with a first item ("(a)", "(i)", "1.", a
    bullet), or both are bullets, or the first enumerator follows the last ("(ii)" -> "(iii)",
    "(c)" -> "(d)"); "(b)" of the next paragraph does not carry on a list of "(i)", "(ii)"."""
    last, first = blocks_of(before), blocks_of(after)
    if not last or not first or first[0].kind != "item":
        return False
    b = first[0].enum
    if before.rstrip().endswith(":"):
        return not any(ch.isalnum() for ch in b) or b.strip("().").casefold() in ("a", "i", "1")
    if last[-1].kind != "item":
        return False
    a = last[-1].enum
    if not any(ch.isalnum() for ch in a + b):  # bullets ("-", "•")
        return a == b
    return b.strip("().").casefold() in _successors(a.strip("().").casefold()) and _shape(
        a
    ) == _shape(b)


def _shape(enum: str) -> str:
    return re.sub(r"[^().]", "", enum)  # "(a)" -> "()", "3." -> "."


_ROMAN = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
]


def _successors(core: str) -> set[str]:
    out = set()
    if core.isdigit():
        out.add(str(int(core) + 1))
    if len(core) == 1 and core.isalpha() and core != "z":
        out.add(chr(ord(core) + 1))
    if core in _ROMAN[:-1]:
        out.add(_ROMAN[_ROMAN.index(core) + 1])
    return out


def leading_items(text: str) -> list[Unit]:
    """The list items a passage text opens with, each an "item" unit, as far as they keep the
    first one's kind of enumerator ("(c)" then "3." is the list's end and the article's next
    paragraph): the rest of a list the chunker cut at the end of the passage before. Alone they
    may read as fragments ("an increasingly influential China ..."); they are quoted only as that
    list's continuation."""
    items, _ = _following_items(blocks_of(text), 0)
    kind = _enum_kind(items[0].enum) if items else ""
    kept = []
    for b in items:
        if _enum_kind(b.enum) != kind:
            break
        kept.append(b)
    return [Unit(b.start, b.end, "item", "", k) for k, b in enumerate(kept)]


def _enum_kind(enum: str) -> str:
    """ "bullet", "roman", "letter" or "number", with the enumerator's brackets: "(a)" and "a)"
    are two kinds of list. "(i)" counts as roman (UN texts letter with "(a)" to "(h)")."""
    core = enum.strip("().").casefold()
    if not any(ch.isalnum() for ch in enum):
        kind = "bullet"
    elif core.isdigit():
        kind = "number"
    elif core in _ROMAN:
        kind = "roman"
    else:
        kind = "letter"
    return kind + _shape(enum)


def _following_items(blocks: list[Block], j: int) -> tuple[list[Block], int]:
    items = []
    while j < len(blocks) and blocks[j].kind == "item":
        items.append(blocks[j])
        j += 1
    return items, j


def _item_units(text: str, block: Block, index: int, paragraph: str) -> list[Unit]:
    label = _label(paragraph, block.enum)
    if _words(text[block.start : block.end]) <= _MAX_ITEM_WORDS:
        content = text[block.start : block.end]
        return (
            [Unit(block.start, block.end, "item", label, index)]
            if _words(content) >= MIN_WORDS
            else []
        )
    return [
        Unit(s, e, "sentence", label, index)
        for s, e in sentences_of(text, block)
        if quotable(text[s:e])
    ]


def _is_lettered(enum: str) -> bool:
    """Lettered or roman items ("(a)", "b)", "(iv)"), which UN texts use for enumerations; plain
    numbers open numbered paragraphs, which read as prose."""
    core = enum.strip("().")
    return bool(core) and core.isalpha()


def _label(paragraph: str, enum: str) -> str:
    number = enum.strip("().")
    if paragraph.startswith("Art."):
        return f"{paragraph}({number})" if number.isdigit() else paragraph
    if paragraph:
        name = (
            paragraph if paragraph.startswith("note") else f"para. {paragraph}"
        )  # "note 6", not "para. note 6"
        return name + (f" ({number})" if number and number.isalpha() else "")
    return f"({number})" if number and number.isalpha() else ""


def _words(text: str) -> int:
    return len(text.split())
