"""Whether the retrieved evidence mentions a question's anchors (:mod:`assistant.answers.anchors`).

The anchors no passage mentions, and the hits that cover the most kinds of anchor; a footnote
mentions only what it explains, and only when it bears on the rest of the question; a name or
place counts at document level. And the years a quoted text names instead of the year asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from assistant.answers.anchors import Anchor, AnchorKind, by_kind, glossary_mentions
from assistant.answers.dates import best_dated
from assistant.answers.unit_rules import cites_a_source
from assistant.glossary import Glossary
from assistant.text import split_sentences
from assistant.types import AnswerSentence, Citation, Hit, Passage

Bears = Callable[[Passage], bool]
Elsewhere = Callable[
    [Anchor, str], bool
]  # does the document (doc_id) name the anchor in a prose passage?


def years_instead(
    anchors: Sequence[Anchor], texts: Sequence[str], reported: Sequence[str] = ()
) -> list[str]:
    """The years ``texts`` name when each names a year and none the year the question asks
    about: "How many cholera cases in 2017?" quoted from a 2017 report's "41,110 suspected cases
    ... in 2016" answers for 2016. Empty when the question names no year, or a text names its
    year. A text that names no year is about its report's time (``reported``: each text's report
    date, "" for none): the report's year or the one before, which a report looks back on; with
    no report date it may be about any year."""
    asked = [a for a in anchors if a.kind is AnchorKind.YEAR]
    if not asked or not texts:
        return []
    named: list[str] = []
    for text, date in zip(texts, [*reported, *[""] * (len(texts) - len(reported))], strict=True):
        years = _years_in(text)
        # a sentence naming no year speaks of its report's time ("A total of 635 protests were
        # recorded. This is an increase from 496 ... 2016": the first is of the report's period)
        if date[:4].isdigit() and any(not _years_in(text[a:b]) for a, b in split_sentences(text)):
            if int(date[:4]) - 1 in _asked_years(asked):
                return []
            years = list(dict.fromkeys([*years, date[:4]]))  # the report's own year is met below
        if (
            not years
            or any(p.search(text) for a in asked for p in a.patterns)
            or any(_is_year_of(y, a.text) for a in asked for y in years)
            or any(  # "the plan for 2017–2021" is of 2019 too
                a.text.isdigit() and first <= int(a.text) <= last
                for a in asked
                for first, last in _spans(text)
            )
        ):
            return []
        named.extend(years)
    return sorted(set(named), key=named.index)


def _asked_years(asked: Sequence[Anchor]) -> set[int]:
    return {int(a.text) for a in asked if a.text.isdigit()}


def quoted_years_instead(
    anchors: Sequence[Anchor], sentences: Sequence[AnswerSentence], citations: Sequence[Citation]
) -> list[str]:
    """:func:`years_instead` for an answer's sentences, each dated by its first citation's
    report ("" for a document that is no report)."""
    dates = {c.n: c.date if c.doc_type == "report" else "" for c in citations}
    reported = [dates.get(s.citations[0], "") if s.citations else "" for s in sentences]
    return years_instead(anchors, [s.text for s in sentences], reported)


# A year in prose, or a span of them ("2016/2017", "2016/17", "2012-2013"); not inside a symbol ("S/2017/223").
_YEARS = re.compile(
    r"(?<![A-Za-z]/)(?<![\d/])(19[4-9]\d|20[0-4]\d)(?:\s?/\s?(\d{4}|\d{2})|\s?[–-]\s?(\d{4}))?(?![\d/])"
)


def _is_year_of(year: str, asked: str) -> bool:
    """Whether ``year`` is the asked year, or falls in the asked decade ("2015" in "the 2010s")."""
    return year == asked or (asked.endswith("s") and year[:3] == asked[:3])


def _spans(text: str) -> list[tuple[int, int]]:
    """The years ``text`` names, each as a span: "2019" is (2019, 2019), "2017–2021" (2017, 2021)."""
    out = []
    for m in _YEARS.finditer(text):
        end = m.group(2) or m.group(3)
        last = (end if len(end) == 4 else m.group(1)[:2] + end) if end else m.group(1)
        out.append((int(m.group(1)), int(last)))
    return out


def _years_in(text: str) -> list[str]:
    return [str(y) for span in _spans(text) for y in dict.fromkeys(span)]


def explained(passage: Passage, bears: Bears | None = None) -> Passage | None:
    """The passage as anchors read it. A footnote holds only its sentences that explain, not
    those that cite a source ("See S/2019/805, para. 12" mentions a mission in passing; "The
    United States ... is unlikely to join forces with China" is about the United States), and
    nothing unless it ``bears`` on the rest of the question: a note naming "MINUSCA and MINUSMA"
    among new mandates does not make MINUSCA's budget covered. ``None`` for a footnote that does
    not bear on it: it mentions nothing, not even through its document's title or date."""
    if not passage.is_footnote:
        return passage
    if bears is None or not bears(passage):
        return None
    text = passage.text
    return replace(
        passage,
        text=" ".join(text[a:b] for a, b in split_sentences(text) if not cites_a_source(text[a:b])),
    )


def missing_anchors(
    anchors: Sequence[Anchor],
    passages: Iterable[Passage],
    *,
    bears: Bears | None = None,
    elsewhere: Elsewhere | None = None,
) -> list[Anchor]:
    """The anchors no passage mentions; a footnote mentions only what it explains, when it bears
    on the question (:func:`explained`): a source cited in passing is not coverage. A name or
    place counts as mentioned by a passage whose document names it ``elsewhere``."""
    passages = [e for p in passages if (e := explained(p, bears)) is not None]
    missing = [a for a in anchors if not any(_mentions(a, p, elsewhere) for p in passages)]
    return missing or _apart(anchors, passages)


def _apart(anchors: Sequence[Anchor], passages: Sequence[Passage]) -> list[Anchor]:
    """A mission and a date the question asks together that no passage holds together ("UNIFIL
    in March 2010": a 1991 report that mentions UNIFIL and a 2010 report of another mission do
    not answer it), as one missing anchor; [] when one does, or the question asks no such pair."""
    missions = [a for a in anchors if a.kind is AnchorKind.MISSION]
    dates = [a for a in anchors if a.kind in (AnchorKind.DATE, AnchorKind.YEAR)]
    together = any(
        any(m.mentioned_in(p) for m in missions) and any(d.mentioned_in(p) for d in dates)
        for p in passages
    )
    if not missions or not dates or together:
        return []
    return [replace(dates[0], text=f"{missions[0].text} in {dates[0].text}")]


def _mentions(a: Anchor, p: Passage, elsewhere: Elsewhere | None) -> bool:
    return a.mentioned_in(p) or (
        elsewhere is not None and a.kind in _DOCUMENT_LEVEL and elsewhere(a, p.doc_id)
    )


def mentions_all(anchors: Sequence[Anchor], passage: Passage) -> bool:
    return all(a.mentioned_in(passage) for a in anchors)


# A name or place the question holds (a demonym, a town) is what a document is about rather than
# a word each of its paragraphs repeats: a paragraph of a document that mentions it elsewhere (in
# another of the hits, or in any prose passage of the document: "Timorese" for UNMIT's report,
# whose paragraph on PNTL certification says "PNTL") counts as mentioning it. Missions, documents, symbols, articles, roles ("Who was the
# Special Representative ...?" wants the paragraph that names her) and years stay strict (a year
# already counts at document level, through the document's date).
_DOCUMENT_LEVEL = frozenset({AnchorKind.NAME, AnchorKind.PLACE})


def best_anchored(
    anchors: Sequence[Anchor],
    hits: Sequence[Hit],
    *,
    bears: Bears | None = None,
    elsewhere: Elsewhere | None = None,
) -> list[Hit]:
    """The hits that cover the most kinds of anchor. Anchors of one kind are alternatives: "between
    2016 and 2019" is answered by a paragraph of each year, "MINUSCA and MONUSCO" by one on each
    mission; a paragraph that mentions none of the question's missions is not evidence however
    well it covers the rest. Of those, a question's month keeps the reports that fit it best
    (:func:`assistant.answers.dates.best_dated`). A footnote covers only through what it
    explains, and only when it ``bears`` on the question (:func:`explained`)."""
    if not anchors:
        return list(hits)
    kinds = by_kind(anchors)
    prose = [explained(h.passage, bears) for h in hits]
    docs_naming = {
        id(a): {p.doc_id for p in prose if p is not None and a.mentioned_in(p)}
        for a in anchors
        if a.kind in _DOCUMENT_LEVEL
    }
    # An event's date ("the La Saline killings in November 2018") is stated where the report
    # first tells of the event; its later paragraphs name the event, not the date, so a loose date
    # counts for a hit that names the event (a name of the question) where another hit of its
    # document names the event with the date. A paragraph naming no such event gets nothing.
    events = [a for a in anchors if a.kind is AnchorKind.NAME]
    dated = {  # (document, event) pairs a hit names with the event's date
        id(a): {
            (p.doc_id, id(e))
            for p in prose
            if p and a.mentioned_in(p)
            for e in events
            if e.mentioned_in(p)
        }
        for a in anchors
        if a.kind is AnchorKind.DATE and a.loose
    }

    def mentions(a: Anchor, p: Passage) -> bool:
        if id(a) in dated and any(
            (p.doc_id, id(e)) in dated[id(a)] and e.mentioned_in(p) for e in events
        ):
            return True
        return p.doc_id in docs_naming.get(id(a), ()) or _mentions(a, p, elsewhere)

    missions = kinds.get(AnchorKind.MISSION, [])
    counts = [
        (False, 0)
        if p is None
        else (
            any(mentions(a, p) for a in missions),  # first: the mission asked about
            sum(any(mentions(a, p) for a in group) for group in kinds.values()),
        )
        for p in prose
    ]
    best = max(counts, default=(False, 0))
    return best_dated(
        anchors, [h for h, c in zip(hits, counts, strict=True) if c == best and c[1] > 0]
    )


def missions_in(passages: Iterable[Passage], glossary: Glossary | None) -> list[str]:
    """Missions the passages are about (by their document titles, then their text), most named first."""
    if glossary is None:
        return []
    counts: dict[str, int] = {}
    for p in passages:
        for entry, kind, _ in glossary_mentions(f"{p.title} {p.symbol}", glossary):
            if kind is AnchorKind.MISSION:
                counts[entry.term] = counts.get(entry.term, 0) + 3
        for entry, kind, _ in glossary_mentions(p.text, glossary):
            if kind is AnchorKind.MISSION:
                counts[entry.term] = counts.get(entry.term, 0) + 1
    return sorted(counts, key=lambda t: -counts[t])
