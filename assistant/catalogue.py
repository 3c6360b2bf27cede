"""The documents pocdoc knows of, indexed or not, and how a question names them.

Built by the caller (``ui/``, ``eval/``) from the corpus manifest and the ledger, so that an answer
can say "the HIPPO report is listed in the manifest but not indexed" and how to add it. A
document is named by its short title, its full title, each of its UN symbols, or a glossary
term for it (the glossary's "HIPPO" names the manifest's "HIPPO report"), or one of the manifest's
``aliases`` for it ("the side event", "the Future of POC paper").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.glossary import Glossary
from assistant.symbols import RESOLUTION_RE, split_symbols
from assistant.text import content_words
from assistant.types import DocumentRecord

_DOCUMENT_KINDS = ("document", "law", "initiative")
_MIN_NAME = 3
_MIN_DESCRIBED = 3
_MIN_ABBREVIATED = 4  # words a title needs before its abbreviated form is also a name
# A name that numbers one of a family ("Additional Protocol II", "Geneva Convention IV"): its
# plural ("Additional Protocols") names them all. The family's name has two words or more.
_NUMBERED = re.compile(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)+?)\s+(?:[IVX]{1,4}|\d{1,2})")


@dataclass(frozen=True)
class CatalogueEntry:
    """One document of the manifest (or only of the index)."""

    record: DocumentRecord
    indexed: bool
    file_hint: str = ""  # the file name a user drops into corpus/ to add it
    aliases: tuple[str, ...] = ()  # other names from the manifest: "the side event", "GC4"

    @property
    def label(self) -> str:
        """How answers name it: "HIPPO report (A/70/95–S/2015/446)"."""
        name = self.record.short_title or self.record.title
        return (
            f"{name} ({self.record.symbol})"
            if self.record.symbol and self.record.symbol not in name
            else name
        )

    def how_to_add(self) -> str:
        """One sentence on how to get this document into the index."""
        drop = (
            f"drop {self.file_hint} (the PDF"
            + (f" from {self.record.source_url}" if self.record.source_url else "")
            + ") into corpus/"
        )
        if not self.file_hint:
            drop = "drop its file into corpus/" + (
                f" (from {self.record.source_url})" if self.record.source_url else ""
            )
        return f"To add it, run `pocdoc fetch` where a network is available, or {drop}, then run `pocdoc ingest corpus/`."


class Catalogue:
    """Manifest documents with their names, for finding the documents a question names."""

    def __init__(self, entries: Iterable[CatalogueEntry], glossary: Glossary | None = None) -> None:
        self.entries: dict[str, CatalogueEntry] = {e.record.doc_id: e for e in entries}
        self._names: list[tuple[re.Pattern[str], str, int]] = []
        self._patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
        self._all_names: dict[str, tuple[str, ...]] = {}
        families: dict[str, set[str]] = {}
        for doc_id, entry in self.entries.items():
            names = [*_names(entry.record, glossary), *entry.aliases]
            self._all_names[doc_id] = tuple(names)
            self._patterns[doc_id] = tuple(_pattern(n) for n in names)
            for name, pattern in zip(names, self._patterns[doc_id], strict=True):
                self._names.append((pattern, doc_id, len(name)))
                if m := _NUMBERED.fullmatch(name):
                    families.setdefault(m.group(1) + "s", set()).add(doc_id)
        # "the Additional Protocols" names every "Additional Protocol <number>"
        self.families = tuple(families)  # the plurals, for the name layer ("additional protocols")
        for plural, doc_ids in families.items():
            for doc_id in sorted(doc_ids):
                self._names.append((_pattern(plural), doc_id, len(plural)))

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, doc_id: str) -> CatalogueEntry | None:
        return self.entries.get(doc_id)

    def name_patterns(self, doc_id: str) -> tuple[re.Pattern[str], ...]:
        """Patterns of every name of a document, for finding passages that mention it."""
        return self._patterns.get(doc_id, ())

    def names(self, doc_id: str) -> tuple[str, ...]:
        """Every name of a document: titles, symbols, glossary terms and manifest aliases."""
        return self._all_names.get(doc_id, ())

    def named_in(self, text: str) -> list[tuple[CatalogueEntry, str]]:
        """(document, the name as written) for every document ``text`` names; overlapping names
        resolve to the longest ("Additional Protocol II" is not also "Additional Protocol I"); a
        family's plural ("the Additional Protocols") names each of its documents."""
        found: list[tuple[int, int, str]] = []
        for pattern, doc_id, _ in self._names:
            found.extend((m.start(), m.end(), doc_id) for m in pattern.finditer(text))
        kept: list[tuple[int, int, str]] = []
        for start, end, doc_id in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(end <= s or start >= e or (start, end) == (s, e) for s, e, _ in kept):
                kept.append((start, end, doc_id))
        out: dict[str, str] = {}
        for start, end, doc_id in sorted(kept):
            out.setdefault(doc_id, text[start:end])
        return [(self.entries[d], name) for d, name in out.items()]

    def described_in(self, text: str) -> list[CatalogueEntry]:
        """Documents ``text`` describes by every word of their short title, in any order ("the
        summary of the 2022 PoC Week side event" is "PoC Week 2022 side event"); short titles of
        fewer than ``_MIN_DESCRIBED`` words are names, not descriptions, and are left to
        :meth:`named_in`."""
        words = content_words(text)
        out = []
        for entry in self.entries.values():
            title = content_words(entry.record.short_title)
            if len(title) >= _MIN_DESCRIBED and title <= words:
                out.append(entry)
        return out


