"""Lines of PDF pages: running headers and footers, footnotes, and words the extractor broke.

UN documents carry running lines that are not content: the symbol (``S/2019/805``), the job
number and page (``3/33 19-16958``, ``19-16958 (E) 111019``), the barcode (``*1916958*``), bare
page numbers, ``English`` / ``Page 2`` on older documents, and their ``/...`` continuation marks.
This module recognises them at the top and bottom of each page, splits off the footnotes under a
page's ``____`` rule (or, without a rule, its trailing small-print lines that open with a marker)
and repairs words using the document's own vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.symbols import MONTHS, SYMBOL

_RUNNING = [
    re.compile(rf"(?:{SYMBOL}\s*\*?\s*)+"),  # symbol(s) alone
    re.compile(rf"United Nations\s+{SYMBOL}.*"),
    re.compile(r"\d{2}-\d{5}.*"),  # job number, with date or page
    re.compile(r"\d{1,3}(?:/\d{1,3})?\s+\d{2}-\d{5}\*?"),
    re.compile(r"\*\d{5,}\*"),  # barcode
    re.compile(r"[-–(]?\s*\d{1,3}\s*[-–)]?"),  # page number
    re.compile(r"(?:Page|page)\s+\d{1,3}(?:\s+of\s+\d{1,3})?"),
    re.compile(r"[ASE]/[\w/.]+\s+Pa[gq]e\s+\d{1,3}"),  # "S/21274/Add.l Paqe 3" (OCR)
    re.compile(r"English|French|Spanish|Russian|Arabic|Chinese"),
    re.compile(r"[/Il|!1]?\s*(?:[.•·…]\s*){2,}[/Il|!1]?"),  # continuation marks "/...", "I• • •"
]
_FRONT_MATTER = [
    re.compile(r"(?:UNITED|NATIONS|United|Nations|S|\s)+|GENERAL|LIMITED|RESTRICTED|.{0,2}"),
    re.compile(
        r"(?:Security Council|General Assembly|Economic and Social Council)(?:\s+Distr\.?.*)?", re.I
    ),
    re.compile(r"Distr\.?\s*:?.*|ORIGINAL\s*:.*|Original\s*:.*", re.I),
    re.compile(rf"(?:\d{{1,2}} (?:{MONTHS}),? \d{{4}}|(?:{MONTHS}) \d{{1,2}},? \d{{4}})"),
]
_RULE = re.compile(r"_{5,}")
_NOTE_START = re.compile(r"^\s*(\d{1,3}|[a-z]|\*{1,3})\s+(\S.*)$")
_PAIR = re.compile(r"(?<![\w-])([^\W\d_]+) (?=([^\W\d_]+)(?![\w-]))")
_EDGE = 4  # lines at the top and at the bottom of a page where running lines are looked for


@dataclass
class Line:
    text: str
    size: float = 0.0  # largest glyph size on the line; 0 when unknown


@dataclass
class Page:
    number: int
    lines: list[Line]
    notes: list[Line] = field(default_factory=list)
    raw: str = ""


def is_running(text: str) -> bool:
    """Whether a line is a running header or footer (symbol, job number, page number, ...)."""
    text = text.strip()
    if any(p.fullmatch(text) for p in _RUNNING):
        return True
    marks = sum(c in "1Il|!" for c in text if not c.isspace())
    return len(text) >= 10 and marks >= 0.6 * len(text.replace(" ", ""))  # OCR'd barcode


def is_front_matter(text: str) -> bool:
    """Whether a first-page line is masthead matter (distribution, original language, date)."""
    return any(p.fullmatch(text.strip()) for p in _FRONT_MATTER)


def strip_running_lines(pages: list[Page]) -> None:
    """Drop running lines near each page's edges, and lines repeated at the edges of most pages."""
    edges = Counter()
    for page in pages:
        for i in _edge_indexes(page.lines):
            edges[_shape(page.lines[i].text)] += 1
    repeated = {
        k
        for k, n in edges.items()
        if len(pages) >= 3 and n >= max(3, 0.4 * len(pages)) and len(k) < 80
    }
    for page in pages:
        drop = {
            i
            for i in _edge_indexes(page.lines)
            if is_running(page.lines[i].text) or _shape(page.lines[i].text) in repeated
        }
        if page.number == 1:
            drop |= {
                i
                for i, ln in enumerate(page.lines[:20])
                if ln.text.strip() and (is_front_matter(ln.text) or is_running(ln.text))
            }
        page.lines = [ln for i, ln in enumerate(page.lines) if i not in drop]


