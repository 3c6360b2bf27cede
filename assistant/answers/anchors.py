"""The names a question is about (missions, documents, articles, years, places, roles), found
in its wording; whether the retrieved evidence mentions them is :mod:`assistant.answers.mentions`.

A passage about MINUSTAH's budget is on topic for "What was MINUSCA's budget?" and still wrong:
the question's anchor, MINUSCA, is missing. Each anchor carries the forms that count as a mention
(a mission's acronym, full name, other spellings and the places it serves); a passage mentions an
anchor when its text, its document's title or symbol, or its paragraph label holds one of them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import Glossary, GlossaryEntry
from assistant.lexicon import OFFICE_INITIALS, alternation
from assistant.names import NameIndex, compact, covers, fold, mission_names, names_report
from assistant.symbols import MONTH_NAMES, MONTHS, SYMBOL_RE
from assistant.text import content_words, file_name_words, search_any_case
from assistant.types import Passage


class AnchorKind(StrEnum):
    MISSION = "mission"
    DOCUMENT = "document"
    SYMBOL = "symbol"
    ARTICLE = "article"
    YEAR = "year"
    DATE = "date"  # a month of a year ("September 2009"): the text says it or the report is of it
    PLACE = "place"
    ROLE = "role"
    NAME = "name"
    PHRASE = "phrase"  # words the question quotes ("'Securing the future'"): the passage holds them


@dataclass(frozen=True)
class Anchor:
    """One name the question is about, and the forms that count as mentioning it."""

    kind: AnchorKind
    text: str  # as the question writes it
    patterns: tuple[re.Pattern[str], ...] = ()
    doc_ids: tuple[str, ...] = ()  # documents that are about it by definition (a named document)
    article: str = ""  # "Art. 79" for an article anchor
    places: tuple[
        re.Pattern[str], ...
    ] = ()  # a mission's places: a passage on Haiti is on MINUSTAH
    folded: tuple[str, ...] = ()  # forms matched with case, accents and spacing folded
    fuzzy: float = 0.0  # least partial ratio for a name spelled otherwise (0: exact forms only)
    month: str = ""  # "2009-09" for a date anchor
    day: str = ""  # "1990-05-02" for a date anchor that names its day
    loose: bool = False  # an event's date, not a report's ("on 29 September 2018")

    def mentioned_in(self, passage: Passage) -> bool:
        return self.named_in(passage) or self._holds(passage, self.places)

    def named_in(self, passage: Passage) -> bool:
        """Mentioned by name, not by place: of "MINUSTAH and MINUJUSTH", both in Haiti, a passage
        on Haiti names neither."""
        if passage.doc_id in self.doc_ids:
            return True
        if self.article and passage.paragraph.split("(")[0] == self.article:
            return True
        if self.kind is AnchorKind.YEAR and _of_year(passage, self.text):
            return True
        if self.month and (
            covers(passage.date, passage.title, self.month)
            or (self.loose and passage.date[:4] == self.month[:4])
        ):
            return True
        return self._holds(passage, self.patterns) or self._folded_in(passage)

    def _folded_in(self, passage: Passage) -> bool:
        """A form found once case, accents, hyphens and a PDF's broken spacing are folded away
        ("Moise" in "Moïse", "Zahir Tanin" in "Zahir Ta nin"), or a name within ``fuzzy``."""
        if not self.folded:
            return False
        texts = [fold(h) for h in (passage.text, passage.title) if h]
        if any(_bounded(f).search(t) for f in self.folded for t in texts):
            return True
        long = [compact(f) for f in self.folded if len(f.replace(" ", "")) >= _COMPACT_MIN]
        if long and any(c in t.replace(" ", "") for c in long for t in texts):
            return True
        # two words or more, against runs of as many words ("Optional" is close to "operational")
        return bool(self.fuzzy) and any(
            process.extractOne(
                f, _runs(t, f.count(" ") + 1), scorer=fuzz.ratio, score_cutoff=self.fuzzy
            )
            for f in self.folded
            if len(f) >= _FUZZY_MIN and " " in f
            for t in texts
        )

    @staticmethod
    def _holds(passage: Passage, patterns: Sequence[re.Pattern[str]]) -> bool:
        haystacks = (
            passage.text,
            passage.title,
            passage.symbol,
            passage.section_label,
            passage.issuing_body,
            file_name_words(passage.source),  # "UNPROFOR_S_1995_1031.pdf": a title naming none
        )
        return any(search_any_case(p, h) for p in patterns for h in haystacks)


_COMPACT_MIN = 8  # shorter forms run into neighbouring words once spaces are gone ("chad")
_FUZZY_MIN = 6


@lru_cache(maxsize=1024)
def _bounded(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(form)}(?:e?s)?(?![a-z0-9])")


def _runs(text: str, n: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def _of_year(passage: Passage, year: str) -> bool:
    """A passage of a document dated in ``year``, or whose reporting period covers it."""
    return passage.date.startswith(year) or (
        len(year) == 4 and covers(passage.date, passage.title, year)
    )


_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{MONTHS})\s+(?:(?P<day2>\d{{1,2}}),?\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_ARTICLE = re.compile(r"\b(?:Article|Art\.?)\s*(\d{1,3})\b", re.IGNORECASE)
_YEAR = re.compile(
    r"(?<![\d/])(?:19[4-9]\d|20[0-4]\d)(?:s\b)?(?![\d/])"
)  # a year, or a decade ("the 2000s")


_ROLE = re.compile(
    r"\b(?:(?:Deputy|Special|Senior|Chief|Principal|Joint|Head|Assistant|Under|Acting)[\s-]+)*"
    r"(?:[A-Z][\w-]*[\s-]+){0,3}"
    r"(?:(?:Adviser|Advisor|Commander|Commissioner|Representative|Envoy|Coordinator|Officer|Rapporteur|Director|Chief|Observer)s?\b"
    r"|Heads?(?=\s+of\s))"  # "the Head of the EULEX mission": a role, not a name
)
_CAPITALISED = re.compile(
    r"\b[A-Z][\w’'-]*(?:\s+(?:of|for|on|and|the|de|du|des|la|le|al)?\s*[A-Z][\w’'-]*)*"
)
_OFFICE_INITIALS = re.compile(rf"\b{alternation(OFFICE_INITIALS)}\b")
_POSSESSIVE = re.compile(r"['’]s$")
_QUOTES = re.compile(r"^[\"'‘’“”(]+|(?:['’]s)?[\"'‘’“”),.;:?!]*$")
_MONTHS = frozenset(MONTH_NAMES)
# A phrase in quotes: the opening quote after a space or the start, the closing one before a space,
# punctuation or the end (an apostrophe inside a word, "MINUJUSTH's", opens nothing)
_QUOTED = re.compile(
    r"""(?:(?<=[\s(])|^)["“‘'](?P<phrase>[^"“”‘’'\n]{3,80}?)["”’'](?=[\s,.;:?!)]|$)"""
)
# Capitalised words that name nothing a passage must repeat.
_GENERIC = frozenset(
    """what which who whom whose when where why how is are was were does do did can could should
    would may might must will the a an and or in on of for to by with from at as about under
    according list name define describe explain give tell un united nations security council general
    assembly secretary-general secretary mission missions peacekeeping peacekeepers operation
    operations protocol protocols convention conventions article articles report reports part
    section chapter annex state states party parties government member poc protection civilians
    civilian i ii iii iv tier tiers""".split()
)


# Where a run of capitalised words holds two names, or none ("PAX and Stimson Center", "What ...").
_SPLIT = frozenset(
    """and or what which who whom whose when where why how is are was were does do did can could
    should would may might must will""".split()
)


def find_anchors(
    question: str,
    *,
    glossary: Glossary | None,
    catalogue: Catalogue | None,
    names: NameIndex | None = None,
) -> list[Anchor]:
    """The anchors of ``question``: documents, symbols, articles, missions, places, dates, years,
    roles and other proper names, each once; a name inside a longer anchor is not also its own.
    With ``names`` (:mod:`assistant.names`), names, places, roles and quoted phrases are also
    found in passages that write them with other case, accents or spacing, a demonym through its
    place ("Salvadoran": "El Salvador"), and a name within the fuzzy threshold."""
    anchors: list[Anchor] = []
    taken: list[tuple[int, int]] = []

    def add(anchor: Anchor, span: tuple[int, int]) -> None:
        if any(span[0] < e and s < span[1] for s, e in taken):
            return
        taken.append(span)
        if names is not None and anchor.kind in _FOLDED:
            anchor = _with_folded(anchor, names)
        anchors.append(anchor)

    if catalogue:
        documents: dict[str, list[CatalogueEntry]] = {}
        for document, name in catalogue.named_in(question):
            documents.setdefault(name, []).append(document)
        missions = mission_names(glossary) if glossary else frozenset()
        # "the Additional Protocols": one anchor, either document
        for name, entries in documents.items():
            if fold(name) in missions:
                continue  # "ONUSAL" names the mission and its series, not the reports titled by it
            start = question.find(name)
            add(
                _document_anchor(
                    entries,
                    name,
                    tuple(p for e in entries for p in catalogue.name_patterns(e.record.doc_id)),
                ),
                (start, start + len(name)),
            )
    for m in SYMBOL_RE.finditer(question):
        add(Anchor(AnchorKind.SYMBOL, m.group(), (_literal(m.group()),)), m.span())
    for m in _ARTICLE.finditer(question):
        number = m.group(1)
        pattern = re.compile(rf"\b(?:Articles?|Art\.?)\s*{number}\b", re.IGNORECASE)  # cited too
        # An article is a place inside a document: it never blocks the document anchor around it.
        anchors.append(Anchor(AnchorKind.ARTICLE, m.group(), (pattern,), article=f"Art. {number}"))
        taken.append(m.span())
    if glossary is not None:
        for entry, kind, span in glossary_mentions(question, glossary):
            forms = (
                (entry.term, *entry.aliases, entry.full, *entry.variants)
                if kind is AnchorKind.MISSION
                else (question[span[0] : span[1]],)
            )
            places = entry.places if kind is AnchorKind.MISSION else ()
            # "MONUSCO's budget" is about MONUSCO
            named = _POSSESSIVE.sub("", question[span[0] : span[1]])
            literals = tuple(map(_literal, forms))
            add(Anchor(kind, named, literals, places=tuple(map(_literal, places))), span)
    for m in _QUOTED.finditer(question):
        phrase = " ".join(m.group("phrase").split())
        if content_words(phrase):
            add(Anchor(AnchorKind.PHRASE, phrase, (_literal(phrase, loose=True),)), m.span())
    for m in _DATE.finditer(question):
        month, year = m.group("month"), m.group("year")
        pattern = re.compile(rf"\b{month}\s+(?:\d{{1,2}},?\s+)?{year}\b")
        when = f"{year}-{MONTH_NAMES.index(month) + 1:02d}"
        day = f"{when}-{int(d):02d}" if (d := m.group("day") or m.group("day2")) else ""
        loose = not names_report(question, m.span())  # "the September 2009 report" is strict
        a = Anchor(AnchorKind.DATE, f"{month} {year}", (pattern,), month=when, day=day, loose=loose)
        add(a, m.span())
    for m in _YEAR.finditer(question):
        loose = not names_report(question, m.span())
        add(Anchor(AnchorKind.YEAR, m.group(), (_literal(m.group()),), loose=loose), m.span())
    for m in _ROLE.finditer(question):
        add(Anchor(AnchorKind.ROLE, m.group(), (_literal(m.group(), loose=True),)), m.span())
    if glossary is not None:  # other glossary terms (concepts, entities) are expanded, not required
        taken.extend(span for _, _, span in glossary.mention_spans(question, link_places=False))
    # an office typed by its initials is the glossary's, the name after it the question's own
    # ("SRSG Atul Khare": the SRSG, and Atul Khare)
    masked = _OFFICE_INITIALS.sub(lambda m: " " * len(m.group()), question)
    for m in _CAPITALISED.finditer(masked):
        for name, span in _names(m):
            if span[0] or " " in name:  # a lone capitalised first word is just the start
                add(Anchor(AnchorKind.NAME, name, (_literal(name, loose=True),)), span)
    return anchors


# Anchor kinds whose forms are also matched folded (case, accents, spacing) and, for a name, fuzzily.
_FOLDED = frozenset({AnchorKind.NAME, AnchorKind.PLACE, AnchorKind.ROLE, AnchorKind.PHRASE})


def _with_folded(anchor: Anchor, names: NameIndex) -> Anchor:
    forms = [anchor.text, *names.related(anchor.text)]
    fuzzy = names.fuzzy_threshold if anchor.kind is AnchorKind.NAME else 0.0
    return replace(
        anchor,
        folded=tuple(dict.fromkeys(f for f in map(fold, forms) if f)),
        fuzzy=0.0 if fuzzy >= 100 else fuzzy,
    )


def _names(match: re.Match[str]) -> list[tuple[str, tuple[int, int]]]:
    """The proper names in a run of capitalised words, split at "and", "or", question words and
    months ("PAX and Stimson Center" -> "PAX", "Stimson Center"), generic words trimmed from
    their ends but kept inside ("the Joint Protection Team" is one name, not "Joint" and "Team"),
    quotes and possessives trimmed."""
    out: list[tuple[str, tuple[int, int]]] = []
    run: list[tuple[str, int, int]] = []
    for w in [*re.finditer(r"\S+", match.group()), None]:
        word = _QUOTES.sub("", w.group()) if w else ""
        if w is None or not word or word.casefold() in _SPLIT or word in _MONTHS:
            while run and run[-1][0].casefold() in _GENERIC:
                run.pop()
            if run:
                out.append(
                    (
                        " ".join(t for t, _, _ in run),
                        (match.start() + run[0][1], match.start() + run[-1][2]),
                    )
                )
            run = []
            continue
        if run or word.casefold() not in _GENERIC:
            run.append((word, w.start(), w.end()))
    return [(name, span) for name, span in out if len(name) >= 2 and not name.isdigit()]


def by_kind(anchors: Sequence[Anchor]) -> dict[AnchorKind, list[Anchor]]:
    """The anchors grouped by kind, in the question's order: anchors of one kind are alternatives."""
    kinds: dict[AnchorKind, list[Anchor]] = {}
    for a in anchors:  # a month and a year are alternatives too ("between 2016 and September 2019")
        kinds.setdefault(AnchorKind.YEAR if a.kind is AnchorKind.DATE else a.kind, []).append(a)
    return kinds


