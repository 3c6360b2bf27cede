"""What a figure question counts or sizes ("how many KFOR troops" -> "troops", "how big was the
police" -> "police"), read from its wording; and the clause that asks, when another comes first."""

from __future__ import annotations

import re

from assistant.lexicon import (
    ANYONE,
    AUXILIARY,
    EXTENT_WORDS,
    IRREGULAR_PAST,
    PREPOSITIONS,
    TIME_WORDS,
    alternation,
)
from assistant.symbols import MONTHS

_HOW_MANY = re.compile(
    r"^\s*(?:how\s+many|(?:what\s+(?:is|was|are|were)\s+)?(?:the\s+)?(?:total\s+)?number\s+of)"
    r"\s+(?P<phrase>.+)$",
    re.I,
)
# A clause before the question ("when the mandate ended in 1998 how many monitors took over"):
# "when" followed by neither a verb nor "and" ("When and where ...?") opens a clause, not a
# question (a fact of English).
# A topic typed before the question, after a dash or colon, is not part of it either ("kosovo
# hospital beds - how many beds were there ...", "unmik july 2013: how many people ...").
_CLAUSE_FIRST = re.compile(
    rf"^\s*(?:(?:when|after|once|while|as)\s+(?!(?:{AUXILIARY}|and|or)\b)[^?]*?\s+"
    r"|[^?:]{2,80}?(?:\s[-–—]+|:)\s+)"
    r"(?=(?:how\s+(?:many|much|big|long|often)|what|which|who|where|(?:the\s+)?(?:total\s+)?number\s+of)\b)",
    re.I,
)
# The size of a body: its noun is what a number must stand beside ("the police ... 14,000").
_SIZE_OF = re.compile(
    r"^\s*(?:how\s+(?:big|large|small|strong)\s+(?:is|was|are|were|has|had|will)\s+(?:\w+\s+)??"
    r"|what\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+)?(?:size|strength|headcount)\s+of\s+)"
    r"(?P<phrase>.+?)\??$",
    re.I,
)
_PHRASE_END = re.compile(
    rf"\b(?:{AUXILIARY}|{alternation(sorted(IRREGULAR_PAST))})\b|\b\w+(?:ed|ly)\b", re.I
)
# A second question joined to the first ("number of protests and how many were violent").
_NEXT_QUESTION = re.compile(r"\s+(?:and|or)\s+(?=(?:how|what|which|who)\b)", re.I)
# A date ends the phrase, and counts nothing ("how many idps december 2010 kosovo").
_DATE_AFTER = re.compile(rf"\s+(?:(?:{MONTHS})\b|(?:19|20)\d\d\b)", re.I)
# A noun phrase ends at a preposition ("officers *after* the cut") or at punctuation that closes
# the clause ("how many officers*,* and what % serb", "troops *(*unmibh mar 2000)").
_PREPOSITION = re.compile(rf"\s+{alternation(PREPOSITIONS)}\s+|\s*[,;:(?]", re.I)


def asking_clause(question: str) -> str:
    """``question`` without a clause that comes before it: "when the mandate ended in 1998 how
    many monitors took over" -> "how many monitors took over"."""
    return _CLAUSE_FIRST.sub("", question)


def asks_size(question: str) -> bool:
    """Whether ``question`` asks the size of a body ("how big was the police", "the strength of
    the national police"): a number answers it only beside a word that states a size."""
    return bool(_SIZE_OF.match(asking_clause(" ".join(question.split()))))


def counted_noun(question: str) -> str:
    """What a figure question measures: "How many KFOR troops were deployed ...?" -> "troops",
    "How many allegations of ill-treatment ... did UNMIT receive?" -> "allegations"; the size of
    a body asked about ("how big was the haitian police in 2017", "What was the strength of the
    national police?") -> "police": a number answers only near that noun. "" otherwise."""
    question = asking_clause(" ".join(question.split()))
    sized = _SIZE_OF.match(question)
    if sized:
        phrase = _PREPOSITION.split(sized.group("phrase"), maxsplit=1)[0]
        words = [w for w in re.findall(r"[A-Za-z][\w-]*", phrase) if w.casefold() not in TIME_WORDS]
        return words[-1] if words else ""
    m = _HOW_MANY.match(question)
    if not m:
        return ""
    phrase = _NEXT_QUESTION.split(m.group("phrase"), maxsplit=1)[0]
    if re.match(rf"(?:and|or|{AUXILIARY})\b|[,;]", phrase, re.I):
        # "the new benchmarks - how many and what kind", "... n how many were violent": the
        # noun came before
        return ""
    # the phrase ends at its verb; a participle before the noun is an adjective ("How many
    # suspected cholera cases did ...?")
    end = next(
        (e for e in _PHRASE_END.finditer(phrase) if re.search(r"[A-Za-z]", phrase[: e.start()])),
        None,
    )
    phrase = phrase[: end.start()] if end else phrase
    phrase = _DATE_AFTER.split(_PREPOSITION.split(phrase, maxsplit=1)[0], maxsplit=1)[0]
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", phrase) if w.casefold() not in EXTENT_WORDS]
    noun = words[-1] if words else ""
    return (
        "" if noun.casefold() in ANYONE else noun
    )  # "how many people": women, men, children all count
