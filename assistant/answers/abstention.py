"""Abstaining: what the assistant says when the evidence does not answer the question.

An anchor no passage mentions, a document the manifest lists but the index lacks, a factoid whose
passages state no value of the kind asked or state it for other years only, or evidence too weak
to answer: each abstains, saying what is missing and which filters were on, and lists the closest
passages as related material, not as an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.answers.composer import citation_for
from assistant.answers.counting import asking_clause, asks_size, counted_noun
from assistant.answers.definitions import definitions_for
from assistant.answers.mentions import mentions_all, missions_in
from assistant.answers.questions import (
    Expect,
    Form,
    QuestionForm,
    singular,
    spelled_out,
)
from assistant.answers.reading import Reading
from assistant.answers.unit_rules import unstated
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import Glossary
from assistant.lexicon import QUANTITIES, UNIT_SPELLINGS, UNITS, alternation
from assistant.symbols import SYMBOL_RE
from assistant.text import content_words
from assistant.types import Answer, AnswerSentence, Definition, Filters, Hit

ABSTAIN_MESSAGE = (
    "The indexed corpus does not address this question. "
    "The closest passages are listed below as related material, not as an answer."
)
_RELATED = 3
# A factoid asking for one of these is answered only by a passage that states one.
_VALUES = {
    Expect.AMOUNT: "an amount",
    Expect.NUMBER: "a figure",
    Expect.SHARE: "a share or percentage",
    Expect.DATE: "a date",
    Expect.FREQUENCY: "a frequency",
    Expect.PERSON: "a person's name",
}


# "what was the monthly salary of ...", "average age of the officers ...": the quantity asked of
# something (a word of QUANTITIES, with up to three words before it).
_MEASURED = re.compile(
    r"^\s*(?:(?:what|which)\s+(?:is|was|are|were|will\s+be|would\s+be)\s+)?(?:the\s+|an?\s+)?"
    rf"(?P<phrase>(?:[\w-]+\s+){{0,3}}?(?:{alternation(sorted(QUANTITIES))}))\s+(?:of|for|paid|earned|in|per)\b",
    re.IGNORECASE,
)


def measured(question: str) -> str:
    """The quantity ``question`` asks of something, when it is one a report seldom states
    (:data:`assistant.lexicon.QUANTITIES`): "what was the monthly salary of a UNMOP observer" ->
    "monthly salary"; "" otherwise."""
    m = _MEASURED.match(asking_clause(question))  # "haiti fuel hike - what was the pump price ..."
    return " ".join(m.group("phrase").lower().split()) if m else ""


_IN_UNIT = re.compile(rf"\b(?:in|per)\s+(?P<unit>{alternation(sorted(UNITS))})\b", re.IGNORECASE)


def asked_unit(question: str) -> str:
    """The unit ``question`` asks a figure in or per ("monthly fuel consumption in litres" ->
    "litres", "the price per gallon" -> "gallon"); "" when it names none (:data:`assistant.lexicon.UNITS`)."""
    m = _IN_UNIT.search(question)
    return m.group("unit").lower() if m else ""


def names_word(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word`` itself, singular or plural, in either spelling ("liters",
    "litres"): a stem would let "allow" name an "allowance"."""

    def form(w: str) -> str:
        one = singular(w)
        return UNIT_SPELLINGS.get(one, one)

    return form(word.casefold()) in {form(w) for w in re.findall(r"[a-z]+", text.casefold())}


class Terms(Protocol):
    """The index's tokeniser and the glossary's expansion (the engine has both)."""

    def query_tokens(self, text: str) -> list[str]: ...

    def expand(self, query: str) -> str: ...


