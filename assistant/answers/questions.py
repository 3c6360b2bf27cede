"""What a question asks: its form (definition, enumeration, ...) and the subject it is about.

The form picks the composition rule (:mod:`assistant.answers.unit_rules`, scored in :mod:`assistant.answers.scoring`); anchors, the names a correct
answer must be about, are found by :mod:`assistant.answers.anchors`. Both are read from the wording
alone, with regular expressions: no model is needed and the result is easy to explain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from assistant.answers.counting import asking_clause
from assistant.answers.persons import asks_person
from assistant.answers.phrases import phrase_pattern
from assistant.lexicon import (
    AUXILIARY,
    COUNT_WORD,
    NUMBER_WORDS,
    PERSON_OFFICES,
    QUESTION_WORDS,
    alternation,
)
from assistant.symbols import MONTHS


class Form(StrEnum):
    """The question forms the composer knows; ``GENERAL`` is everything else."""

    DEFINITION = "definition"  # what is X, define X, what does X mean
    ENUMERATION = "enumeration"  # what are the three X, list the X
    DOCUMENT = "document"  # what does <document> say about X
    FACTOID = "factoid"  # who, when, where, how many, which year
    PROCEDURE = "procedure"  # how should, what steps
    GENERAL = "general"


class Expect(StrEnum):
    """What a factoid's answer must hold."""

    NUMBER = "number"
    AMOUNT = "amount"  # money: a budget, a cost, a contribution
    SHARE = "share"  # a percentage, proportion or fraction
    DATE = "date"
    NAME = "name"
    PERSON = "person"  # a who-question about an office or its holder (assistant.answers.persons)
    PLACE = "place"
    FREQUENCY = "frequency"  # how often: "twice yearly", "every six months"
    AUTHOR = "author"  # who wrote a document: its record's authors answer
    ANY = "any"


_NUMBER_WORDS = {
    **{w: n for w, n in NUMBER_WORDS.items() if n >= 2},
    **{str(n): n for n in range(2, 11)},
}

