"""Years written against a document's name: the edition the question asks for ("the PoC Week
2023 side event", "the 1949 Fourth Geneva Convention", "the HIPPO report 2015").

Such a year names which document is meant; it is not a year its passages must state. Where the
named document is of that year, the year adds nothing to find (GC IV's articles never say
"1949"); where it is not, the corpus holds another edition and says so
(:func:`assistant.answers.holdings.unheld_edition`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.catalogue import Catalogue

# Words that may stand between a document's name and its year ("PoC Week 2023 side event"): the
# document's own name words, at most this many.
_GAP = 3
_WORD = re.compile(r"[\w-]+")
_YEAR = re.compile(r"\d{4}")


def edition_years(
    question: str, anchors: Sequence[Anchor], catalogue: Catalogue
) -> Iterator[tuple[Anchor, str]]:
    """(document anchor, year) for each year of ``anchors`` written against a dated document the
    question names, with only words of the document's own names between them."""
    years = [a.text for a in anchors if a.kind is AnchorKind.YEAR and _YEAR.fullmatch(a.text)]
    words = _words(question)
    for anchor in (a for a in anchors if a.kind is AnchorKind.DOCUMENT and years):
        entries = [catalogue.entries[d] for d in anchor.doc_ids if d in catalogue.entries]
        if not any(e.record.date for e in entries):
            continue
        own = {w for e in entries for n in catalogue.names(e.record.doc_id) for w in _words(n)}
        for year in years:
            if _next_to(words, year, _words(anchor.text), own):
                yield anchor, year


def own_years(question: str, anchors: Sequence[Anchor], catalogue: Catalogue | None) -> set[str]:
    """The years of ``anchors`` that only say which edition of a named document is meant, and it
    is that edition: they are part of its name, not a year to find in its passages."""
    if catalogue is None:
        return set()
    return {
        year
        for anchor, year in edition_years(question, anchors, catalogue)
        if any(
            catalogue.entries[d].record.date.startswith(year)
            for d in anchor.doc_ids
            if d in catalogue.entries
        )
    }


def without_years(question: str, years: set[str]) -> str:
    """``question`` without the edition ``years`` of the documents it names: "What does the 1949
    Fourth Geneva Convention say" asks what the Fourth Geneva Convention says; the year, which
    its articles never state, would rank the passages that cite "12 August 1949" first."""
    for year in years:
        question = re.sub(rf"(?:\s+(?:of|from)\s+|\s*\b){year}\b,?\s*", " ", question)
    return re.sub(r"\s+([?.,])", r"\1", " ".join(question.split()))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _next_to(words: list[str], year: str, name: list[str], own: set[str]) -> bool:
    """Whether ``year`` is written against ``name`` in ``words``, on either side, with only words
    of ``own`` between."""
    n = len(name)
    starts = [i for i in range(len(words) - n + 1) if words[i : i + n] == name]
    for i in (j for j, w in enumerate(words) if w == year):
        for start in starts:
            gap = words[i + 1 : start] if i < start else words[start + n : i]
            if len(gap) <= _GAP and all(w in own for w in gap):
                return True
    return False