def _document_anchor(
    entries: Sequence[CatalogueEntry], name: str, names: tuple[re.Pattern[str], ...]
) -> Anchor:
    return Anchor(
        AnchorKind.DOCUMENT,
        name,
        (_literal(name), *names),
        doc_ids=tuple(e.record.doc_id for e in entries),
    )


def glossary_mentions(
    text: str, glossary: Glossary
) -> Iterator[tuple[GlossaryEntry, AnchorKind, tuple[int, int]]]:
    """(entry, anchor kind, span) for missions and places the glossary finds in ``text``."""
    for index, role, span in glossary.mention_spans(text):
        entry = glossary.entries[index]
        if entry.kind == "mission" and role != "place":
            yield entry, AnchorKind.MISSION, span
        elif role == "place" or entry.kind == "place":
            yield entry, AnchorKind.PLACE, span


def _literal(form: str, *, loose: bool = False) -> re.Pattern[str]:
    words = [re.escape(w) for w in form.split()]
    flags = re.IGNORECASE if loose else 0
    # a footnote marker may follow the name ("since the early 2000s¹"): it is not part of a word
    return re.compile(
        r"(?<![\w/])" + r"[\s-]+".join(words) + r"(?:s|['’]s)?(?![^\W⁰¹²³⁴⁵⁶⁷⁸⁹]|/)", flags
    )
