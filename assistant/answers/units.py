"""Answer units: the spans of a passage an answer may quote, and the text it must never quote.

A passage is read as blocks (separated by blank lines or list-item line starts). Headings,
bylines, running heads and table debris are dropped; prose blocks give sentences; a sentence that
introduces a list (it ends with ":" or announces "the following" / "three ...") is joined with the
items that follow it; a numbered or lettered item, and a treaty article's numbered paragraph, is
one unit, quoted whole and labelled ("Art. 79(1)", "(b)"). Every unit is an offset span of the
passage text, so the answer quotes its source exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.text import split_sentences

UnitKind = Literal["sentence", "list", "item"]

_BLOCK_BREAK = re.compile(
    r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*•▪◦‣]|\(?[a-z]\)|\(?\d{1,3}[.)]|\([ivx]{1,5}\))[ \t])"
)
_ITEM = re.compile(
    r"^[ \t]*(?:[-*•▪◦‣][ \t]+)?(?P<enum>\((?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})\)|(?:\d{1,3}|[a-z])[.)])?[ \t]*",
    re.I,
)
_LIST_MARK = re.compile(
    r"^[ \t]*(?:[-*•▪◦‣][ \t]+|\((?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})\)[ \t]|(?:\d{1,3}|[a-z])[.)][ \t])",
    re.I,
)
_HEADING_START = re.compile(
    r"^(?:#{1,6}\s|(?:PART|SECTION|CHAPTER|Chapter|Section|Part|Article|Annex|ANNEX|Appendix|Preamble|PREAMBLE)\b"
    r"|[IVXLC]{1,6}\.\s|[A-H]\.\s)"
)
_TERMINAL = re.compile(r"[.!?;:…]['\"”’)\]]*$")
_ANNOUNCES = re.compile(
    r"(?:\bthe following\b|\bas follows\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?:main\s+|key\s+|broad\s+|distinct\s+)?[a-z-]+s\b[^.]*$)",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|authors?:|written by)\s+[A-Z]", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
_MIN_WORDS = 5
_MAX_LIST_WORDS = 220  # an intro and its items are quoted together up to this size
_MAX_ITEM_WORDS = 160  # a longer article paragraph is quoted sentence by sentence


@dataclass(frozen=True)
class Unit:
    """One quotable span of a passage: ``text[start:end]``."""

    start: int
    end: int
    kind: UnitKind
    label: str = ""  # "Art. 79(1)", "(b)", "para. 12"
    block: int = 0  # index of the block it starts in (units of one block may join)


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    enum: str  # the item's enumerator ("1.", "(a)", "-"), "" for prose
    kind: Literal["prose", "item", "heading", "debris"]


def answer_units(text: str, *, paragraph: str = "", treaty: bool = False) -> list[Unit]:
    """The quotable units of a passage text, in document order.

    ``paragraph`` is the passage's own number ("12", "Art. 79"), used to label items;
    ``treaty`` quotes numbered article paragraphs whole.
    """
    blocks = _blocks(text)
    units: list[Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind in ("heading", "debris"):
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
        sentences = _sentences(text, block)
        for n, (s, e) in enumerate(sentences):
            last = n == len(sentences) - 1
            if _is_table_text(text[s:e]):
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
                if items:
                    continue  # too long to quote whole: the items stand alone
                continue  # an introduction whose items are not in this passage is a fragment
            if _quotable(text[s:e]):
                units.append(Unit(s, e, "sentence", _label(paragraph, block.enum), i))
        i += 1
    return units


def is_heading_like(span: str) -> bool:
    """Whether a span reads as a heading, title or running head rather than a statement."""
    line = span.strip()
    words = line.split()
    if not words:
        return True
    if _HEADING_START.match(line) and not _TERMINAL.search(line):
        return True
    if not _TERMINAL.search(line) and len(words) <= 14:
        return True
    letters = _LETTERS.findall(line)
    return (
        bool(letters)
        and sum(c.isupper() for c in letters) / len(letters) > 0.6
        and len(words) <= 20
    )


def _blocks(text: str) -> list[_Block]:
    out: list[_Block] = []
    pos = 0
    for brk in [*_BLOCK_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        s, e = _trim(text, pos, end)
        if s < e:
            out.append(_classify(text, s, e))
        pos = brk.end() if brk else len(text)
    return out


def _classify(text: str, start: int, end: int) -> _Block:
    body = text[start:end]
    mark = _LIST_MARK.match(body)
    enum = ""
    if mark:
        m = _ITEM.match(body)
        enum = (m.group("enum") or mark.group().strip()) if m else mark.group().strip()
    if _is_debris(body):
        return _Block(start, end, enum, "debris")
    if mark:
        content = body[mark.end() :]
        heading = bool(_HEADING_START.match(content)) and not _TERMINAL.search(content)
        return _Block(start, end, enum, "heading" if heading else "item")
    if is_heading_like(body) or _BYLINE.match(body):
        return _Block(start, end, "", "heading")
    return _Block(start, end, "", "prose")


def _is_debris(body: str) -> bool:
    """Table rows and number columns: mostly digits and symbols, few words."""
    tokens = body.split()
    if len(tokens) < 4:
        return False
    wordy = sum(1 for t in tokens if len(_LETTERS.findall(t)) >= 3)
    numeric = sum(1 for t in tokens if any(c.isdigit() for c in t))
    return wordy / len(tokens) < 0.4 and numeric / len(tokens) >= 0.3


_SUBNUMBER = re.compile(
    r"(?<![\w.$])\d{1,2}\.\d{1,2}(?![\w.%])(?!\s*(?:per\s?cent|million|billion|per\s+\d))"
)  # "7.1", not "58.1 per cent"
# "6.2 Proportion of ...": a benchmark table's indicator row, opening the text or inside it ("...
# to provide security 6.1 Proportion of the population ...", "Trend 9.2 Number of ...").
_INDICATOR = re.compile(r"(?:^|(?<=[\w),;])\s)\s*\d{1,2}\.\d{1,2}\s+[A-Z][a-z]")
_CAPITAL_RUN = re.compile(r"(?:\b[A-Z][a-z]+\b[ \t]+){5,}")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_HEADER_LOWER_SHARE = 0.3


def _is_table_text(sentence: str) -> bool:
    """Text a PDF table flattened into a "sentence": indicator numbers ("7.1 ... 7.2", or one
    opening it: "6.2 Proportion of ...") or a row of column headers ("Benchmark Indicator Target
    timeline Target Update")."""
    return (
        len(_SUBNUMBER.findall(sentence)) >= 2
        or bool(_INDICATOR.search(sentence))
        or _is_header_row(sentence)
    )


def _is_header_row(sentence: str) -> bool:
    """Column headers and rows run together ("Country Women Men Bangladesh 1 Benin 3 ..."): five
    capitalised words in a row, in text where lower-case words are rare. An official name in a
    sentence ("... established the United Nations Interim Administration Mission in Kosovo (UNMIK)
    and requested me to report ...") is prose."""
    if not _CAPITAL_RUN.search(sentence[1:]):
        return False
    words = sentence.split()
    return len(_LOWER_WORD.findall(sentence)) < _HEADER_LOWER_SHARE * len(words)


def _sentences(text: str, block: _Block) -> list[tuple[int, int]]:
    return [
        (block.start + s, block.start + e)
        for s, e in split_sentences(text[block.start : block.end])
    ]


# Sentences about the document as an object, not what it says: a cover note ("Attached is an
# advance copy of the Report ...", "This report will be issued as a document of the Security
# Council under the symbol ..."), its credits and disclaimer ("This summary was written by ...",
# "It is not necessarily reflective of the views of the hosts": who wrote it is the catalogue's
# answer, with its source) and a report's title standing as a line ("Report of the European
# Union High Representative ... on the activities of ... from 16 July to 15 October 2018.").
_COVER_NOTE = re.compile(
    r"^(?:Attached is an advance copy\b|This report will be issued as a document\b"
    r"|This (?:summary|note|report|paper|brief|document|publication) (?:was|has been) (?:written|prepared|produced|drafted|authored|compiled) by\b"
    r"|(?:It|This \w+) (?:is|does) not necessarily (?:reflect|represent))",  # the credits and the disclaimer
    re.I,
)
_TITLE_LINE = re.compile(r"^(?:Annex\s+\w+\s+)?Report of the\b")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|shall|would|can|could|may|must|should|did|does)\b"
)