def _names(record: DocumentRecord, glossary: Glossary | None) -> list[str]:
    names = [record.short_title, record.title, *_symbols(record.symbol)]
    if glossary is not None:
        own = " ".join((record.short_title, record.title)).casefold()
        for entry in glossary.entries:
            if entry.kind not in _DOCUMENT_KINDS:
                continue
            forms = (entry.term, *entry.aliases, entry.full, *entry.variants)
            if any(
                len(f) >= _MIN_NAME
                and re.search(rf"(?<!\w){re.escape(f.casefold())}(?![\w+])", own)
                for f in forms
            ):
                names.extend(forms)
    title = record.title
    if "(" in title:  # "Geneva Convention relative to ... (Fourth Geneva Convention)"
        names.extend(re.findall(r"\(([^()]{6,80})\)", title))
    names.extend(_by_authors(record.authors))
    if glossary is not None:  # the title as staff abbreviate it: "The Future of the POC in UN PKOs"
        names.extend(_abbreviated(t, glossary) for t in (record.title, record.short_title))
    return [n for n in dict.fromkeys(n.strip() for n in names) if len(n) >= _MIN_NAME]


def _abbreviated(title: str, glossary: Glossary) -> str:
    """``title`` with each glossary full form of two words or more written as its term ("protection
    of civilians" -> "POC", "Peacekeeping Operations" -> "PKOs"); "" when it has none or is
    short (a title of a few words is a name people type as it is)."""
    if len(title.split()) < _MIN_ABBREVIATED:
        return ""
    out = title
    for entry in glossary.entries:
        if len(entry.full.split()) >= 2 and entry.term.isupper():
            out = re.sub(
                rf"(?<![\w-]){re.escape(entry.full)}(?P<plural>s?)(?![\w-])",
                entry.term.replace("\\", "\\\\") + r"\g<plural>",
                out,
                flags=re.IGNORECASE,
            )
    return out if out != title else ""


_ORGANISATION = re.compile(
    r"\b(?:Center|Centre|Watch|Institute|Network|Programme|Program|Council|Committee|Group|Organi[sz]ation|Association|"
    r"Foundation|University|Office|Department|Mission|Nations|Union|International|Society|Forum|Initiative|Panel|Secretariat)\b"
)


def _by_authors(authors: Iterable[str]) -> list[str]:
    """How a question names a paper by its authors: "Di Razza and Mamiya" (the note by Namie Di
    Razza and Ralph Mamiya), "Di Razza et al." for three or more. Only people count: an
    organisation ("PAX", "Stimson Center, Protecting Civilians ...") names other things too."""
    authors = tuple(authors)
    people = [
        a.split()
        for a in authors
        if "," not in a
        and 2 <= len(a.split()) <= 4
        and not a.isupper()
        and not _ORGANISATION.search(a)
    ]
    if not people or len(people) != len(authors):
        return []
    surnames = [" ".join(words[1:]) for words in people]
    if len(surnames) == 1:
        return [" ".join(people[0])]
    if len(surnames) == 2:
        return [f"{surnames[0]} and {surnames[1]}", f"{surnames[0]} & {surnames[1]}"]
    return [f"{surnames[0]} et al."]


def _symbols(symbol: str) -> list[str]:
    """Each symbol, and how prose cites a resolution: S/RES/1265 (1999) is "resolution 1265 (1999)"."""
    out = []
    for s in split_symbols(symbol):
        out.append(s)
        if m := RESOLUTION_RE.fullmatch(s):
            out.append(f"resolution {m.group(1)}" + (f" ({m.group(2)})" if m.group(2) else ""))
    return out


def _pattern(name: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<![\w/])" + r"[\s-]+".join(words) + r"(?![\w+/])", re.IGNORECASE)
