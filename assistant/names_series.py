"""Numbered series of documents in the normalisation layer (:mod:`assistant.names`): "AP I",
"AP1" and "Additional Protocol I" are one document of the series "Additional Protocol"; an
abbreviation of the series with a number the catalogue does not hold ("AP 4", "ap3") is that
member of the series all the same, written in full ("Additional Protocol IV"), so that it is
refused by its name rather than read as "AP" and a number."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_NUMBERED = re.compile(r"^(?P<prefix>.*?[A-Za-z])\s*(?P<number>[IVX]{1,4}|\d{1,2})$")
_MEMBER = re.compile(
    r"(?<![\w/])(?P<prefix>[A-Za-z]{2,4})\s?(?P<number>\d{1,2}|(?i:[ivx]{1,4}))(?![\w/])"
)
_ROMANS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_MAX_ABBREVIATION = 4


@dataclass
class Series:
    """Abbreviated series prefixes ("ap") and the series' name in full ("Additional Protocol")."""

    _full: dict[str, str] = field(default_factory=dict)

    def add(self, names: Iterable[str]) -> None:
        """Know the numbered names of one document ("AP I", "AP1", "Additional Protocol I")."""
        numbered = [m.group("prefix").strip() for n in names if (m := _NUMBERED.match(n))]
        full = [p for p in numbered if " " in p and p[:1].isupper()]
        if not full:
            return
        long = max(full, key=len)
        for prefix in numbered:
            if prefix.isupper() and prefix.isalpha() and len(prefix) <= _MAX_ABBREVIATION:
                self._full.setdefault(prefix.casefold(), long)

    def written(self, question: str, *, known: Callable[[str], bool]) -> str:
        """``question`` with each abbreviated member the ``known`` test does not know written in
        full: "what does AP 4 say" -> "what does Additional Protocol IV say"."""

        def write(m: re.Match[str]) -> str:
            long = self._full.get(m.group("prefix").casefold())
            if long is None or known(m.group()):
                return m.group()
            return f"{long} {roman(m.group('number'))}"

        return _MEMBER.sub(write, question) if self._full else question


def roman(number: str) -> str:
    """A member's number as a Roman numeral: "4" -> "IV"; "iv" -> "IV"."""
    if not number.isdigit():
        return number.upper()
    n, out = int(number), ""
    for value, letters in _ROMANS:
        while n >= value:
            out, n = out + letters, n - value
    return out