_DOCUMENT = re.compile(
    r"^\s*(?:what|how)\s+(?:does|do|did)\s+(?P<doc>.+?)\s+"
    r"(?:say|state|provide|stipulate|establish|require|recommend|prescribe|set out|lay down|"
    r"conclude|describe)s?(?:\s+(?:about|on|regarding|concerning|in respect of|as to|for)\b|(?=\s*\??\s*$))"
    r"\s*(?P<subject>.*?)\??\s*$",
    re.IGNORECASE,
)
_INSIDE = re.compile(r"^(?P<subject>.+)\s+(?:in|under)\s+(?P<doc>(?:the\s+)?[A-Z].*)$")
# "According to the note, ...", "Under AP I, ...": not "In a civil war, ..." (a document has a name)
_ACCORDING = re.compile(
    r"^\s*(?:(?i:according to)\s+(?P<doc>[^,]+)|(?i:under|in)\s+(?P<doc2>(?:the\s+)?[A-Z][^,]*)),\s*(?P<subject>.+?)\??\s*$"
)
# "What does the marking 'IC' mean under the Fourth Geneva Convention?": a definition inside a document
_UNDER = re.compile(
    r"^(?P<question>.+?)\s+(?:under|in)\s+(?P<doc>(?:the\s+)?[A-Z][\w\s-]*?)\s*\??\s*$"
)
_ENUMERATION = re.compile(
    rf"^\s*(?:(?:what|which)\s+(?:are|were)\s+the\s+(?P<count>{COUNT_WORD}|main|key|different|various)\b"
    rf"|(?:list|name|enumerate|give)\b"
    rf"|what\s+(?:are|were)\s+(?:the\s+)?(?:types|kinds|categories|elements|components|principles|"
    rf"tiers|phases|pillars|priorities|areas|steps|stages|forms|lessons|challenges|recommendations)\b)",
    re.IGNORECASE,
)
# "What disciplinary punishments may be imposed ...?", "Which acts are listed as ...?": a plural
# noun asked with a verb after it wants its members listed. Not the procedure's nouns ("What steps
# should ...") nor a count or amount ("What funds were ...?" is still a list; "What share" is not
# plural).
_PLURAL_ASKED = re.compile(
    rf"^\s*(?:what|which)\s+(?:(?!{AUXILIARY}\b)[\w-]+\s+){{0,2}}?(?P<noun>(?!(?:steps|measures|actions|means|ways|does|is|was|has|this|its)\b)[a-z][\w-]*[^s\W]s)\s+"
    rf"{AUXILIARY}\b",  # "What rights are ...", and with do-support "What rights does GC IV grant"
    re.IGNORECASE,
)
_COUNT = re.compile(rf"\b(?P<count>{COUNT_WORD})\s+(?P<noun>[a-z][\w-]*)", re.IGNORECASE)
_DEFINITION = re.compile(
    r"^\s*(?:(?i:(?:what|who)\s+(?:is|are|was|were)\s+(?:meant by\s+|considered\s+(?:as\s+|to\s+be\s+)?|regarded\s+as\s+)?(?:an?\s+|the\s+)?(?P<a>.+?)"
    r"|define\s+(?P<b>.+?)|(?:what\s+is\s+)?the\s+(?:meaning|definition)\s+of\s+(?P<c>.+?)"
    r"|what\s+(?:does|do)\s+(?P<d>.+?)\s+(?:mean|stand for|refer to)"
    r"|what\s+(?:counts|qualifies|is\s+(?:considered|regarded))\s+as\s+(?:an?\s+|the\s+)?(?P<f>.+?)"
    r"|what\s+constitutes\s+(?:an?\s+|the\s+)?(?P<g>.+?))"
    r"|(?P<e>[A-Z][A-Za-z0-9+/&.-]{1,14}))\s*\??\s*$",
)
_PROCEDURE = re.compile(
    r"^\s*(?:how\s+(?:should|can|could|must|might|do|does|to|would|may)\b"
    r"|what\s+(?:steps|measures|actions|can|should|must|needs?\s+to)\b"
    r"|what\s+(?:is|are)\s+(?:the\s+)?(?:best\s+)?(?:ways?|approach(?:es)?|means)\s+(?:to|of|for)\b)",
    re.IGNORECASE,
)
# "what will the hnp strength be (by 2016)": a figure asked of the future ("what will the budget
# cover", "what would the ceiling allow" ask something else)
_TO_BE = r"\s+be\b(?!\s+used)"
_FACTOID = (
    (re.compile(r"^\s*who\s+(?:wrote|authored|drafted|prepared|compiled|(?:is|was|are|were)\s+the\s+authors?\s+of)\b", re.I), Expect.AUTHOR),
    (re.compile(r"^\s*(?:what|which)\s+(?:share|percentage|proportion|per\s*cent(?:age)?|fraction)\b"
                r"|^\s*what\s+(?:is|was|are|were)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:rate|ratio|turnout)s?\b"
                rf"|^\s*what\s+(?:will|would)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:rate|ratio|turnout)s?{_TO_BE}", re.I), Expect.SHARE),
    (re.compile(r"^\s*(?:what|how\s+much)\s+(?:is|was|are|were|did)\s+(?:the\s+)?(?:(?!(?:of|for|in|on|to|role|purpose|use)\b)[\w’'-]+\s+){0,3}?"
                r"(?:budget|cost|expenditure|funding|appropriation|assessment|contribution)s?\b"
                rf"|^\s*what\s+(?:will|would)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:budget|cost|expenditure|funding|appropriation|assessment|contribution)s?{_TO_BE}"
                r"|^\s*how\s+much\s+(?:is|was|are|were|did|does|do|has|have|had|will|would)\b", re.I), Expect.AMOUNT),  # "how much is each community receiving", not "how much land"
    (re.compile(r"^\s*(?:how\s+(?:many|much|big|large|small|strong)|what\s+(?:number|percentage|proportion|share|amount|size|strength)|(?:the\s+)?(?:total\s+)?number\s+of)\b"
                r"|^\s*what\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+)?(?:budget|number|size|strength|cost|amount|total|"
                r"percentage|population|figure|level|ceiling|headcount)s?\b"
                r"|^\s*what\s+(?:will|would)\s+the\s+(?:\w+\s+)?(?:budget|number|size|strength|cost|amount|total|"
                rf"percentage|population|figure|level|ceiling|headcount)s?{_TO_BE}", re.I), Expect.NUMBER),
    (re.compile(r"^\s*(?:when|(?:(?:in|on|by|from|until)\s+)?(?:which|what)\s+(?:year|month|date|day))\b|\bsince when\b", re.I), Expect.DATE),
    (re.compile(r"^\s*(?:who|whom|whose|which\s+(?:body|organ|organization|organisation|country|countries|mission|office|person|agency|state|states))\b", re.I), Expect.NAME),
    (re.compile(r"^\s*(?:where|(?:in\s+)?which\s+(?:country|region|city|province|place|town))\b", re.I), Expect.PLACE),
    (re.compile(r"^\s*how\s+long\b", re.I), Expect.NUMBER),
    (re.compile(r"^\s*how\s+(?:often|frequently)\b", re.I), Expect.FREQUENCY),
)  # fmt: skip
# "When may ...", "When is an attack ...": a condition is asked, not a date.
_CONDITION = re.compile(
    r"^\s*when\s+(?:may|can|could|must|shall|should|is|are|does|do|will|would)\b", re.I
)
# "How does X define Y?", "How is Y defined (in X)?": a definition of Y.
_DEFINES = re.compile(
    r"^\s*how\s+(?:(?:does|do|did)\s+(?P<doc>.+?)\s+define\s+(?P<a>.+?)|(?:is|are)\s+(?P<b>.+?)\s+defined(?:\s+(?:in|by|under)\s+(?P<doc2>.+?))?)\s*\??\s*$",
    re.I,
)
# "Who are 'protected persons'?", "Who is a combatant?": who counts as a category, not which person
# ("Who is the Special Representative?" asks for a name).
_WHO_CATEGORY = re.compile(
    r"^\s*(?i:who)\s+(?:is|are)\s+(?:considered\s+(?:as\s+|to\s+be\s+)?|counted\s+as\s+)?(?:an?\s+)?"
    r"(?:['\"‘“](?P<a>[^'\"’”]+)['\"’”].*|(?P<b>(?!(?:the|that|this|most|more|least|responsible|accountable|in\s+charge)\s)[a-z][\w\s-]*?))\s*\??\s*$"
)
# A question typed as a noun phrase headed by what a figure measures ("turnout in ...", "the
# budget of ..."), with up to two words before its head ("voter turnout", "military strength").
_MEASURES = "turnout rate ratio budget cost expenditure number size strength percentage population headcount ceiling".split()
_MEASURE_HEAD = re.compile(
    rf"^\s*(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{alternation(_MEASURES)}s?\s+(?:of|in|for|at|on|as|during)\b",
    re.I,
)
_ASKING_WORD = re.compile(rf"\b{alternation(QUESTION_WORDS)}\b", re.I)
# A definition question's subject stays short; "what is the role of X in Y when Z" is general.
_DEFINITION_MAX_WORDS = 7
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# An office, then nothing but when or where: "Force Commander as of April 1999", "the srsg in 2011".
_OFFICE_HEAD = re.compile(
    r"^\s*(?:the\s+)?(?:(?!(?:of|by|from|on|to|for|in)\b)[\w-]+\s+){0,3}?"  # "report of the sg": a document
    rf"{alternation(sorted({*PERSON_OFFICES, 'observer'}))}"
    rf"(?:\s+(?:as\s+(?:of|at)|of|in|for|at|on|during|since|{MONTHS}|(?:19|20)\d\d)\b[^?]*)?\s*\??$",
    re.I,
)
_TOPIC = re.compile(r"\s[-–—]+\s|:\s")  # "prevlaka milobs - cmo as of apr 99": a topic typed first


