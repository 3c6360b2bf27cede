"""How much a unit answers the question: the question's word weights, coverage, and the rules
of each question form (what a definition, enumeration, factoid or procedure answer must hold).
:mod:`assistant.answers.composer` combines them with the encoder's similarity and picks the units.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet

from assistant.answers.defining import defined_term, defines
from assistant.answers.inline_series import series_length
from assistant.answers.persons import names_person
from assistant.answers.phrases import phrase_pattern
from assistant.answers.questions import Expect, Form, QuestionForm, singular, strip_frame
from assistant.answers.table_rows import counts_in_row
from assistant.lexicon import (
    ABOUT_TIME,
    ANYONE,
    COUNTERS,
    DEPLOYMENTS,
    DURATIONS,
    NUMBER_WORD,
    SIZE_WORDS,
)
from assistant.symbols import MONTHS, SYMBOL_RE, date_part
from assistant.text import content_words
from assistant.types import Hit

Tokens = Callable[[str], list[str]]
Idf = Callable[[list[str]], dict[str, float]]

FORM_BONUS = 0.12
CONTEXT_WEIGHT = 0.25  # an anchor's share of the question's weight when scoring units

_DEFINES = re.compile(
    r"\b(?:is|are|means|refers? to|defined as|known as|consists? of|understood as|comprises?)\b",
    re.I,
)
_RECOMMENDS = re.compile(
    r"\b(?:should|must|needs? to be|ought to|recommend\w*|encourag\w*|call(?:s|ed)? (?:on|for|upon)|"
    r"requires?|shall|important to|(?:an? )?(?:important|key|critical|central|vital) role|essential|crucial|paramount|vital|can help|could|strengthen|ensure|develop|invest|consider|"
    r"will (?:become|be) (?:more |increasingly )?(?:important|needed|necessary|required)|can be used|would benefit)\b",
    re.I,
)
_ADVICE_SECTION = re.compile(
    r"recommend|option|implication|lesson|way forward|looking ahead|conclusion|observation", re.I
)
_NUMBER = re.compile(r"\d[\d,.]*|" + NUMBER_WORD, re.I)
# a day's date whole ("17 January 1992", "January 17, 1992"): its day is new where the
# question names only the month ("the report of 14 jan 92"), then a year, then a month
_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})(?:\s+(?:1[89]\d\d|20\d\d))?\b"
    rf"|\b(?:{MONTHS})\s+\d{{1,2}}\b(?:,?\s+(?:1[89]\d\d|20\d\d)\b)?"
    rf"|\b(?:1[89]\d\d|20\d\d)\b|\b(?:{MONTHS})\b"
)
_MONEY = re.compile(
    r"[$€£]\s?\d|\b(?:US\$|USD|EUR|dollars?|euros?)\b|\d\s?(?:million|billion)\b", re.I
)
_SHARE = re.compile(
    r"\bper\s?cent\b|%|\b(?:half|thirds?|quarters?)\s+of\b|\bproportion\b|\d\s+per\s+\d", re.I
)  # "10.44 per 1,000"
# "the Geneva Conventions of 12 August 1949": a day's date that names an instrument
_TITLE_DATE = re.compile(
    rf"\b(?:Conventions?|Protocols?|Agreements?|Regulations|Accords?)\s+of\s+\d{{1,2}}\s+(?:{MONTHS})\s+(?:1[89]\d\d|20\d\d)\b",
)
# "my report of 28 October 1991", "a letter dated 5 May 1992": a date that names a document, no
# date of what a sentence says when it states another ("the letter dated 5 May 1992 informed
# me that the Council approved" answers when the Council approved)
_DOCUMENT_DATE = re.compile(
    r"\b(?:[Rr]eports?|[Ll]etters?|[Nn]otes?|[Mm]emorand(?:um|a))\s+(?:of|dated)\s+"
    rf"\d{{1,2}}\s+(?:{MONTHS})\s+(?:1[89]\d\d|20\d\d)\b",
)
_FREQUENCY = re.compile(
    r"\b(?:once|twice|thrice|daily|weekly|monthly|quarterly|yearly|annually|periodic(?:al|ally)?)\b"
    r"|\b(?:every|each)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?)\b|\bper\s+(?:day|week|month|year)\b|\b(?:times|sessions?)\s+(?:a|per)\b",
    re.I,
)
_NAME = re.compile(r"(?<=\S\s)[A-Z][\w’'-]+")
_SOURCE = re.compile(
    r"https?://|\bwww\.|\bet al\b|\bibid\b|\bop\. cit\b|\bpp?\.\s*\d|\bvol\.\s*\d|\bISBN\b"
    r"|^\W*(?:\[\d+\]\s*)?(?:see|cf\.|available|quoted|interview|source|for (?:more|further|example, see))\b",
    re.I,
)
SOURCE_MIN_WORDS = 10


def question_weights(question: str, *, tokens: Tokens, idf: Idf) -> dict[str, float]:
    """The question's distinct index tokens, each with its share of the question's IDF weight."""
    weights = idf(list(dict.fromkeys(tokens(question))))
    total = sum(weights.values())
    return {t: w / total for t, w in weights.items()} if total else {}


def content_weights(
    question: str, context: Sequence[str], *, tokens: Tokens, idf: Idf
) -> dict[str, float]:
    """:func:`question_weights` with the context's tokens (the anchors) down-weighted to
    ``CONTEXT_WEIGHT`` of their share, renormalised: "homicides" is what "What did the SG report
    about homicides in Haiti?" asks, "Haiti" is where every candidate passage already is."""
    weights = question_weights(strip_frame(question), tokens=tokens, idf=idf) or question_weights(
        question, tokens=tokens, idf=idf
    )
    anchored = {t for text in context for t in tokens(text)} & weights.keys()
    if not anchored or anchored == weights.keys():
        return weights
    scaled = {t: w * (CONTEXT_WEIGHT if t in anchored else 1.0) for t, w in weights.items()}
    total = sum(scaled.values())
    return {t: w / total for t, w in scaled.items()}