def split_footnotes(page: Page, body_size: float) -> None:
    """Move the page's footnotes from ``lines`` to ``notes``."""
    lines = page.lines
    for i, ln in enumerate(lines):
        if _RULE.fullmatch(ln.text.strip()):
            page.lines, page.notes = lines[:i], [n for n in lines[i + 1 :] if n.text.strip()]
            return
    if body_size <= 0:
        return
    start = len(lines)
    while start > 0 and (
        not lines[start - 1].text.strip() or 0 < lines[start - 1].size <= 0.9 * body_size
    ):
        start -= 1
    while start < len(lines) and not _is_note_start(lines[start].text):
        start += 1
    if start < len(lines):
        page.lines, page.notes = lines[:start], [n for n in lines[start:] if n.text.strip()]


def group_notes(notes: list[Line]) -> list[tuple[str, list[str]]]:
    """Footnote lines -> (marker, lines) per footnote; a first note without marker gets ''."""
    grouped: list[tuple[str, list[str]]] = []
    for ln in notes:
        match = _NOTE_START.match(ln.text)
        if match or not grouped:
            grouped.append(
                (match.group(1) if match else "", [match.group(2) if match else ln.text])
            )
        else:
            grouped[-1][1].append(ln.text)
    return grouped


@dataclass
class Vocabulary:
    """Word counts of one document, for decisions about hyphens and broken words."""

    words: Counter = field(default_factory=Counter)
    compounds: Counter = field(default_factory=Counter)
    in_splits: Counter = field(
        default_factory=Counter
    )  # times a word sits next to a piece it forms a word with

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        vocab = cls()
        vocab.words.update(w.lower() for w in re.findall(r"[^\W\d_]+", text))
        vocab.compounds.update(w.lower() for w in re.findall(r"[^\W\d_]+-[^\W\d_]+", text))
        pairs = Counter(
            (a.lower(), b.lower())
            for a, b in re.findall(r"(?<![\w-])([^\W\d_]+)\s+(?=([^\W\d_]+)(?![\w-]))", text)
        )
        for (a, b), n in pairs.items():
            if vocab.words[a + b]:
                vocab.in_splits[a] += n
                vocab.in_splits[b] += n
        return vocab

    def drops_hyphen(self, head: str, tail: str) -> bool:
        """Whether ``head-`` at a line end and ``tail`` on the next line form one unhyphenated word."""
        joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        return tail[:1].islower() and self.words[joined] > self.compounds[compound]

    def repair(self, text: str) -> str:
        """Rejoin words the extractor split with a space (``countr y``, ``po litical``)."""
        out, last, joined_upto = [], 0, -1
        for match in _PAIR.finditer(text):
            a, b = match.group(1).lower(), match.group(2).lower()
            # a piece that never stands alone elsewhere in the document is half of a word
            broken = self.words[a] <= self.in_splits[a] or self.words[b] <= self.in_splits[b]
            if self.words[a + b] and broken and match.start() > joined_upto:
                out.append(text[last : match.end(1)])
                last = match.end()
                joined_upto = match.end() + len(b)  # "a b c": once "ab" is made, leave "c" alone
        return "".join(out) + text[last:]


def join_lines(lines: list[str], vocab: Vocabulary) -> tuple[str, list[int]]:
    """Lines -> one paragraph; also where each line starts in it (for splitting at page breaks)."""
    out = ""
    starts: list[int] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            starts.append(len(out))
            continue
        if not out:
            pass
        elif out.endswith(" -"):  # "gender -" + "based": the extractor's stray space
            out = out[:-2] + "-"
        elif (
            out.endswith("-")
            and not out.endswith("--")
            and (head := re.search(r"([^\W\d_]+)-$", out))
        ):
            tail = re.match(r"[^\W\d_]*", line).group(0)  # type: ignore[union-attr]
            if vocab.drops_hyphen(head.group(1), tail):
                out = out[:-1]
        else:
            out += " "
        starts.append(len(out))
        out += line
    return out, starts


def clean_inline(text: str, vocab: Vocabulary) -> str:
    """Repairs inside a paragraph: ``whistle -blowers`` and words split by a stray space."""
    text = re.sub(r"(?<=[^\W\d_]) -(?=[^\W\d_])", "-", text)
    return vocab.repair(text)


def _is_note_start(text: str) -> bool:
    match = _NOTE_START.match(text)
    return bool(match and re.search(r"[^\W\d_]{3}", match.group(2)))


def _edge_indexes(lines: list[Line]) -> list[int]:
    filled = [i for i, ln in enumerate(lines) if ln.text.strip()]
    return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))
