"""Whether a who-question asks for a person, and whether a sentence names one.

"Who led the Security Council mission to Haiti" asks for a person; "who is responsible for
protecting civilians" asks for a body. Any capitalised word passes for a body's name (every
sentence of a report names the Council or the country), so a question that asks for a person is
answered by a sentence that names one the question does not: a title or rank before capitalised
names ("Prime Minister Bajram Kosumi"), a name with an initial ("Susan E. Rice"), an office
followed by the name in apposition ("the Prime Minister, Bajram Kosumi,"), or a name that "who",
an appositive, a nationality or a verb of taking or holding an office marks as a person's.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from assistant.demonyms import DEMONYMS, PLACE_NAMES
from assistant.lexicon import (
    APPOSED_OFFICES,
    BODY_WORDS,
    LEADING_VERBS,
    LED_GROUPS,
    NAMING_VERBS,
    OFFICE_ABBREVIATIONS,
    OFFICE_VERBS,
    PERSON_OFFICES,
    PERSON_TITLES,
    alternation,
)
from assistant.text import content_words, tokens

_WHO = re.compile(r"^\s*(?:who|whom|whose)\b", re.I)
_WORD = re.compile(r"[a-z][\w-]*")
# A word of a person's name: capitalised (with the letters of any language), or an initial.
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’'-]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’'-]+)?|[A-Z]\.)"
_PARTICLE = r"(?:(?:da|de|del|della|di|dos|du|van|von|der|al|el|bin|ibn|la|le)\s+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_PARTICLE}{_NAME_WORD}){{0,4}}"
_TITLED = re.compile(rf"\b{alternation(PERSON_TITLES)}\.?\s+(?P<name>{_NAME})")
_INITIALLED = re.compile(
    r"\b(?P<name>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+\s+(?:[A-Z]\.\s+)+[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’'-]+)"
)
_APPOSED = re.compile(
    rf"\b{alternation(APPOSED_OFFICES)}(?:[\s-]+in[\s-]+[Cc]harge)?(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]+)*\s*,\s+(?P<name>{_NAME})"
)
# Verbs whose subject is a person taking or holding an office ("led", not "led to").
_MARKING_VERBS = OFFICE_VERBS | LEADING_VERBS | {"assumed", "succeeded", "replaced"}
# A name of two to four words that English marks as a person's: "who" refers back to it ("Finn
# Reske-Nielsen, who previously served as ..."), an appositive says what the person is ("Jack
# Smith, a US prosecutor"), a nationality follows in brackets ("Bo Wranker (Sweden)"), or it is
# the subject of taking or holding an office ("Manuel Carrascalão succeeded him as Speaker").
_RUN = rf"{_NAME_WORD}(?:\s+{_PARTICLE}{_NAME_WORD}){{1,3}}"
_MARKED = re.compile(
    rf"(?P<name>{_RUN})"
    r"(?:,\s+(?:who|whose|an?)\s|\s+\((?P<country>[A-Z][a-z]+(?:\s+[A-Za-z]+){0,3})\))"
    rf"|(?P<subject>{_RUN})"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]+(?:\s+(?:of\s+)?[A-Z][\w-]+){0,4})?"  # "of the United States"
    rf"\s+(?:(?:was|has\s+been|had\s+been|is)\s+)?{alternation(_MARKING_VERBS)}\b(?!\s+to\b)"
)


def asks_person(question: str) -> bool:
    """Whether a who-question asks for a person: it names an office one person holds ("who was
    the force commander") or leading a group of people ("who led the mission"), or taking or
    leaving an office ("who became ...", "who succeeded ...")."""
    if not _WHO.match(question):
        return False
    words = set(_WORD.findall(question.casefold()))
    return bool(
        words & PERSON_OFFICES
        or words & OFFICE_VERBS
        or (words & LEADING_VERBS and words & (LED_GROUPS | NAMING_VERBS))
    )


def names_person(text: str, asked: AbstractSet[str] = frozenset()) -> bool:
    """Whether ``text`` names a person whose surname the question (``asked``: its content words)
    does not: "the resignation of the former Prime Minister, Ramush Haradinaj" does not answer
    who took over after Haradinaj. A question that names an office wants it named too: "my
    Special Representative, Sandra Honoré" does not say who the Force Commander was."""
    if (offices := {_OFFICE_HEADS[w] for w in asked if w in _OFFICE_HEADS}) and not (
        offices & content_words(text)
    ):
        return False
    for pattern in (_TITLED, _INITIALLED, _APPOSED, _MARKED):
        for m in pattern.finditer(text):
            name = m.group("name") or m.group("subject")
            words = [w for w in name.split() if not w.endswith(".") or len(w) > 2]
            # a body's words anywhere in the match ("the Security Council, ..."), but only in a
            # marked name itself: "Clint Williamson of the United States ... had been appointed"
            said = name if pattern is _MARKED else m.group()
            if not words or any(w.strip("()") in BODY_WORDS for w in said.split()):
                continue
            if _not_a_person(m, words) or (pattern is _MARKED and words[-1] in _OFFICE_WORDS):
                continue  # "the Prime Minister of Kosovo resigned": an office, not a name
            surname = content_words(words[-1])
            if surname and not surname <= asked:
                return True
    return False


def without_titled_names(text: str) -> str:
    """``text`` with each name written after a title or rank taken out, title and all: a
    sentence that names people is not a run of column headers, unless the "name" is more titles."""
    return _TITLED.sub(lambda m: m.group() if _holds_titles(m.group("name")) else " ", text)


_TITLE_WORDS = frozenset(w for title in PERSON_TITLES for w in title.split())
_OFFICE_WORDS = _TITLE_WORDS | APPOSED_OFFICES


def _holds_titles(name: str) -> bool:
    """A run of titles is a table's column headers ("Rank General Colonel Major ..."), no name."""
    return any(w.rstrip(".") in _TITLE_WORDS for w in name.split())


# The stem of each office a question may name, to the stem a sentence names it by ("pm": "minist").
_OFFICE_HEADS = {t[0]: t[0] for w in PERSON_OFFICES if (t := tokens(w))} | {
    tokens(short)[0]: tokens(full)[-1] for short, full in OFFICE_ABBREVIATIONS.items()
}
_COUNTRIES = frozenset(DEMONYMS.values()) | frozenset(PLACE_NAMES)
_PEOPLES = frozenset(f"{d}s" for d in DEMONYMS)  # "Kosovo Albanians, who ..." are no one person


def _not_a_person(m: re.Match[str], words: list[str]) -> bool:
    """A run a bracket follows that names no country ("North Kivu (Province)"), or a people."""
    country = m.groupdict().get("country")
    return bool(country and country not in _COUNTRIES) or words[-1] in _PEOPLES
