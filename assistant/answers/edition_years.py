"""Years written against a document's name: the edition the question asks for ("the PoC Week
2023 side event", "the 1949 Fourth Geneva Convention", "the HIPPO report 2015").

Such a year names which document is meant; it is not a year its passages must state. Where the
named document is of that year, the year adds nothing to find (GC IV's articles never say
"1949") and is read as part of the name; where the year is later than the document, the corpus
holds an earlier edition and says so (:func:`assistant.answers.holdings.unheld_edition`). A year
before the document is its subject ("the 1994 genocide" in a 1999 inquiry), never an edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.lexicon import alternation
from assistant.names import covers
from assistant.text import stopwords

# Words that may stand between a document's name and its year ("PoC Week 2023 side event"): the
# document's own name words (no stopword, no punctuation), at most this many.
_GAP = 3
_TOKEN = re.compile(r"[\w-]+|[^\w\s]")
_YEAR = re.compile(r"\d{4}")
_JOINERS = frozenset({"of", "from"})  # "GC IV of 1949"
_BEFORE = re.compile(rf"(?:\s+{alternation(_JOINERS)}\s+|\s+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Edition:
    """A year written against a named document: which, what year, and where."""

    anchor: Anchor
    entries: tuple[CatalogueEntry, ...]
    year: str
    span: tuple[int, int]  # the year's place in the question

    @property
    def own(self) -> bool:
        """Every named document is of that year (dated in it, or covering it). Where the name
        is shared by documents of several years ("ONUSAL" for three of its reports), the year
        picks among them: it stays a year to match."""
        return all(
            e.record.date.startswith(self.year) or covers(e.record.date, e.record.title, self.year)
            for e in self.entries
        )

    @property
    def later(self) -> bool:
        """The year is after every named document's: an edition the corpus does not hold."""
        return all(self.year > e.record.date[:4] for e in self.entries)  # all dated: editions()


def editions(question: str, anchors: Sequence[Anchor], catalogue: Catalogue) -> Iterator[Edition]:
    """Each year of ``anchors`` written against a dated document the question names, with only
    words of the document's own names between them."""
    years = {a.text for a in anchors if a.kind is AnchorKind.YEAR and _YEAR.fullmatch(a.text)}
    tokens = [(m.group().casefold(), m.span()) for m in _TOKEN.finditer(question)]
    words = [t for t, _ in tokens]
    for anchor in (a for a in anchors if a.kind is AnchorKind.DOCUMENT and years):
        entries = tuple(catalogue.entries[d] for d in anchor.doc_ids if d in catalogue.entries)
        if not entries or not all(e.record.date for e in entries):
            continue
        own = {
            w
            for e in entries
            for n in catalogue.names(e.record.doc_id)
            for w in _words(n)
            if w not in stopwords()
        }
        name = _words(anchor.text)
        for i in (j for j, w in enumerate(words) if w in years):
            if _next_to(words, i, name, own):
                yield Edition(anchor, entries, words[i], tokens[i][1])


def without_editions(question: str, found: Sequence[Edition]) -> str:
    """``question`` without the years of ``found``: "What does the 1949 Fourth Geneva Convention
    say" asks what the Fourth Geneva Convention says; the year, which its articles never state,
    would rank the passages that cite "12 August 1949" first."""
    for edition in sorted(found, key=lambda e: -e.span[0]):
        start, end = edition.span
        before = _BEFORE.search(question[:start])
        start = before.start() if before else start
        question = f"{question[:start]} {question[end:]}"
    return re.sub(r"\s+([?.,;:!)])", r"\1", " ".join(question.split()))


def _words(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def _next_to(words: list[str], i: int, name: list[str], own: set[str]) -> bool:
    """Whether the year at ``i`` is written against ``name``, on either side, with only words of
    ``own`` between (a comma or any other mark ends the phrase)."""
    n = len(name)
    for start in (s for s in range(len(words) - n + 1) if words[s : s + n] == name):
        gap = words[i + 1 : start] if i < start else words[start + n : i]
        if i > start and gap[-1:] and gap[-1] in _JOINERS:
            gap = gap[:-1]  # "GC IV of 1949"
        if len(gap) <= _GAP and all(w in own for w in gap):
            return True
    return False