def unstated_value(reading: Reading, sentences: Sequence[AnswerSentence], terms: Terms) -> str:
    """What a factoid asks for that none of ``sentences`` states ("an amount", "a number of
    troops"); "" when one of them states it. A counted abbreviation counts by its full form too
    ("how many SPMs": "25 special political missions")."""
    asked, noun, expect = (
        content_words(reading.standalone),
        counted_noun(reading.standalone),
        reading.form.expect,
    )
    for quantity, named in (
        (measured(reading.standalone), "the {}"),  # "the monthly salary": a budget does not say it
        (asked_unit(reading.standalone), "a figure in {}"),  # "fuel in litres": not in vehicles
    ):
        if quantity and not any(names_word(quantity.split()[-1], s.text) for s in sentences):
            return named.format(quantity)
    also, size = spelled_out(noun, terms.expand), asks_size(reading.standalone)
    misses = [
        unstated(
            expect, s.text, asked=asked, noun=noun, tokens=terms.query_tokens, size=size, also=also
        )
        for s in sentences
    ]
    if noun and all(misses):  # what the question counts, as precisely as it asks it
        return f"a number of {noun}"
    if (value := _VALUES.get(expect)) and all(m == "value" for m in misses):
        return value
    return ""


def not_indexed(
    reading: Reading,
    hits: Sequence[Hit],
    common: dict[str, Any],
    *,
    glossary: Glossary | None,
    catalogue: Catalogue | None,
) -> Answer:
    lines = []
    for entry in reading.absent:
        lines.append(absent_note(entry))
    mentioning = [
        h
        for h in hits
        if mentions_all([a for a in reading.anchors if a.kind is AnchorKind.DOCUMENT], h.passage)
    ]
    it = "them" if any(_plural_title(e.label) for e in reading.absent) else "it"
    if mentioning:
        lines.append(f"Indexed documents that mention {it} are listed below as related material.")
    else:
        lines.append(
            f"No indexed passage mentions {it}; the closest passages are listed below as related material."
        )
    definitions = tuple(
        definitions_for(
            reading.standalone,
            QuestionForm(Form.DEFINITION, subject=a.text),
            glossary,
            catalogue,
        )
        for a in reading.anchors
        if a.kind is AnchorKind.DOCUMENT
    )
    flat = tuple(d for ds in definitions for d in ds)
    missing = tuple(e.label for e in reading.absent)
    return abstain(
        mentioning or hits, " ".join(lines), {**common, "missing": missing}, definitions=flat
    )


def anchors_missing(
    reading: Reading,
    missing: list[Anchor],
    hits: Sequence[Hit],
    common: dict[str, Any],
    *,
    glossary: Glossary | None,
    indexed_document: Callable[[Anchor], bool],
    coverage: str = "",
) -> Answer:
    """No passage mentions ``missing``; ``coverage`` says when a missing year is after the
    reports' coverage ("The indexed reports on Haiti end with S/2019/805 ...")."""
    names = _and([a.text for a in missing])
    concern = _and(missions_in([h.passage for h in hits[:_RELATED]], glossary)[:2]) or _and(
        list(dict.fromkeys(h.passage.symbol or h.passage.title for h in hits[:_RELATED]))[:2]
    )
    it = "it" if len(missing) == 1 else "them"
    notes = [
        h for h in hits if h.passage.is_footnote and all(a.mentioned_in(h.passage) for a in missing)
    ]
    if notes:  # footnotes never answer, but the reader should know where the name is
        message = f"The indexed corpus has nothing on {names} for this question outside a footnote: only a footnote mentions {it}, listed first below."
        hits = [*notes, *(h for h in hits if h not in notes)]
    elif all(map(indexed_document, missing)):
        message = f"{names[:1].upper()}{names[1:]} is indexed, but none of the passages that best match this question is from it."
    else:
        message = f"The indexed corpus has nothing on {names} for this question: no retrieved passage mentions {it}."
    if coverage and any(a.kind in (AnchorKind.YEAR, AnchorKind.DATE) for a in missing):
        message = f"{coverage} {message}"
    if concern:
        message += f" The closest passages concern {concern}; they are listed below as related material, not as an answer."
    message += filter_note(reading)
    return abstain(hits, message, {**common, "missing": tuple(a.text for a in missing)})


