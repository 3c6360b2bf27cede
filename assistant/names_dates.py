"""Dates in the normalisation layer (:mod:`assistant.names`): months as people abbreviate them,
and which reports a date names (by the report's date or the period its title says it covers)."""

from __future__ import annotations

import re

from assistant.lexicon import PREPOSITIONS
from assistant.symbols import MONTH_NAMES, MONTHS

_ABBREVIATED_MONTH = r"(?:jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_ANY_MONTH = "(?:" + _ABBREVIATED_MONTH[3:-1] + "|" + "|".join(m.lower() for m in MONTH_NAMES) + ")"
_MONTH_ABBREVIATION = re.compile(
    rf"\b(?P<month>{_ANY_MONTH[3:-1]})\b\.?(?=\s*(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b)"
    # an abbreviation is a month without a year too: after a day ("1 Jan"), before one ("Jan 8"),
    # or at the start of a range whose end is a month ("between jan and late sept 2019")
    rf"|(?<=\d\s)(?P<after_day>{_ABBREVIATED_MONTH})\b\.?"
    rf"|\b(?P<before_day>{_ABBREVIATED_MONTH})\b\.?(?=\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![\d,]*\d{{3}}))"
    rf"|\b(?P<range>{_ABBREVIATED_MONTH})\b\.?(?=\s+(?:and|to|through|until|till|-|–)\s+"
    rf"(?:(?:early|mid|late|end of|the end of)\s+)?(?:\d{{1,2}}\s+)?{_ANY_MONTH}\b)",
    re.IGNORECASE,
)
_MONTH_OF = {m[:3].lower(): m for m in MONTH_NAMES}
_MONTH_OF.update({"sept": "September", "febr": "February"})
_MONTH_OF.update({m.lower(): m for m in MONTH_NAMES})
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}


# A year typed in two digits after a month ("june 93", "nov '04"): a year when an apostrophe
# marks it, when it is no day of a month (over 31), or when it is written with a leading zero
# ("nov 04"; a day is typed "nov 4"). "june 12" stays a day.
_PREPOSITION = "|".join(PREPOSITIONS)
_SHORT_YEAR = re.compile(
    rf"\b(?P<month>{_ANY_MONTH[3:-1]})\b\.?\s+(?P<mark>['’])?(?P<yy>\d\d)\b"
    # ... closing the phrase (its end, a stop, a dash, "report", a preposition), never before a
    # year, a percent sign or a noun it counts ("in march 45 people", "june 05, 2010")
    rf"(?!\s*,?\s*(?:19|20)\d\d)(?=\s*(?:$|[-–—:;,.?!)]|(?:report|and|or|{_PREPOSITION})\b))",
    re.IGNORECASE,
)
_LAST_DAY = 31  # a day of a month is typed in two digits up to 31
_FIRST_UN_YEAR = 45  # two digits from 45 are of the 1900s, the years of the United Nations
_LAST_YEAR = 31  # ... up to 31, of the 2000s; 32 to 44 are no year a report has


def _full_year(m: re.Match[str]) -> str:
    yy, year = m.group("yy"), int(m.group("yy"))
    if not (m.group("mark") or year > _LAST_DAY or yy.startswith("0")):
        return m.group()  # "june 12": a day
    if _LAST_YEAR < year < _FIRST_UN_YEAR:
        return m.group()
    century = "19" if year >= _FIRST_UN_YEAR else "20"
    return f"{_MONTH_OF[m.group('month').lower()]} {century}{yy}"


def months(question: str) -> str:
    """Month names written out where a year follows, and a year typed in two digits after a month
    written in four: "Sept 2016" -> "September 2016", "june 93" -> "June 1993"."""
    question = _SHORT_YEAR.sub(_full_year, question)
    return _MONTH_ABBREVIATION.sub(lambda m: _MONTH_OF[m.group(m.lastgroup or 0).lower()], question)


_PERIOD = re.compile(
    rf"period from (?:\d{{1,2}} )?(?P<m1>{MONTHS})(?: (?P<y1>\d{{4}}))?"
    rf" (?:to|through|until) (?:\d{{1,2}} )?(?P<m2>{MONTHS}),? (?P<y2>\d{{4}})",
    re.IGNORECASE,
)


def reporting_period(title: str) -> tuple[str, str] | None:
    """The months a report's title says it covers: "(for the period from 7 January through 20
    September 2012)" -> ("2012-01", "2012-09"); None when the title says none."""
    m = _PERIOD.search(title)
    if m is None:
        return None
    end_year = m.group("y2")
    start = f"{m.group('y1') or end_year}-{_MONTH_NUMBER[m.group('m1').lower()]:02d}"
    return start, f"{end_year}-{_MONTH_NUMBER[m.group('m2').lower()]:02d}"


def covers(date: str, title: str, when: str) -> bool:
    """Whether a document dated ``date`` and titled ``title`` is of ``when`` ("2009" or
    "2009-09"): dated in that month, or reporting on a period that includes it."""
    if len(when) == 7 and date.startswith(when):
        return True
    period = reporting_period(title)
    if period is None:
        return False
    start, end = period
    return start[:4] <= when <= end[:4] if len(when) == 4 else start <= when <= end


_REPORT = r"(?:reports?|addend(?:um|a))"  # an addendum is a report too
_REPORT_AFTER = re.compile(rf"^\s*(?:[A-Z][\w-]+\s+)?{_REPORT}\b", re.IGNORECASE)
_REPORT_BEFORE = re.compile(
    rf"\b{_REPORT},?\s+(?:(?:of|dated|from|for|in)\s+)?(?:\d{{1,2}}\s+)?$", re.IGNORECASE
)  # "the report of March 2017", or typed in a hurry, "unmik report may 2018", "addendum 2 may"


def names_report(question: str, span: tuple[int, int]) -> bool:
    """Whether the date at ``span`` is a report's ("the September 2009 report", "the 2019
    MINUJUSTH report", "the report of March 2017", "unmik report may 2018"), not an event's
    ("the November 2018 violence")."""
    return bool(
        _REPORT_AFTER.match(question[span[1] :]) or _REPORT_BEFORE.search(question[: span[0]])
    )
