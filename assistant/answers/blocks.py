"""Blocks: how a passage text falls into blocks (separated by blank lines or list-item line
starts), what each block is (prose, a list item, a heading, table debris), and which of its
sentences an answer may quote.

Headings, bylines, running heads and table debris are dropped; so are the sentences a PDF table
flattened and those about the document as an object rather than what it says (a cover note, its
credits). :mod:`assistant.answers.units` cuts the answer units from the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answers.persons import without_titled_names
from assistant.answers.phrases import phrase_pattern
from assistant.lexicon import AUXILIARY, BULLET
from assistant.text import split_sentences

_BLOCK_BREAK = re.compile(
    rf"\n[ \t]*\n\s*|\n(?=[ \t]*(?:{BULLET}|\(?[a-z]\)|\(?\d{{1,3}}[.)]|\([ivx]{{1,5}}\))[ \t])"
)
_ITEM = re.compile(
    rf"^[ \t]*(?:{BULLET}[ \t]+)?(?P<enum>\((?:\d{{1,3}}|[a-z]{{1,2}}|[ivx]{{1,5}})\)|(?:\d{{1,3}}|[a-z])[.)])?[ \t]*",
    re.I,
)
_LIST_MARK = re.compile(
    rf"^[ \t]*(?:{BULLET}[ \t]+|\((?:\d{{1,3}}|[a-z]{{1,2}}|[ivx]{{1,5}})\)[ \t]|(?:\d{{1,3}}|[a-z])[.)][ \t])",
    re.I,
)
_HEADING_START = re.compile(
    r"^(?:#{1,6}\s|(?:PART|SECTION|CHAPTER|Chapter|Section|Part|Article|Annex|ANNEX|Appendix|Preamble|PREAMBLE)\b"
    r"|[IVXLC]{1,6}\.\s|[A-H]\.\s)"
)
_TERMINAL = re.compile(r"[.!?;:…]['\"”’)\]]*$")
_BYLINE = re.compile(r"^(?:by|authors?:|written by)\s+[A-Z]", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
MIN_WORDS = 5


@dataclass(frozen=True)
class Block:
    """One block of a passage text, ``text[start:end]``, and what it is."""

    start: int
    end: int
    enum: str  # the item's enumerator ("1.", "(a)", "-"), "" for prose
    kind: Literal["prose", "item", "heading", "debris", "row"]


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


def blocks_of(text: str) -> list[Block]:
    out: list[Block] = []
    pos = 0
    for brk in [*_BLOCK_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        s, e = _trim(text, pos, end)
        if s < e:
            out.append(_classify(text, s, e))
        pos = brk.end() if brk else len(text)
    return out


def is_table_row(text: str) -> bool:
    """A table row as ingest writes it, each cell after its column header ("Country: India;
    United Nations police officers, Men: 13; Formed police units, Men: 439"): a unit of its own,
    however short, since its headers say what its figures are."""
    text = text.strip()
    if not _TABLE_ROW.fullmatch(text) or not any(c.isdigit() for c in text):
        return False
    first, *cells = text.split("; ")
    # every cell after the label under its header, each short: not a sentence that lists
    # ("Four parties won seats in the Parliament: CNRT, 30 seats; Fretilin, 25 seats")
    return len(first.split()) <= _ROW_WORDS and all(
        ": " in cell and len(cell.split(": ", 1)[1].split()) <= _ROW_WORDS for cell in cells
    )


def _classify(text: str, start: int, end: int) -> Block:
    body = text[start:end]
    if is_table_row(body):
        return Block(start, end, "", "row")
    mark = _LIST_MARK.match(body)
    enum = ""
    if mark:
        m = _ITEM.match(body)
        enum = (m.group("enum") or mark.group().strip()) if m else mark.group().strip()
    if _is_debris(body):
        return Block(start, end, enum, "debris")
    if mark:
        content = body[mark.end() :]
        heading = bool(_HEADING_START.match(content)) and not _TERMINAL.search(content)
        return Block(start, end, enum, "heading" if heading else "item")
    if is_heading_like(body) or _BYLINE.match(body):
        return Block(start, end, "", "heading")
    return Block(start, end, "", "prose")


_ROW_WORDS = 12  # words of a row's label, and of each of its cells
_TABLE_ROW = re.compile(r"[^\n;:]{1,120}: [^\n;]{1,80}(?:; [^\n;]{1,160})+")


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


def is_table_text(sentence: str) -> bool:
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
    and requested me to report ...") is prose, as is one that names people by their titles
    ("Lieutenant General José Elito Carvalho Siqueira (Brazil) assumed the function of ...")."""
    sentence = without_titled_names(sentence)
    if not _CAPITAL_RUN.search(sentence[1:]):
        return False
    words = sentence.split()
    return len(_LOWER_WORD.findall(sentence)) < _HEADER_LOWER_SHARE * len(words)


def sentences_of(text: str, block: Block) -> list[tuple[int, int]]:
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
_TITLE_LINE = re.compile(r"^(?:Annex\s+\w+\s+)?Report of the\b")
_FINITE = re.compile(rf"\b{AUXILIARY}\b")


def _about_the_document(sentence: str) -> bool:
    s = sentence.strip()
    cover_note = phrase_pattern("cover_note")  # data/phrases.toml: openers, credits, disclaimer
    return bool(cover_note.match(s) or (_TITLE_LINE.match(s) and not _FINITE.search(s)))


def quotable(sentence: str) -> bool:
    words = sentence.split()
    if (
        len(words) < MIN_WORDS
        or is_heading_like(sentence)
        or is_table_text(sentence)
        or _about_the_document(sentence)
    ):
        return False
    # A piece that starts in lower case (a passage opening mid-sentence, a bullet continuing the
    # sentence that introduced its list, even when the passage holds the bullet alone) does not
    # stand alone as an answer sentence.
    body = sentence[m.end() :] if (m := _LIST_MARK.match(sentence)) else sentence
    return not body.lstrip().lstrip("\"'“‘(")[:1].islower()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