def no_value(
    reading: Reading,
    value: str,
    hits: Sequence[Hit],
    common: dict[str, Any],
    *,
    glossary: Glossary | None,
) -> Answer:
    """A factoid whose best passages hold no value of the kind asked ("What was UNMIK's budget
    for 2018-2019?" over reports that never state it): on topic, and still no answer."""
    concern = _and(missions_in([h.passage for h in hits[:_RELATED]], glossary)[:2])
    message = f"The indexed corpus does not state {value} for this question: the passages that bear on it give none."
    if concern:
        message += f" The closest passages concern {concern}."
    message += " They are listed below as related material, not as an answer." + filter_note(
        reading
    )
    return abstain(hits, message, {**common, "missing": (value,)})


def other_year(
    reading: Reading, years: Sequence[str], hits: Sequence[Hit], common: dict[str, Any]
) -> Answer:
    """A factoid about one year whose passages state the value for other years only."""
    asked = _and([a.text for a in reading.anchors if a.kind is AnchorKind.YEAR])
    message = (
        f"The indexed corpus has nothing on this for {asked}: the closest passages are about {_and(list(years[:3]))}."
        " They are listed below as related material, not as an answer." + filter_note(reading)
    )
    return abstain(hits, message, {**common, "missing": (asked,)})


def not_held(reading: Reading, why: str, hits: Sequence[Hit], common: dict[str, Any]) -> Answer:
    """A question about something the catalogue does not hold (:mod:`assistant.answers.holdings`):
    said plainly, with the closest indexed passages as related material."""
    message = (
        f"{why} The closest indexed passages are listed below as related material, not as an answer."
        + filter_note(reading)
    )
    return abstain(hits, message, {**common, "missing": (why,)})


def abstain_message(reading: Reading) -> str:
    return ABSTAIN_MESSAGE + filter_note(reading)


def filter_note(reading: Reading) -> str:
    if not reading.filters or reading.filters.is_empty():
        return ""
    return f" Only passages within the active filters ({describe_filters(reading.filters)}) were searched; clear them to search the whole corpus."


def absent_note(entry: CatalogueEntry) -> str:
    label = entry.label
    name = (
        label if label.casefold().startswith("the ") or SYMBOL_RE.match(label) else f"The {label}"
    )  # not "The S/RES/1265 (1999)"
    are, them = ("are", "them") if _plural_title(label) else ("is", "it")
    return f"{name} {are} listed in the corpus manifest but not indexed, so pocdoc cannot quote {them}. {entry.how_to_add()}"


def _plural_title(label: str) -> bool:
    """Whether a document's name is plural: "The Kigali Principles are listed ..."."""
    return bool(
        re.search(
            r"(?:Principles|Guidelines|Conventions|Protocols|Rules|Standards)\b(?:\s*\(.*\))?$",
            label,
        )
    )


def describe_filters(filters: Filters) -> str:
    """Filters in words: "document = gc-iv-1949; type = treaty; from 1977"."""
    parts = []
    if filters.doc_ids:
        parts.append("document = " + ", ".join(filters.doc_ids))
    if filters.doc_types:
        parts.append("type = " + ", ".join(filters.doc_types))
    if filters.issuing_bodies:
        parts.append("issued by " + ", ".join(filters.issuing_bodies))
    if filters.date_from:
        parts.append(f"from {filters.date_from}")
    if filters.date_to:
        parts.append(f"to {filters.date_to}")
    return "; ".join(parts)


def abstain(
    hits: Sequence[Hit],
    message: str,
    common: dict[str, Any],
    *,
    definitions: tuple[Definition, ...] = (),
) -> Answer:
    related = tuple(citation_for(h, n) for n, h in enumerate(hits[:_RELATED], 1))
    return Answer(
        answer=message,
        abstained=True,
        citations=(),
        related=related,
        definitions=definitions,
        **common,
    )


def _and(names: Sequence[str]) -> str:
    names = [n for n in names if n]
    return (
        names[0]
        if len(names) == 1
        else ", ".join(names[:-1]) + " and " + names[-1]
        if names
        else ""
    )
