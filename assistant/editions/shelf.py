"""The indexed documents arranged in series, and comparisons between them: what the `pocdoc
series` and `pocdoc compare` commands and the Compare page open.

A document is named by its doc_id or one of its UN symbols (``S/2019/805``, any case); a series
by its name ("MINUSTAH reports"), its key, or the mission it follows ("MINUSTAH").
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from assistant.editions.alignment import AlignmentConfig
from assistant.editions.cache import AlignmentCache
from assistant.editions.comparison import CompareError, Comparison, compare
from assistant.editions.series import Series, find_series, series_of
from assistant.glossary import Glossary
from assistant.index import Ledger
from assistant.manifest import slugify
from assistant.symbols import split_symbols, symbol_key
from assistant.types import DocumentRecord


class Shelf:
    """Indexed documents, their series, and a comparison cache under the home."""

    def __init__(
        self,
        ledger: Ledger,
        *,
        glossary: Glossary | None = None,
        named: Mapping[str, str] | None = None,
        cache: AlignmentCache | None = None,
        config: AlignmentConfig | None = None,
    ) -> None:
        self.ledger = ledger
        self.records: dict[str, DocumentRecord] = {
            d: e.record for d, e in ledger.documents().items()
        }
        self.series: list[Series] = find_series(
            self.records.values(), glossary=glossary, named=named
        )
        self.cache = cache
        self.config = config or AlignmentConfig()

    @classmethod
    def open(
        cls, home: Path, *, glossary: Glossary | None = None, corpus_dir: Path | None = None
    ) -> Shelf:
        """The shelf of the index under ``home``, caching alignments there; the series the
        manifest of ``corpus_dir`` names (its records' ``series`` field) come first."""
        from assistant.manifest import load_manifest
        from assistant.paths import LEDGER_FILE

        ledger = Ledger(Path(home) / LEDGER_FILE, create=False)
        named = load_manifest(corpus_dir).series if corpus_dir is not None else {}
        return cls(ledger, glossary=glossary, named=named, cache=AlignmentCache(home))

    def document(self, name: str) -> DocumentRecord:
        """The indexed document ``name`` names (doc_id or symbol)."""
        wanted = name.strip()
        if wanted in self.records:
            return self.records[wanted]
        key = symbol_key(wanted)
        for record in self.records.values():
            if any(symbol_key(s) == key for s in split_symbols(record.symbol)):
                return record
        hint = difflib.get_close_matches(wanted, list(self.records), n=1)
        raise CompareError(
            f"no indexed document '{name}': give a doc_id or UN symbol"
            + (f" (did you mean '{hint[0]}'?)" if hint else "; `pocdoc series` lists them")
        )

    def find(self, name: str) -> Series:
        """The series ``name`` names: its name, key or mission."""
        wanted = slugify(name)
        for series in self.series:
            if wanted in (series.key, slugify(series.name.removesuffix(" reports"))):
                return series
        names = [s.name for s in self.series]
        hint = difflib.get_close_matches(name, names, n=1)
        raise CompareError(
            f"no series '{name}'"
            + (
                f": did you mean '{hint[0]}'?"
                if hint
                else f"; series: {', '.join(names) or 'none'}"
            )
        )

    def series_of(self, doc_id: str) -> Series | None:
        return series_of(doc_id, self.series)

    def pick(self, series: Series, dates: tuple[str, ...] = ()) -> tuple[str, str]:
        """Two members of ``series``: the last two, or those in force at two dates (ISO)."""
        if not dates:
            older, newer = series.latest(2)
            return older.doc_id, newer.doc_id
        if len(dates) != 2:
            raise CompareError(f"give two dates to pick from {series.name}, not {len(dates)}")
        older, newer = series.at(dates[0]), series.at(dates[1])
        if older.doc_id == newer.doc_id:
            raise CompareError(
                f"{dates[0]} and {dates[1]} both fall on {older.symbol or older.doc_id} "
                f"({older.date}) in {series.name}: give dates further apart"
            )
        return older.doc_id, newer.doc_id

    def compare(
        self,
        first: str,
        second: str,
        *,
        topic: str = "",
        embed_topic: Callable[[str], np.ndarray] | None = None,
    ) -> Comparison:
        """Compare two documents by name; the older (by its series' order, else by date) first."""
        a, b = self.document(first), self.document(second)
        series = self.series_of(a.doc_id)
        if series is not None and b.doc_id in series.doc_ids:
            if series.position(a.doc_id) > series.position(b.doc_id):
                a, b = b, a
        elif (a.date, a.doc_id) > (b.date, b.doc_id):
            a, b = b, a
        return compare(
            self.ledger,
            a.doc_id,
            b.doc_id,
            cache=self.cache,
            config=self.config,
            topic=topic,
            embed_topic=embed_topic,
        )