def coverage(weights: dict[str, float], text_tokens: Iterable[str]) -> float:
    """The share of the question's weight whose tokens occur in ``text_tokens`` (0 to 1)."""
    present = set(text_tokens)
    return sum(w for t, w in weights.items() if t in present)


def form_bonus(form: QuestionForm, hit: Hit, kind: str, text: str) -> float:
    """The bonus a unit of ``kind`` gets for fitting the question's form: a definition that defines the
    subject (twice the bonus when the term is what the defining verb joins), a list that brings
    the enumeration's items (or a sentence whose inline series has as many items as it announces),
    an item of a document-scoped question."""
    if form.form is Form.DEFINITION:
        term = defined_term(form.subject)
        subject = content_words(term)
        if not (
            subject
            and subject <= content_words(text)
            and (_DEFINES.search(text) or phrase_pattern("tier_marker").search(text))
        ):
            return 0.0
        return 2 * FORM_BONUS if defines(term, text) else FORM_BONUS
    if form.form is Form.ENUMERATION:
        head = form.head.casefold()[:-1] if len(form.head) > 4 else form.head.casefold()
        listed = head and (head in text.casefold() or head in hit.passage.section_label.casefold())
        if kind == "sentence" and listed and form.count and series_length(text) == form.count:
            return FORM_BONUS  # "the five priority areas (legislation, ..., and operations)"
        return FORM_BONUS if kind == "list" and listed else 0.0
    if form.form is Form.DOCUMENT and kind in ("item", "list"):
        return FORM_BONUS / 2
    return 0.0


def recommends(text: str) -> bool:
    """Whether ``text`` is worded as advice or obligation ("should", "must", "is essential")."""
    return bool(_RECOMMENDS.search(text))


def advice_weight(hit: Hit, text: str) -> float:
    """1 for a recommending sentence in a recommendations (or lessons, implications) section,
    0.8 for one of the two, 0.6 for neither: a description of the problem is not advice."""
    signals = bool(_RECOMMENDS.search(text)) + bool(
        _ADVICE_SECTION.search(hit.passage.section_label)
    )
    return (0.6, 0.8, 1.0)[signals]


