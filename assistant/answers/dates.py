"""Which of a mission's reports a question's month points to.

A month in a question ("as of Sept 2010", "who was the CMO in June 1998") is an anchor that any
report of that year satisfies (:class:`assistant.answers.anchors.Anchor`, ``loose``): an event's
date is often written in a later report. So the anchor alone does not choose between a series'
three or four reports of one year, and near-identical paragraphs of the report before or after
answer instead. Among the hits that satisfy the anchor, the ones of the reports that fit the
month best are kept: a report dated in the month, or reporting on a period that includes it, or one
dated in the months just after it (the Secretary-General reports on a period once it has ended);
or, for an event's date, a paragraph that states the month itself, not as the date of a report
or letter it cites ("since my report of 26 June 1998"), in a report written after it: one dated
before the month only foresees what happened in it ("elections are scheduled for 20 June").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.answers.holdings import is_about
from assistant.answers.reading import Reading
from assistant.catalogue import Catalogue
from assistant.names_dates import covers, reporting_period
from assistant.types import Filters, Hit, Passage

if TYPE_CHECKING:
    from assistant.retrieval import Engine

# A report is written within a few months of the period it covers: the UNMIT report of
# 4 February 2009 states the police strength "as at 20 January".
_REPORTED_WITHIN = 3  # months after the asked month

_OF_THE_MONTH = 3  # month_fit: the report is of the month (dated in it, or its period holds it)
_REPORT_FITS = 2  # dated in the months just after it: the least fit searched within

# The month as the date of a document the paragraph cites, not of what happened then.
_CITED = re.compile(
    r"\b(?:report|letter|note|resolution|statement|decision)s?\b[^.;]{0,40}?"
    r"\b(?:of|dated)\s+(?:\d{1,2}\s+)?$",
    re.IGNORECASE,
)


def month_fit(anchor: Anchor, passage: Passage) -> int:
    """How surely ``passage`` is of the month ``anchor`` names: 3, its report is dated in that
    month or reports on a period that includes it, or (an event's date) it states the month;
    2, its report is dated in the months just after, and its title states no period; 1, it
    satisfies the anchor otherwise (a report of the same year, a month cited as a document's
    date); 0, not at all."""
    return _fit(anchor, passage, _report_fit(anchor.month, passage.date, passage.title))


def _fit(anchor: Anchor, passage: Passage, report_fit: int) -> int:
    """:func:`month_fit`, given its report's (:func:`_report_fit`)."""
    if report_fit == _OF_THE_MONTH or (
        anchor.loose
        and _months_after(anchor.month, passage.date) >= 0  # a report before it only foresees it
        and _states(anchor, passage.text)
    ):
        return _OF_THE_MONTH
    return report_fit or (1 if anchor.named_in(passage) else 0)


def best_dated(anchors: Sequence[Anchor], hits: Sequence[Hit]) -> list[Hit]:
    """The ``hits`` of the reports that fit the question's month best (its one date, or the one
    it names a report by): a report fits as well as its best hit (:func:`month_fit`), so a
    paragraph that does not repeat the month stays with the one of its report that does. Of
    several reports that fit by their date or period alone, the one dated nearest after the
    month: "as at 20 January 2009" is the state the report of February gives, not the one whose
    period opens on 21 January. All the hits when the question names no month, a year besides
    it ("between 2016 and September 2019": alternatives, each answered by its own report), or
    several months."""
    month = _one_month(anchors)
    if month is None or not hits:
        return list(hits)
    fit: dict[str, int] = {}
    by_date: dict[str, int] = {}  # months after the asked one, of a report that fits by its date
    for h in hits:
        p = h.passage
        report_fit = _report_fit(month.month, p.date, p.title)
        fit[p.doc_id] = max(fit.get(p.doc_id, 0), _fit(month, p, report_fit))
        if report_fit == _OF_THE_MONTH:
            by_date[p.doc_id] = max(0, _months_after(month.month, p.date))
    best = max(fit.values())
    if not best:
        return list(hits)
    keep = {d for d, f in fit.items() if f == best}
    if best == _OF_THE_MONTH and len(nearby := {d: by_date[d] for d in keep if d in by_date}) > 1:
        keep -= {d for d, after in nearby.items() if after > min(nearby.values())}
    if (
        not month.loose
        and month.day
        and (of_the_day := {h.passage.doc_id for h in hits if h.passage.date == month.day} & keep)
    ):
        keep = of_the_day  # "the addendum of 2 May 1990": the report of that very day (a state
        # "as at 18 August" is in the report written after it)
    return [h for h in hits if h.passage.doc_id in keep]


def of_the_month(
    engine: Engine, reading: Reading, catalogue: Catalogue | None, k: int, filters: Filters | None
) -> list[Hit]:
    """The best passages of the mission's reports that fit the question's month by their date
    or period (:func:`month_fit` 3 or 2), searched within those reports: a mission has two to
    four reports a year with near-identical paragraphs, and the report of the month may rank
    below the others' for the whole question. Empty when the question names no mission or place
    and one month, when the search is already scoped, or when no indexed report fits."""
    month = _one_month(reading.anchors)
    if month is None or catalogue is None or (filters is not None and not filters.is_empty()):
        return []
    about = [a for a in reading.anchors if a.kind in (AnchorKind.MISSION, AnchorKind.PLACE)]
    fits = {
        e.record.doc_id: fit
        for e in catalogue.entries.values()
        if e.record.doc_type == "report"
        and (fit := _report_fit(month.month, e.record.date, e.record.title)) >= _REPORT_FITS
        and e.record.doc_id in engine.documents
        and any(is_about(a, e) for a in about)
    }
    if not fits:
        return []
    best = max(fits.values())
    docs = tuple(d for d, f in fits.items() if f == best)
    return engine.retrieve(reading.standalone, top_k=k, filters=Filters(doc_ids=docs))


def _one_month(anchors: Sequence[Anchor]) -> Anchor | None:
    """The month that chooses the report: the question's one date, or the one a report is named
    by ("homicides in 2013 per the march 2014 minustah report": the year is the event's)."""
    dated = [a for a in anchors if a.kind in (AnchorKind.DATE, AnchorKind.YEAR)]
    of_report = [a for a in dated if a.month and not a.loose]
    if len(of_report) == 1:
        return of_report[0]
    return dated[0] if len(dated) == 1 and dated[0].month else None


def _report_fit(when: str, date: str, title: str) -> int:
    """:func:`month_fit` of a report by its date and title alone."""
    if covers(date, title, when):
        return _OF_THE_MONTH
    if reporting_period(title) is None and 0 < _months_after(when, date) <= _REPORTED_WITHIN:
        return _REPORT_FITS
    return 0


def _states(anchor: Anchor, text: str) -> bool:
    """Whether ``text`` states the anchor's month other than as a cited document's date."""
    return any(
        not _CITED.search(text[max(0, m.start() - 80) : m.start()])
        for pattern in anchor.patterns
        for m in pattern.finditer(text)
    )


def _months_after(when: str, date: str) -> int:
    """Whole months from ``when`` ("2009-08") to ``date``'s month; negative when before, 0 when
    either is unknown or the same month."""
    if len(date) < 7 or len(when) < 7 or not date[:4].isdigit() or not date[5:7].isdigit():
        return 0
    return (int(date[:4]) - int(when[:4])) * 12 + int(date[5:7]) - int(when[5:7])
