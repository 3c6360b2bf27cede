"""What the catalogue holds, for refusing what it does not: a question that names an instrument
the catalogue does not hold ("Additional Protocol III", "the Rome Statute"), a report of a date
a mission's series has no report of ("the June 2010 UNMIT report"), or a period after the
reports' coverage ("MINUJUSTH's budget for 2022-23") is answered with a plain refusal and the
closest indexed material as related, not with a same-topic passage about something else.

The instrument is found by its form (a name before "Statute", "Convention", "Protocol",
"Treaty", "Covenant", "Charter" or "Accord", with its number), not from a list: it is held when
a catalogue or glossary name holds it (its number included: "Protocol III" is not "Protocol
II"), and answerable still when an indexed passage names it ("the Hague Convention of 1954" is
quoted by AP I).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.answers.edition_years import editions
from assistant.answers.reading import Reading
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import Glossary
from assistant.lexicon import DOCUMENT_VERBS, NUMBER_WORDS
from assistant.names import covers, fold
from assistant.text import file_name_words, stopwords
from assistant.types import Hit, Passage

_INSTRUMENT = re.compile(
    r"\b(?P<lead>(?:[\w'’-]+\s+){0,3}?)(?P<kind>statute|convention|protocol|treaty|covenant|"
    r"charter|accord)s?\b(?:\s+(?P<number>[IVX]{1,4}|\d{1,2})\b)?",
    re.IGNORECASE,
)
# An instrument named by what it is on, after its kind: "the Convention on Cluster Munitions",
# "the convention against torture" (its name runs to a small word or the verb asked).
_INSTRUMENT_ON = re.compile(
    r"\b(?P<kind>convention|protocol|treaty|covenant|charter|statute)\s+(?P<rel>on|against)\s+"
    r"(?:the\s+)?(?P<tail>[\w'’-]+(?:\s+[\w'’-]+){0,3})",
    re.IGNORECASE,
)
_REPORT = re.compile(r"\breports?\b", re.IGNORECASE)
_LAW_KINDS = ("law", "document", "initiative")
_NOT_A_NAME = frozenset("additional optional".split())  # alone, they name no instrument


def instruments_named(question: str, *, typed: str = "") -> list[str]:
    """The instruments ``question`` names, as written: "Additional Protocol III", "rome statute";
    not "the Convention" alone, which names none. ``typed``: the question as the user typed it,
    before the name layer wrote its known names and its first letter in capitals (default
    ``question``)."""
    out: list[str] = []
    # In a question written with capitals, an instrument's name is capitalised ("the Rome
    # Statute", not "What confidentiality convention"); in one typed in lower case, any may be.
    cased = (typed or question).lstrip()[:1].isupper()
    for m in _INSTRUMENT.finditer(question):
        lead = m.group("lead").split()
        for i in range(len(lead) - 1, -1, -1):  # the name is the run after the last small word
            if fold(lead[i]) in stopwords():
                lead = lead[i + 1 :]
                break
        while lead and fold(lead[0]) in NUMBER_WORDS:
            lead = lead[1:]  # "the two additional protocols": a count (a year names: "1954 Hague")
        if not lead or (cased and not all(w[:1].isupper() for w in lead)):
            continue
        if len(lead) == 1 and fold(lead[0]) in _NOT_A_NAME and not m.group("number"):
            continue
        words = [*lead, m.group("kind"), *([m.group("number")] if m.group("number") else [])]
        out.append(" ".join(words))
    for m in _INSTRUMENT_ON.finditer(question):
        tail: list[str] = []
        for word in m.group("tail").split():
            if (
                fold(word) in stopwords()
                or fold(word).removesuffix("s") in DOCUMENT_VERBS
                or (cased and not word[:1].isupper())  # written with capitals: its name has them
            ):
                break
            tail.append(word)
        if tail:
            out.append(" ".join([m.group("kind"), m.group("rel"), *tail]))
    return out


def _bounded(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(key)}(?:e?s)?(?![a-z0-9])")


def held(name: str, catalogue: Catalogue | None, glossary: Glossary | None) -> bool:
    """Whether a catalogue document or a glossary entry for a law or document holds ``name``
    (word for word once folded, its number included). A year before the name ("the 1977
    additional protocols") is the year of the instrument: held when a catalogue document of that
    name is dated in it ("the 1929 geneva convention" is not the one of 1949)."""
    if (m := _YEAR_FIRST.match(name)) and catalogue is not None:
        pattern, year = _bounded(fold(m.group("rest"))), m.group("year")
        return any(
            entry.record.date[:4] == year
            and any(pattern.search(fold(n)) for n in catalogue.names(d))
            for d, entry in catalogue.entries.items()
        )
    pattern = _bounded(fold(name))
    return any(pattern.search(fold(f)) for f in _law_forms(catalogue, glossary))


_YEAR_FIRST = re.compile(r"^(?P<year>1[89]\d\d|20\d\d)\s+(?P<rest>.+)$")


def _law_forms(catalogue: Catalogue | None, glossary: Glossary | None) -> list[str]:
    """Every name the catalogue's documents and the glossary's laws and documents go by."""
    forms: list[str] = []
    if catalogue is not None:
        forms += [n for d in catalogue.entries for n in catalogue.names(d)]
    if glossary is not None:
        forms += [
            f
            for e in glossary.entries
            if e.kind in _LAW_KINDS
            for f in (e.term, *e.aliases, e.full, *e.variants)
        ]
    return forms


def as_written(name: str, catalogue: Catalogue | None, glossary: Glossary | None) -> str:
    """``name`` as the documents write an instrument's name, not as typed: each word as a
    catalogue or glossary name writes it, a Roman numeral in capitals, any other word with its
    capital (an instrument's name is a proper name): "additional protocol iii" -> "Additional
    Protocol III", "rome statute" -> "Rome Statute"."""
    written: dict[str, str] = {}
    for form in _law_forms(catalogue, glossary):
        for word in form.split():
            if word[:1].isupper() and not word.isupper():
                written.setdefault(fold(word), word)
    out = []
    for i, word in enumerate(name.split()):
        if _ROMAN_NUMERAL.fullmatch(word):
            out.append(word.upper())
        elif i and fold(word) in stopwords():  # "Convention on Cluster Munitions"
            out.append(word.lower())
        else:
            out.append(written.get(fold(word), word[:1].upper() + word[1:]))
    return " ".join(out)


_ROMAN_NUMERAL = re.compile(r"(?i)[ivx]{1,4}")


def unheld_instruments(
    question: str,
    passages: Iterable[Passage],
    *,
    catalogue: Catalogue | None,
    glossary: Glossary | None,
    typed: str = "",
) -> list[str]:
    """The instruments ``question`` names that the catalogue does not hold and no passage names
    (``typed`` as for :func:`instruments_named`)."""
    names = [
        n for n in instruments_named(question, typed=typed) if not held(n, catalogue, glossary)
    ]
    if not names:
        return []
    texts = [fold(p.text) for p in passages]
    return [n for n in names if not any(_bounded(fold(n)).search(t) for t in texts)]


def series(anchors: Sequence[Anchor], catalogue: Catalogue) -> list[CatalogueEntry]:
    """The reports of the missions or places the anchors name (every report when they name
    none), oldest first."""
    about = [a for a in anchors if a.kind in (AnchorKind.MISSION, AnchorKind.PLACE)]
    reports = [e for e in catalogue.entries.values() if e.record.doc_type == "report"]
    if about:
        reports = [e for e in reports if any(is_about(a, e) for a in about)]
    return sorted(reports, key=lambda e: e.record.date)


def is_about(anchor: Anchor, entry: CatalogueEntry) -> bool:
    """Whether the report ``entry`` is of the mission or place ``anchor`` names."""
    # A report's mission is read where the editions' series read it: its title, short title,
    # symbol and file name ("UNPROFOR_S_1995_1031.pdf": a title that names only a resolution).
    record = entry.record
    # a title in capitals names its places too ("THE SITUATION IN ABKHAZIA, GEORGIA")
    title = f"{record.title} {record.title.title()}" if record.title.isupper() else record.title
    text = " ".join((title, record.short_title, record.symbol, file_name_words(record.path)))
    return any(p.search(text) for p in (*anchor.patterns, *anchor.places))


def unheld_report(question: str, anchors: Sequence[Anchor], catalogue: Catalogue | None) -> str:
    """A refusal when the question asks for a report of a date ("the September 2009 report", "the
    2010 report on UNMIT") that the series does not hold; "" when it holds one, or when the
    question names its document otherwise."""
    dates = [
        a
        for a in anchors
        if a.kind in (AnchorKind.DATE, AnchorKind.YEAR) and _is_when(a) and not a.loose
    ]  # the dates the question gives a report ("the June 2010 report"), not an event's
    if (
        catalogue is None
        or not dates
        or not _REPORT.search(question)
        or any(a.kind in (AnchorKind.DOCUMENT, AnchorKind.SYMBOL) for a in anchors)
    ):
        return ""
    reports = series(anchors, catalogue)
    if any(_of(e, a) for e in reports for a in dates):
        return ""  # a report of that date is indexed, or listed (the not-indexed note says so)
    held_reports = [e for e in reports if e.indexed]  # what "it holds" may name
    if not held_reports:
        return ""
    asked = " or ".join(_texts(dates))
    on = _on(anchors)
    listed = "; ".join(_dated(e) for e in held_reports[-3:])
    return (
        f"The corpus holds no report{on} of {asked}, so pocdoc cannot quote one. "
        f"The reports{on} it holds are {listed}."
    )


def after_coverage(anchors: Sequence[Anchor], catalogue: Catalogue | None) -> str:
    """A note when every year the question asks about is after the last report of its series:
    "MINUJUSTH's budget for 2022-23" over reports that end in 2019; "" otherwise."""
    dates = [a for a in anchors if a.kind in (AnchorKind.DATE, AnchorKind.YEAR) and _is_when(a)]
    if catalogue is None or not dates:
        return ""
    indexed = [e for e in series(anchors, catalogue) if e.indexed and e.record.date]
    if not indexed:
        return ""
    last = indexed[-1]
    if all(_year(a) > last.record.date[:4] for a in dates):
        on, asked = _on(anchors), " and ".join(_texts(dates))
        return f"The indexed reports{on} end with {_dated(last)}: {asked} is after what they cover."
    return ""


def _texts(anchors: Sequence[Anchor]) -> list[str]:
    """The anchors' texts, each once ("abkhaz sides ... in Abkhazia" names Abkhazia once)."""
    return list(dict.fromkeys(a.text for a in anchors))


def _on(anchors: Sequence[Anchor]) -> str:
    """ " on <the missions and places named>", or "" when none is."""
    about = _texts([a for a in anchors if a.kind in (AnchorKind.MISSION, AnchorKind.PLACE)])
    return f" on {' and '.join(about)}" if about else ""


def _is_when(anchor: Anchor) -> bool:
    return anchor.kind is AnchorKind.DATE or (len(anchor.text) == 4 and anchor.text.isdigit())


def _year(anchor: Anchor) -> str:
    return anchor.month[:4] if anchor.month else anchor.text[:4]


def _of(entry: CatalogueEntry, anchor: Anchor) -> bool:
    record = entry.record
    when = anchor.month or anchor.text
    return record.date.startswith(when) or covers(record.date, record.title, when)


def _dated(entry: CatalogueEntry, *, note: str = "") -> str:
    name = entry.record.symbol or entry.record.short_title or entry.record.title
    about = "; ".join(filter(None, (entry.record.date, note)))
    return f"{name} ({about})" if about else name


def refusal(
    reading: Reading,
    pool: Sequence[Hit],
    *,
    catalogue: Catalogue | None,
    glossary: Glossary | None,
) -> str:
    """Why the question cannot be answered from what the catalogue holds, in one or two
    sentences; "" when it may be. ``pool`` is what retrieval found for it."""
    question, anchors = reading.standalone, reading.anchors
    passages = [h.passage for h in pool]
    unheld = unheld_instruments(
        question, passages, catalogue=catalogue, glossary=glossary, typed=reading.question
    )
    if unheld:
        names = " or ".join(f"'{as_written(n, catalogue, glossary)}'" for n in unheld)
        return (
            f"The corpus holds no document called {names}: the index does not hold it, the "
            "manifest does not list it and no indexed passage names it, so pocdoc cannot quote it."
        )
    return unheld_report(question, anchors, catalogue) or unheld_edition(
        question, anchors, catalogue
    )


def unheld_edition(question: str, anchors: Sequence[Anchor], catalogue: Catalogue | None) -> str:
    """A refusal when the question names a dated document by a later year than its own ("the
    PoC Week 2023 side event"): the year written against the name is the edition asked for, and
    the corpus holds an earlier one. A year the text happens to mention ("the 2021-2023
    priorities") would otherwise pass for it. "" when the years agree or stand apart."""
    if catalogue is None:
        return ""
    for edition in editions(question, anchors, catalogue):
        if edition.later:
            held = "; ".join(
                _dated(e, note="" if e.indexed else "not indexed") for e in edition.entries
            )
            verb = "holds" if any(e.indexed for e in edition.entries) else "lists"
            year = edition.year
            return f"The corpus {verb} {held}, not a {year} edition, so pocdoc cannot quote one."
    return ""
