"""A question as people type it in a hurry, read as it would be written: the part of the
normalisation layer (:mod:`assistant.names`) that is about the sentence rather than its names.

Typed fast, a question loses what the readers downstream lean on: "whats the three areas of
concern" has no "what are" for the form to see, "under the fourth geneva convention how often must
..." no comma between the document it is asked of and the question, and neither a capital nor a
question mark, which the encoder reads as it reads the rest. Three facts of English writing put
them back, each stated once here and applied before anything else reads the question:

- a contraction typed without its apostrophe ("whats", "whos", "doesnt") is the contraction; "whats"
  before a plural or a count ("whats the three areas", "whats spms") is "what are";
- a question that opens with a prepositional phrase ("Under X", "According to X", "In 2012")
  and then asks ("how often", "what", "which") has a comma before the asking word, unless that
  word follows a preposition ("on the sidelines of which meeting");
- a question that opens with an asking word begins with a capital and ends with a question mark.

Chat shorthand typed for an ordinary word ("ppl", "grps", "n" for "and") is written out by
:func:`shorthand`, which the name layer applies after these repairs.
"""

from __future__ import annotations

import re

from assistant.lexicon import (
    AUXILIARIES,
    COUNT_WORD,
    PREPOSITIONS,
    QUESTION_WORDS,
    REQUEST_WORDS,
    SHORTHAND,
    TYPED_CONTRACTIONS,
    alternation,
)

_CONTRACTED = re.compile(r"(?<![\w'’])" + alternation(TYPED_CONTRACTIONS) + r"(?![\w'’])", re.I)
# What follows "whats" when it stands for "what are": a count ("the three areas") or a plural noun
# ("spms", "the main tasks"); not a word in -ss, -us or -is ("the status").
_WHATS_NEXT = re.compile(
    rf"\s+(?:(?:the|these|those)\s+)?(?P<count>{COUNT_WORD}\s+)?"
    r"(?:(?:main|key|different|various|other)\s+)?(?P<noun>[a-z][\w-]*)",
    re.I,
)
_PLURAL = re.compile(r"(?i)[a-z][\w-]*[a-z]s(?<!ss|us|is)")
_WH = "how what which who whom whose when where why".split()
_ASKING_OPEN = re.compile(
    r"(?i)^\s*"
    + alternation([*QUESTION_WORDS, *AUXILIARIES, *(w for w in REQUEST_WORDS if w != "according")])
    + r"\b"
)
_REQUEST_OPEN = re.compile(
    r"(?i)^\s*" + alternation([w for w in REQUEST_WORDS if w != "according"]) + r"\b"
)
# An asking word inside the question, and the word before it (a preposition binds it: "of which").
_WH_INSIDE = re.compile(r"(?i)(?P<before>[\w'’]+)(?P<gap>\s+)(?=" + alternation(_WH) + r"\b)")
# A question opens with a phrase when its first word is a preposition ("Under X", "According to
# X", "In 2012", "After a prediction that ..."); "The host government is restricting where our
# patrols can go" opens with its subject, and its "where" is no question's.
_PHRASE_OPEN = re.compile(r"(?i)^\s*" + alternation([*PREPOSITIONS, "according"]) + r"\b")
_WH_WORD = re.compile(r"(?i)\b" + alternation(_WH) + r"\b")
_PREPOSITION = frozenset(PREPOSITIONS) | {"and", "or", "but", "that", "than", "whether", "if"}
_END = re.compile(r"[?.!]['\"’”)]*\s*$")


def spelt_out(question: str) -> str:
    """Contractions typed without their apostrophe, written out: "whos a combatant" -> "who is a
    combatant", "whats the three areas" -> "what are the three areas"."""

    def expand(m: re.Match[str]) -> str:
        word = m.group()
        full = TYPED_CONTRACTIONS[word.lower()]
        if word.lower() == "whats" and _plural_next(question, m.end()):
            full = "what are"
        return full[0].upper() + full[1:] if word[:1].isupper() else full

    return _CONTRACTED.sub(expand, question)


def _plural_next(question: str, at: int) -> bool:
    m = _WHATS_NEXT.match(question, at)
    return bool(m and (m.group("count") or _PLURAL.fullmatch(m.group("noun"))))


def with_comma(question: str) -> str:
    """A comma before the asking clause of a question that opens with a phrase and has none:
    "under the fourth geneva convention how often must ..." -> "under the fourth geneva
    convention, how often must ..."."""
    if _ASKING_OPEN.match(question) or not _PHRASE_OPEN.match(question):
        return question
    for m in _WH_INSIDE.finditer(question):
        if m.group("before").lower() in _PREPOSITION:
            return question  # "on the sidelines of which meeting": the clause is the phrase's
        if "," in question[: m.end()]:
            return question  # the writer put the comma where they meant it
        return question[: m.end("before")] + "," + question[m.end("before") :]
    return question


def punctuated(question: str) -> str:
    """A question with a capital first letter, and a question mark when it ends without one (a
    full stop after a request): "what is the rule on hostages" -> "What is the rule on
    hostages?", "list the tiers" -> "List the tiers."; a text that neither opens with an asking
    word nor holds one is left as typed."""
    text = question.strip()
    if not _ASKING_OPEN.match(text) and not _WH_WORD.search(text):
        return question
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    if not _END.search(text):
        text += "." if _REQUEST_OPEN.match(text) else "?"
    return text


def as_written(question: str) -> str:
    """``question`` with the three repairs of the module's docstring, in order."""
    return punctuated(with_comma(spelt_out(question)))


# Not inside a word, a hyphenated name ("pob n-10") or a path of slashes.
_SHORTHAND = re.compile(r"(?<![\w'’/-])" + alternation(SHORTHAND) + r"(?![\w'’/-])", re.IGNORECASE)
# "n" typed for "and" between two words ("when n where", "killed n injured"); not after a
# preposition or an article, where it abbreviates a name ("in n kivu"), nor before a mark.
_AND = re.compile(r"\b(?P<before>[A-Za-z0-9]+) n (?=[a-z])")
_NOT_BEFORE_AND = frozenset(PREPOSITIONS) | {"the", "a", "an"}
_ACRONYM = re.compile(r"[A-Z][A-Z&/+#]*s?")  # "OPS", "OPs"; "Ops" opening a sentence is a word


def shorthand(question: str) -> str:
    """Chat shorthand written out as the word it stands for: "ppl" -> "people"; a form in
    capitals, or its plural ("OPS", "PPL", "OPs": observation posts), is someone's acronym and
    stays."""
    question = _SHORTHAND.sub(
        lambda m: m.group() if _ACRONYM.fullmatch(m.group()) else SHORTHAND[m.group().lower()],
        question,
    )
    return _AND.sub(
        lambda m: m.group() if m["before"].lower() in _NOT_BEFORE_AND else f"{m['before']} and ",
        question,
    )