@dataclass(frozen=True)
class QuestionForm:
    """The form of a question and what the form needs."""

    form: Form
    subject: str = ""  # the term defined, the things listed, the topic asked of a document
    count: int | None = None  # items an enumeration announces ("the three tiers" -> 3)
    head: str = ""  # the listed noun, singular ("tiers" -> "tier")
    document: str = ""  # the document phrase of a document-scoped question, as written
    expect: Expect = Expect.ANY  # what a factoid's answer must hold


_CONTRACTION = re.compile(
    r"\b(what|who|where|when|how|which)['’]s\b", re.I
)  # "What's ..." is "What is ..."


def classify(question: str) -> QuestionForm:
    """The form of ``question``; :attr:`Form.GENERAL` when no rule fits."""
    q = asking_clause(_CONTRACTION.sub(lambda m: f"{m.group(1)} is", " ".join(question.split())))
    if (m := _ACCORDING.match(q)) and not _DOCUMENT.match(q):
        # "Under GC IV, how often must internment be reviewed?": the question inside has its own
        # form, asked of the document
        inner = classify(m.group("subject"))
        if inner.form is not Form.GENERAL and not inner.document:
            return replace(inner, document=(m.group("doc") or m.group("doc2")).strip())
    if m := _DOCUMENT.match(q) or _ACCORDING.match(q):
        subject, document = _clean(m.group("subject")), (m.group("doc") or m.group("doc2")).strip()
        if not subject and (
            inside := _INSIDE.match(document)
        ):  # "What does <the rule> in <AP I> require?"
            subject, document = _clean(inside.group("subject")), inside.group("doc")
        return QuestionForm(Form.DOCUMENT, subject=subject, document=document)
    if m := _DEFINES.match(q):
        return QuestionForm(
            Form.DEFINITION,
            subject=_clean(m.group("a") or m.group("b")),
            document=(m.group("doc") or m.group("doc2") or "").strip(),
        )
    if m := _WHO_CATEGORY.match(q):
        if (
            m.group("b")
            and (under := _UNDER.match(q))
            and (asked := _WHO_CATEGORY.match(under.group("question")))
        ):
            return QuestionForm(
                Form.DEFINITION,
                subject=_clean(asked.group("a") or asked.group("b")),
                document=under.group("doc"),
            )
        return QuestionForm(Form.DEFINITION, subject=_clean(m.group("a") or m.group("b")))
    if _ENUMERATION.match(q):
        count, head = _announced(q)
        return QuestionForm(Form.ENUMERATION, subject=_clean(_listed(q)), count=count, head=head)
    if (m := _PLURAL_ASKED.match(q)) and not any(pattern.search(q) for pattern, _ in _FACTOID):
        return QuestionForm(
            Form.ENUMERATION, subject=_clean(_after_lead(q)), head=singular(m.group("noun"))
        )
    for pattern, expect in _FACTOID:
        if pattern.search(q) and not (expect is Expect.DATE and _CONDITION.match(q)):
            if expect is Expect.NAME and asks_person(q):
                expect = Expect.PERSON
            return QuestionForm(Form.FACTOID, subject=_clean(_after_lead(q)), expect=expect)
    if _PROCEDURE.match(q):
        return QuestionForm(Form.PROCEDURE, subject=_clean(_after_lead(q)))
    under = _UNDER.match(q)
    for text, document in (
        *([(under.group("question"), under.group("doc"))] if under else []),
        (q, ""),
    ):
        if m := _DEFINITION.match(text):
            subject = _clean(next(g for g in m.groups() if g))
            if len(subject.split()) <= _DEFINITION_MAX_WORDS:
                return QuestionForm(Form.DEFINITION, subject=subject, document=document)
    if _MEASURE_HEAD.match(q) and not _ASKING_WORD.search(q):
        # "turnout in the partesh elections", "budget of unmit for 2009": a noun phrase typed as
        # a question asks for what its head noun measures, as "what was the ..." would
        telegraphic = classify(f"what was the {_LEADING_ARTICLE.sub('', q)}")
        if telegraphic.form is Form.FACTOID:
            return telegraphic
    office = _TOPIC.split(q)[-1]
    if _OFFICE_HEAD.match(office) and not _ASKING_WORD.search(q):
        # "prevlaka - chief military observer as of april 1999": an office typed as a question
        # asks who held it, as "who was the ..." would
        return classify(f"who was the {_LEADING_ARTICLE.sub('', office)}")
    return QuestionForm(Form.GENERAL, subject=_clean(q))