def _about_the_document(sentence: str) -> bool:
    s = sentence.strip()
    return bool(_COVER_NOTE.match(s) or (_TITLE_LINE.match(s) and not _FINITE.search(s)))


def _quotable(sentence: str) -> bool:
    words = sentence.split()
    if (
        len(words) < _MIN_WORDS
        or is_heading_like(sentence)
        or _is_table_text(sentence)
        or _about_the_document(sentence)
    ):
        return False
    # A piece that starts in lower case (a passage opening mid-sentence, a bullet continuing the
    # sentence that introduced its list, even when the passage holds the bullet alone) does not
    # stand alone as an answer sentence.
    body = sentence[m.end() :] if (m := _LIST_MARK.match(sentence)) else sentence
    return not body.lstrip().lstrip("\"'“‘(")[:1].islower()


def _introduces(sentence: str) -> bool:
    s = sentence.rstrip()
    return s.endswith(":") or bool(_ANNOUNCES.search(s.rstrip(":.")) and s.endswith(":"))


def continues_list(before: str, after: str) -> bool:
    """Whether the items that open ``after`` carry on the list that ends ``before``: ``before``
    ends with an introduction (":") and ``after`` opens with a first item ("(a)", "(i)", "1.", a
    bullet), or both are bullets, or the first enumerator follows the last ("(ii)" -> "(iii)",
    "(c)" -> "(d)"); "(b)" of the next paragraph does not carry on a list of "(i)", "(ii)"."""
    last, first = _blocks(before), _blocks(after)
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
    items, _ = _following_items(_blocks(text), 0)
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


def _following_items(blocks: list[_Block], j: int) -> tuple[list[_Block], int]:
    items = []
    while j < len(blocks) and blocks[j].kind == "item":
        items.append(blocks[j])
        j += 1
    return items, j


def _item_units(text: str, block: _Block, index: int, paragraph: str) -> list[Unit]:
    label = _label(paragraph, block.enum)
    if _words(text[block.start : block.end]) <= _MAX_ITEM_WORDS:
        content = text[block.start : block.end]
        return (
            [Unit(block.start, block.end, "item", label, index)]
            if _words(content) >= _MIN_WORDS
            else []
        )
    return [
        Unit(s, e, "sentence", label, index)
        for s, e in _sentences(text, block)
        if _quotable(text[s:e])
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