def cites_a_source(text: str) -> bool:
    """Whether a footnote's unit cites a source ("See S/2019/805, para. 12", a URL, "Ibid.")
    rather than explains: only an explanation ("Grey zone operations are those that ...") may
    answer."""
    return len(text.split()) < SOURCE_MIN_WORDS or bool(
        _SOURCE.search(text) or SYMBOL_RE.search(text)
    )


def holds(expect: Expect, text: str, asked: AbstractSet[str] = frozenset()) -> bool:
    """Whether ``text`` holds a value of the kind a factoid asks for that the question does not
    already state (``asked``: its content words): "How many homicides ... in 2019?" is not
    answered by a sentence whose only number is 2019."""
    if expect is Expect.NUMBER:
        return any(_new(m.group(), asked) for m in _NUMBER.finditer(text))
    if expect is Expect.AMOUNT:
        return bool(_MONEY.search(text))
    if expect is Expect.SHARE:
        return bool(_SHARE.search(text))
    if expect is Expect.DATE:
        text = _TITLE_DATE.sub(" ", text)
        stated = _DOCUMENT_DATE.sub(" ", text)
        dates = list(_DATE.finditer(stated)) or list(_DATE.finditer(text))
        return any(_new(m.group(), asked) for m in dates)
    if expect is Expect.FREQUENCY:
        return bool(_FREQUENCY.search(text))
    if expect is Expect.PERSON:
        return names_person(text, asked)
    if expect in (Expect.NAME, Expect.PLACE):
        return any(_new(m.group(), asked) for m in _NAME.finditer(text))
    return True


def unstated(
    expect: Expect,
    text: str,
    *,
    asked: set[str],
    noun: str,
    tokens: Tokens,
    size: bool = False,
    also: Sequence[str] = (),
) -> str:
    """What ``text`` leaves out of what a factoid asks for: "value" when it holds no value of the
    kind asked (:func:`holds`), "count" when it holds one but no number of ``noun`` ("how many
    <noun>", :func:`counts`; a table row counts what its headers and caption name), "" when it
    states it. ``also``: other words for the noun (:func:`questions.spelled_out`). The composer weighs
    units by it; the assistant abstains when every quoted unit leaves the value out."""
    if not holds(expect, text, asked):
        return "value"
    if expect is Expect.NUMBER and not (
        noun or asked & ABOUT_TIME or _counts_anything(text, asked)
    ):
        return "value"  # "six months after the murder" counts no one: a date, a span of time
    stated = (counts(n, text, tokens=tokens, asked=asked, size=size) for n in (noun, *also))
    return "" if not noun or any(stated) or counts_in_row(text, asked, tokens) else "count"


COUNT_WINDOW = 6  # words between a number and the noun it counts
SHARE_OF = 4  # words from a share ("58.1 per cent of") to the noun it is a share of