def strip_frame(question: str) -> str:
    """The question without its frame: the words that say how it asks ("how many", "what kinds
    of") or point at the source it asks about ("according to the note", "does the report say"),
    which a sentence that answers does not repeat, and an introduction ("this note details ...")
    does."""
    stripped = " ".join(phrase_pattern("frame").sub(" ", question).split())  # data/phrases.toml
    return stripped if re.search(r"\w", stripped) else question


_PART_BREAK = re.compile(
    r"\?\s+(?=\S)|[,;]\s+and\s+(?=(?:what|how|who|whom|which|when|where|why|is|are|was|were|does|do|did|can|could|has|have)\b)"
    r"|\s+and\s+(?=(?:what|how|who|whom|which|when|where|why)\s+\w+\s+\w+)",
    re.I,
)
_PART_MIN_WORDS = 3


def parts(question: str) -> list[str]:
    """The questions a question asks at once: "How much did the police cover, and what did local
    towns do about the gaps?" is two; "When and in which country ...?" is one. A single part is
    the question itself."""
    pieces = [p.strip(" ?.,;") for p in _PART_BREAK.split(" ".join(question.split()))]
    pieces = [p for p in pieces if len(p.split()) >= _PART_MIN_WORDS]
    return pieces if len(pieces) > 1 else [question]


