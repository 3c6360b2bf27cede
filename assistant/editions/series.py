"""Series: the documents that are successive editions of one another, oldest first.

A series is found three ways, the first that applies winning for a document:

1. the manifest names it (``series = "MINUSTAH reports"`` on each record);
2. the manifest chains it (``superseded_by``: the DPO POC policy 2015 -> 2019 -> 2023);
3. it is a report on one mission: the mission is read off the title, short title or file name,
   by the glossary's mission names ("United Nations Stabilization Mission in Haiti" is MINUSTAH)
   or, for a mission the glossary lacks, by the acronym a file name starts with
   (``UNPROFOR_S_1994_300.pdf``).

A series of one document is no series. Members are ordered by year, then by the number of their
UN symbol (two reports of one year, one dated to the day, one to the year only), then by date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from assistant.glossary import Glossary
from assistant.manifest import slugify
from assistant.symbols import split_symbols
from assistant.types import DocumentRecord, date_to_int

# "UNPROFOR_S_1994_300.pdf", "MINUNGUA_A_51_695_S_1996_998.pdf": an acronym, then a symbol
_FILE_ACRONYM = re.compile(r"([A-Z][A-Z0-9]{2,11})[_\s-]+(?:S|A)[_\s-]+\d")
_SYMBOL_NUMBER = re.compile(r"(\d+)(?!.*\d)")

BASES = ("manifest", "supersedes", "mission")


@dataclass(frozen=True)
class Series:
    """Documents that are editions of one another, oldest first."""

    key: str  # a slug: "minustah-reports"
    name: str  # how it is shown: "MINUSTAH reports"
    basis: str  # one of BASES: how the series was found
    members: tuple[DocumentRecord, ...]

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(m.doc_id for m in self.members)

    def latest(self, n: int = 2) -> tuple[DocumentRecord, ...]:
        """The newest ``n`` members, oldest first ("the last two")."""
        return self.members[-n:]

    def at(self, date: str) -> DocumentRecord:
        """The newest member dated on or before ``date`` (ISO), else the oldest."""
        cutoff = date_to_int(date)
        before = [m for m in self.members if date_to_int(m.date) <= cutoff]
        return before[-1] if before else self.members[0]

    def position(self, doc_id: str) -> int:
        return self.doc_ids.index(doc_id)


def find_series(
    records: Iterable[DocumentRecord],
    *,
    glossary: Glossary | None = None,
    named: Mapping[str, str] | None = None,
) -> list[Series]:
    """The series among ``records``, by name. ``named``: doc_id -> the series the manifest gives it."""
    by_id = {r.doc_id: r for r in records}
    named = dict(named or {})
    groups: dict[str, tuple[str, str, list[DocumentRecord]]] = {}

    def add(name: str, basis: str, record: DocumentRecord) -> None:
        key = slugify(name)
        groups.setdefault(key, (name, basis, []))[2].append(record)

    placed: set[str] = set()
    for doc_id, name in named.items():
        if doc_id in by_id and name.strip():
            add(name.strip(), "manifest", by_id[doc_id])
            placed.add(doc_id)
    for chain in _chains(by_id):
        newest = by_id[chain[-1]]
        for doc_id in (d for d in chain if d not in placed):
            add(f"{newest.short_title or newest.title} editions", "supersedes", by_id[doc_id])
            placed.add(doc_id)
    missions = _mission_names(glossary)
    for doc_id, record in by_id.items():
        if doc_id in placed or record.doc_type != "report":
            continue
        mission = mission_of(record, missions)
        if mission:
            add(f"{mission} reports", "mission", record)
    out = [
        Series(key, name, basis, tuple(sorted(members, key=_order)))
        for key, (name, basis, members) in groups.items()
        if len(members) > 1
    ]
    return sorted(out, key=lambda s: s.name.casefold())


def series_of(doc_id: str, series: Sequence[Series]) -> Series | None:
    """The series ``doc_id`` belongs to, if any."""
    return next((s for s in series if doc_id in s.doc_ids), None)


def mission_of(record: DocumentRecord, missions: Sequence[tuple[str, re.Pattern[str]]]) -> str:
    """The mission a report is about: the first glossary mission its title names (then its
    short title, then its file name), else the acronym its file name starts with."""
    stem = PurePosixPath(record.path).stem.replace("_", " ") if record.path else ""
    for text in (record.title, record.short_title, stem):
        found = [
            (m.start(), -len(m.group()), term) for term, p in missions if (m := p.search(text))
        ]
        if found:
            return min(found)[2]
    match = _FILE_ACRONYM.match(PurePosixPath(record.path).name) if record.path else None
    return match.group(1) if match else ""


def _mission_names(glossary: Glossary | None) -> list[tuple[str, re.Pattern[str]]]:
    """(acronym, pattern of its names) for each mission of the glossary; places are left out
    (a report on Haiti may be MINUSTAH's or MINUJUSTH's)."""
    out = []
    for entry in glossary.entries if glossary is not None else ():
        if entry.kind != "mission":
            continue
        forms = sorted({entry.term, entry.full, *entry.aliases, *entry.variants} - {""}, key=len)
        alternatives = "|".join(re.escape(f) for f in reversed(forms))
        out.append((entry.term, re.compile(rf"(?<![\w/])(?:{alternatives})(?![\w/])")))
    return out


def _chains(records: Mapping[str, DocumentRecord]) -> list[list[str]]:
    """Each ``superseded_by`` chain, oldest first (a record superseded by an unknown id ends it)."""
    newer = {d: r.superseded_by for d, r in records.items() if r.superseded_by in records}
    older = {v: k for k, v in newer.items()}
    chains = []
    for doc_id in records:
        if doc_id in older or doc_id not in newer:
            continue  # not the oldest of a chain
        chain, seen = [doc_id], {doc_id}
        while chain[-1] in newer and newer[chain[-1]] not in seen:
            chain.append(newer[chain[-1]])
            seen.add(chain[-1])
        chains.append(chain)
    return chains


def _order(record: DocumentRecord) -> tuple[int, int, int, str]:
    """Year, then the symbol's number (S/2017/223 before S/2017/604, whether or not both dates
    have a month), then the full date."""
    numbers = [
        int(m.group(1)) for s in split_symbols(record.symbol) if (m := _SYMBOL_NUMBER.search(s))
    ]
    date = date_to_int(record.date)
    return date // 10000, numbers[0] if numbers else 0, date, record.doc_id
