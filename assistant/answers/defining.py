"""How a text defines a term, and which passages of a document do.

A definition question ("what is a protected person under GC IV") is answered by the sentence that
joins the term to a defining verb ("Persons protected by the Convention are those who ..."), not
by the many rules that merely use the term. :func:`defines` reads that form of a sentence;
:func:`defining_passages` finds the passages of the documents a question names that hold it, as
a treaty's article is found by its label rather than by words shared with the question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from assistant.types import Passage

_QUALIFIER = re.compile(
    r"\s+(?:among|amongst|within|under|in|for|by|according to|with respect to|as regards)\s+.*$",
    re.I,
)


def defined_term(subject: str) -> str:
    """The term a definition question defines, without the qualifier that places it: "military
    objectives among objects" -> "military objectives"; "tier 3 of protection" is kept whole."""
    return _QUALIFIER.sub("", subject) or subject


_QUOTE = "[\"'“”‘’]?"
_COPULA_AFTER = r"(?:\s*\([^)]{0,80}\))?\s*,?\s*(?:means?|shall mean|refers? to|denotes|(?:is|are|shall be) defined as|(?:is|are) understood as|(?:is|are)\s+(?:an?|the|those|any|one|persons?|people|individuals?|(?!being\b|having\b)\w+ing)\b)"
_COPULA_BEFORE = r"(?:(?:\b(?:is|are|been)|(?<!\bto )\bbe)\s+(?:considered\s+(?:as\s+|to\s+be\s+)?|deemed\s+(?:to\s+be\s+)?)?(?:an?\s+|the\s+)?|\bthe\s+(?:term|terms|expression|words?)\s+)"


# "to be a combatant" (a right, not a definition) is not "are combatants"
@functools.lru_cache(maxsize=256)
def _term_pattern(term: str) -> re.Pattern[str] | None:
    """The term as it stands in a text: its words in order, each with an optional plural ending."""
    words = re.findall(r"[^\W_]+", term)
    if not words:
        return None
    body = r"[\s-]+".join(re.escape(w) + r"(?:s|es)?" for w in words)
    alternatives = [
        rf"{_COPULA_BEFORE}{_QUOTE}\b{body}\b{_QUOTE}",
        rf"{_QUOTE}\b{body}\b{_QUOTE}{_COPULA_AFTER}",
    ]
    if len(words) == 2 and words[0].endswith("ed"):
        # A participle before its noun may follow it with its agent: "protected persons" is
        # defined as "Persons protected by the Convention are those who ...".
        noun, participle = re.escape(words[1]) + r"(?:s|es)?", re.escape(words[0])
        alternatives.append(
            rf"\b{noun}\s+{participle}\b(?:\s+(?:by|under|in)\s+[^,.;:]{{1,60}}?)?{_COPULA_AFTER}"
        )
    return re.compile("|".join(alternatives), re.I)


def defines(term: str, text: str) -> bool:
    """Whether ``text`` defines ``term`` itself, the term being what the defining verb joins:
    "“civil defence” means ...", "Members of the armed forces ... are combatants, that is to say
    ...", "A person is hors de combat if ...", not a rule that merely uses the term ("civil defence
    personnel shall be respected")."""
    pattern = _term_pattern(term.casefold())
    return bool(pattern and pattern.search(text))


def defining_passages(term: str, passages: Iterable[Passage]) -> list[Passage]:
    """The passages (not footnotes) of ``passages`` that define ``term`` itself, in order."""
    pattern = _term_pattern(term.casefold())
    if pattern is None:
        return []
    return [p for p in passages if not p.is_footnote and pattern.search(p.text)]