def _announced(question: str) -> tuple[int | None, str]:
    m = _COUNT.search(question)
    if m:
        return _NUMBER_WORDS.get(m.group("count").lower()), singular(m.group("noun"))
    m = re.search(
        r"\bthe\s+(?:main|key|different|various)?\s*([a-z][\w-]*)", question, re.IGNORECASE
    )
    return None, singular(m.group(1)) if m else ""


def singular(noun: str) -> str:
    """A plain English singular, enough for list heads: "tiers" -> "tier", "categories" -> "category"."""
    low = noun.lower()
    if low.endswith("ies") and len(low) > 4:
        return noun[:-3] + "y"
    if low.endswith(("ses", "xes", "ches", "shes")):
        return noun[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


def _listed(question: str) -> str:
    """What an enumeration lists: "What are the three tiers of POC?" -> "tiers of POC"."""
    m = re.search(
        rf"\b(?:the\s+)?(?:{COUNT_WORD}|main|key|different|various)\s+(.+)$", question, re.I
    )
    if m:
        return m.group(1)
    return re.sub(
        r"^\s*(?:what|which)\s+(?:are|were)\s+(?:the\s+)?|^\s*(?:list|name|enumerate|give)\s+(?:the\s+)?",
        "",
        question,
        flags=re.I,
    )


def _after_lead(question: str) -> str:
    lead = r"^\s*(?:(?:on|in|by|from|until)\s+)?(?:what|which|who|whom|whose|when|where|how)(?:\s+(?:many|much|long|often|should|can|could|must|do|does|did|is|are|was|were|year|steps|measures))*\s+"
    return re.sub(lead, "", question, flags=re.I)


def _clean(text: str) -> str:
    text = text.strip().rstrip("?.!").strip()
    return _LEADING_ARTICLE.sub("", text)


def spelled_out(noun: str, expand: Callable[[str], str] | None) -> tuple[str, ...]:
    """The head word of a counted abbreviation's full form, as the glossary expands it ("SPMs"
    -> "mission", of "special political mission"): "how many SPMs" is answered by "25 special
    political missions". None for a word the glossary does not expand."""
    if not noun or expand is None:
        return ()
    expanded = expand(noun)
    added = expanded[len(noun) :].split() if expanded.startswith(noun) else []
    return tuple(added[-1:])