def counts(
    noun: str,
    text: str,
    *,
    tokens: Tokens,
    asked: AbstractSet[str] = frozenset(),
    size: bool = False,
) -> bool:
    """Whether ``text`` holds a number the question does not state (``asked``: its content
    words) within ``COUNT_WINDOW`` words of ``noun`` (singular or plural, not its stem's other words): "How many KFOR troops ...
    in 2018?" is not answered by "six individuals ... and KFOR troops", nor by "KFOR troops in
    2018"; a share counts only the noun it is a share of ("58.1 per cent of children" answers
    "How many children ...?", "17 per cent compared with 2018" counts no homicides)."""
    if not tokens(noun):
        return True
    forms = {
        noun.casefold(),
        singular(noun).casefold(),
    }  # the noun itself: "peacekeepers" are not "peacekeeping missions"
    if forms & ANYONE:
        forms |= ANYONE  # words for people are one noun: "internally displaced persons" are "46,691 people"
    words, bare = _words(text)
    at_noun = [i for i, w in enumerate(bare) if w in forms or singular(w) in forms]
    numbers = [
        i
        for i, w in enumerate(words)
        if (m := _NUMBER.match(w)) and _new(m.group(), asked) and not date_part(bare, i)
    ]
    if size:  # a body's size is a number beside a word that states one ("strength of ... 14,000")
        numbers = [j for j in numbers if _states_size(words, bare, j)]
        if noun.casefold() in DEPLOYMENTS:
            return bool(numbers)  # "the UNPROFOR presence": its strength is its size
    shares = {j for j in numbers if _is_share(words[j], words[j + 1 : j + 2])}
    at_number = [j for j in numbers if j not in shares]
    if any(0 < i - j <= SHARE_OF for i in at_noun for j in shares):
        return True  # "58.1 per cent of children under the age of five": a share of the noun answers how many
    if at_noun and any(
        words[j + 1 : j + 2]
        and words[j + 1].casefold().strip(".,;") in COUNTERS
        and words[j + 2 : j + 3] != ["of"]
        for j in at_number
    ):
        return True  # "homicides ... increased by 17 per cent, with 698 cases": the cases are homicides
    return any(
        abs(i - j) <= COUNT_WINDOW and not (i < j and _counts_its_own(bare, j, forms))
        for i in at_noun
        for j in at_number
    )


def _counts_anything(text: str, asked: AbstractSet[str]) -> bool:
    """Whether ``text`` holds a new number that is neither part of a date nor a span of time."""
    words, bare = _words(text)
    bare = [*bare, ""]  # the word after the last
    return any(
        (m := _NUMBER.match(_CURRENCY.sub("", w)))
        and _new(m.group(), asked)
        and not date_part(bare, i)
        and singular(bare[i + 1]) not in DURATIONS
        and singular(bare[i].rpartition("-")[2]) not in DURATIONS  # "a 30-day period"
        for i, w in enumerate(words)
    )


# "$450,000", "US$11.1" are amounts, numbers all the same
_CURRENCY = re.compile(r"^[A-Z]{0,3}[$€£]")


def _words(text: str) -> tuple[list[str], list[str]]:
    """``text``'s words as written (numbers with their signs), and each bare and lower-cased."""
    words = re.findall(r"[\w’'$,.%-]+", text)
    return words, [w.strip(".,;:’'").casefold() for w in words]


def _states_size(words: Sequence[str], bare: Sequence[str], j: int) -> bool:
    """Whether the number at ``j`` states a size: a word that states one stands near it, or it
    is an amount of money (a fund's size: "US$ 11.1 billion")."""
    if _MONEY.search(" ".join(words[max(j - 1, 0) : j + 2])):
        return True
    return any(w in SIZE_WORDS for w in bare[max(j - COUNT_WINDOW, 0) : j + COUNT_WINDOW + 1])


def _counts_its_own(bare: Sequence[str], j: int, forms: set[str]) -> bool:
    """Whether the number at ``j`` counts a plural noun right after it, another than ``forms``:
    "For national staff, two job fairs were held" counts fairs, not staff. Only a noun before
    the number is so kept apart: "32 killings of police officers" answers how many officers
    were killed."""
    return any(
        w.isalpha()
        and w.endswith("s")
        and not w.endswith("ss")
        and w not in forms
        and singular(w) not in forms
        and w not in _NOT_COUNTED
        for w in bare[j + 1 : j + 3]
    )


_NOT_COUNTED = frozenset(
    {
        "per",
        "percent",
        "cent",
        "times",
        "years",
        "months",
        "weeks",
        "days",
        "hours",
        "its",
        "was",
        "has",
        "is",
        "this",
        "thus",
        "as",
    }
)


def _is_share(word: str, after: Sequence[str]) -> bool:
    """Whether the number ``word`` is a share, not a count: "80 per cent of the cases", "12%"."""
    return word.rstrip(".,").endswith("%") or bool(
        after and after[0].casefold() in ("per", "percent", "%")
    )


def _new(value: str, asked: AbstractSet[str]) -> bool:
    words = content_words(value)
    return bool(words) and not words <= asked
