"""Change questions: "what changed between S/2018/795 and S/2018/1059 on police", "how did
gangs evolve in MINUJUSTH's reports", "since when does MINUJUSTH's reporting mention gangs",
"when did UNMIK's reports stop mentioning returns". Read into what to compare or trace; the
answer is a :class:`~assistant.editions.Comparison` (pairs, old -> new) or a trend with its first
(or last) dated mention, never passages from one side only.

"the latest" names the newest document of the series the question names; "the previous" the one
before it; a year ("between the 2016 and 2017 MINUSTAH reports") the series' first report of that
year on the older side and its last on the newer side. "What changed in MINUSTAH's reporting on
police between 2016 and 2017?" names the series and the topic before the two documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.editions.comparison import CompareError
from assistant.editions.series import Series
from assistant.editions.shelf import Shelf
from assistant.symbols import split_symbols

_SYMBOL = re.compile(r"\b[SA]/(?:RES/)?\d{2,4}/\d+(?:/Rev\.\d+)?", re.IGNORECASE)
_TOPIC = r"(?:\s+(?:on|about|regarding|concerning|in relation to)\s+(?P<topic>.+?))?"
_CHANGED = re.compile(
    r"^\s*what\s+(?:has\s+)?changed?\s+(?:between|from)\s+(?P<a>.+?)\s+(?:and|to)\s+"
    rf"(?P<b>.+?){_TOPIC}\s*\??\s*$",
    re.IGNORECASE,
)
_CHANGED_IN = re.compile(
    r"^\s*what\s+(?:has\s+)?changed?\s+in\s+(?P<series>.+?)\s+(?:on|about|regarding|concerning)\s+"
    r"(?P<topic>.+?)\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*\??\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_EVOLVE = re.compile(
    r"^\s*how\s+(?:did|has|have|does)\s+(?P<topic>.+?)\s+(?:evolve|evolved|change|changed)\s+"
    r"(?:in|across|over)\s+(?P<series>.+?)\s*\??\s*$",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"^\s*(?:since\s+when|when\s+did)\s+(?:does|do|did)?\s*(?P<series>.+?)\s+"
    r"(?P<verb>(?:start(?:ed)?\s+)?mention(?:ing)?|stop(?:ped)?\s+mentioning|first\s+mention)\s+"
    r"(?P<topic>.+?)\s*\??\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChangeQuestion:
    """What a change question asks: compare two documents, or trace a topic through a series."""

    kind: str  # "compare", "trend", "first" or "last"
    topic: str = ""
    old_id: str = ""
    new_id: str = ""
    series: Series | None = None


def read_change_question(text: str, shelf: Shelf) -> ChangeQuestion | None:
    """The change question ``text`` asks, or None when it asks none (or names no document or
    series the shelf knows)."""
    if m := _CHANGED_IN.match(text):
        series = _series_in(m["series"], shelf)
        return _compared(m["a"], m["b"], m["topic"], shelf, series) if series else None
    if m := _CHANGED.match(text):
        return _compared(m["a"], m["b"], m["topic"] or "", shelf, None)
    if m := _EVOLVE.match(text):
        series = _series_in(m["series"], shelf)
        return ChangeQuestion("trend", m["topic"].strip(), series=series) if series else None
    if m := _SINCE.match(text):
        series = _series_in(m["series"], shelf)
        kind = "last" if m["verb"].lower().startswith("stop") else "first"
        return ChangeQuestion(kind, m["topic"].strip(), series=series) if series else None
    return None


def _compared(
    first: str, second: str, topic: str, shelf: Shelf, series: Series | None
) -> ChangeQuestion | None:
    """The comparison of the documents ``first`` and ``second`` name, within ``series`` when the
    question names one, else the series of either."""
    a = _document(first, shelf, series, old=True)
    series = series or (shelf.series_of(a) if a else None)
    series = series or _series_in(first, shelf) or _series_in(second, shelf)
    b = _document(second, shelf, series)
    a = a or _document(first, shelf, series, before=b, old=True)
    if a and b and a != b:
        return ChangeQuestion("compare", topic.strip(), a, b)
    return None


def _series_in(text: str, shelf: Shelf) -> Series | None:
    """The series whose mission or name ``text`` mentions ("MINUJUSTH's reports")."""
    folded = text.casefold()
    for series in shelf.series:
        short = series.name.removesuffix(" reports").removesuffix(" editions")
        if re.search(rf"(?<!\w){re.escape(short.casefold())}(?!\w)", folded):
            return series
    return None


def _document(
    text: str, shelf: Shelf, series: Series | None, before: str | None = None, old: bool = False
) -> str:
    """The doc_id a phrase names: a symbol or doc_id; "the latest"/"the previous" report of
    ``series`` (the previous: the one before ``before``, else the second newest); a year: the
    series' first report of it for the ``old`` side, its last for the newer."""
    for symbol in _SYMBOL.findall(text):
        for s in split_symbols(symbol):
            try:
                return shelf.document(s).doc_id
            except CompareError:
                continue
    if _SYMBOL.search(text):
        return ""  # a symbol not indexed names no other report (its year is not "a year")
    word = text.strip().casefold()
    if word in shelf.records:
        return word
    if series is None:
        return ""
    ids = series.doc_ids
    if re.search(r"\b(?:latest|newest|last|most recent)\b", word):
        return ids[-1]
    if re.search(r"\b(?:previous|preceding|earlier|prior)\b", word):
        at = ids.index(before) if before in ids else len(ids) - 1
        return ids[at - 1] if at > 0 else ""
    if re.search(r"\b(?:first|oldest|earliest)\b", word):
        return ids[0]
    if year := _YEAR.search(word):
        of_year = [m.doc_id for m in series.members if m.date.startswith(year.group())]
        return (of_year[0] if old else of_year[-1]) if of_year else ""
    return ""
