"""Names the corpus writes with capitals, for reading them when a question types them in lower case.

The glossary and the catalogue name missions, places, documents and their authors; the passages
name much more ("the Specialist Prosecutor", "the Occupying Power", "La Saline", "Ljubljana"). A
question typed in lower case loses what makes those names names to the readers downstream (an
anchor is a run of capitalised words). :func:`capitalised_names` reads the passages once and keeps
each word run of up to ``_MAX_WORDS`` words that the corpus writes capitalised inside a sentence
nearly always (``_SHARE`` of its uses, at least ``_MIN_USES`` times; a single word at least
``_MIN_SINGLE_USES`` times, and neither it nor a word of its stem ever in lower case): a fact of how the documents write it, read
off them, not listed by hand.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from assistant.lexicon import OFFICE_INITIALS, RANK_ABBREVIATIONS, alternation
from assistant.text import stopwords

_MAX_WORDS = 4
_SHARE = 0.9
_MIN_USES = 2
_MIN_SINGLE_USES = 3
_MIN_CHARS = 4
_STEM = 5  # the first letters that stand for a word's stem ("presi": "presidential")
# A run of capitalised words, small words allowed inside ("Council on Legal Aid", "La Saline").
_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][\w’'-]*[a-z0-9][\w’'-]*(?:\s+(?:(?:of|on|for|and|the|de|la|du)\s+)?"
    r"[A-Z][\w’'-]*[a-z0-9][\w’'-]*)*"
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_OPENS = re.compile(r"(?:^|[.!?:;\"“”‘(\[\n•-])\s*$")


@dataclass(frozen=True)
class CorpusWords:
    """How the passages write their words: the runs they capitalise as names
    (:func:`capitalised_names`), and the stems of every word they write in lower case."""

    names: dict[str, str]
    lower_stems: frozenset[str]


def capitalised_names(texts: Iterable[str]) -> dict[str, str]:
    """Lower-cased phrase -> the phrase as the corpus writes it, for every run the corpus
    capitalises inside its sentences at least ``_SHARE`` of the times it uses those words."""
    return corpus_words(texts).names


def corpus_words(texts: Iterable[str]) -> CorpusWords:
    """The names of :func:`capitalised_names` and the lower-case stems, in one reading."""
    texts = list(texts)
    written: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _RUN.finditer(text):
            words = m.group().split()
            if m.start() == 0 or _OPENS.search(text[max(0, m.start() - 3) : m.start()]):
                # the first word of a sentence or a list item is capitalised anyway: "The
                # Specialist Prosecutor has ..." names the Specialist Prosecutor
                words = words[1:]
                while words and words[0].islower():
                    words = words[1:]
            while words and words[0].casefold() in stopwords():
                words = words[1:]  # "The Force Commander" mid-line names the Force Commander
            for n in range(1, min(_MAX_WORDS, len(words)) + 1):
                phrase = " ".join(words[:n])  # the run's opening words: "Specialist Prosecutor"
                if words[n - 1].casefold() in stopwords():
                    continue
                key = phrase.casefold()
                written[key] += 1
                forms.setdefault(key, Counter())[phrase] += 1
    lower, stems = _lower_uses(texts, set(written))
    out: dict[str, str] = {}
    for key, uses in written.items():
        least = _MIN_SINGLE_USES if " " not in key else _MIN_USES
        if uses < least or len(key) < _MIN_CHARS or key in stopwords():
            continue
        # a single word is a name only if neither it nor a word of its stem is ever written in
        # lower case ("department"; "President" beside "presidential", "Specialist" beside
        # "specialists"): "Geneva", "Mitrovica" are names, titles capitalised by style are not
        single = " " not in key and (lower[key] or key[:_STEM] in stems)
        if uses >= _SHARE * (uses + lower[key]) and not single:
            out[key] = forms[key].most_common(1)[0][0]
    return CorpusWords(out, frozenset(stems))


def _lower_uses(texts: list[str], keys: set[str]) -> tuple[Counter[str], set[str]]:
    """How often each of ``keys`` is written all in lower case, and the stems (first ``_STEM``
    letters) of every word written in lower case."""
    counts: Counter[str] = Counter()
    stems: set[str] = set()
    for text in texts:
        words = _WORD.findall(text)
        for i, word in enumerate(words):
            if not word.islower():
                continue
            stems.add(word[:_STEM])
            for n in range(1, _MAX_WORDS + 1):
                run = words[i : i + n]
                if len(run) < n or not run[-1].islower():
                    break
                key = " ".join(run)
                if key in keys:
                    counts[key] += 1
    return counts, stems


def as_the_corpus_writes(question: str, names: dict[str, str]) -> str:
    """Runs of lower-case words of ``question`` that ``names`` (of :func:`capitalised_names`) holds,
    written as the corpus writes them, longest first: "the specialist prosecutor" -> "the
    Specialist Prosecutor". The name layer applies it only to a question typed without capitals:
    a writer who wrote some name as a name meant the other words as words."""
    words = list(_WORD.finditer(question))
    out, last, i = [], 0, 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            run = words[i : i + n]
            typed = question[run[0].start() : run[-1].end()]
            form = names.get(" ".join(typed.casefold().split()))
            if form and form != typed and not typed.isupper():  # "Serbian orthodox": a demonym
                out.append(question[last : run[0].start()] + form)
                last, i = run[-1].end(), i + n
                break
        else:
            i += 1
    return "".join(out) + question[last:]


# A title or office typed before a person's name ("usg lacroix", "srsg atul khare", "mr
# kosumi"), and up to three lower-case words after it. Only titles that are no English word:
# "major takeaways", "general tips", "the president tweeted", "3 pm curfew" name no one.
_NAME_TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    *(t for t in OFFICE_INITIALS if t != "PM"),
    *RANK_ABBREVIATIONS,
)
_TITLE = alternation(_NAME_TITLES).replace(r"\ ", r"\.?\s+")  # "lt. gen." as "lt gen"
# "the srsg wants to know": a title after a determiner is the office, and a verb follows it
_DETERMINERS = "the our my your their his her its a an new this that".split()
_NOT_AFTER_DETERMINER = "".join(rf"(?<!\b(?i:{d})\s)" for d in _DETERMINERS)
_TITLED = re.compile(
    _NOT_AFTER_DETERMINER + rf"\b(?i:{_TITLE})\.?\s+"
    r"(?P<name>[a-z][\w’'-]+(?:\s+[a-z][\w’'-]+){0,2})"
)


def titled_names(question: str, lower_stems: AbstractSet[str]) -> str:
    """The words after a person's title or office, in a question typed without capitals, that
    the corpus never writes in lower case (nor a word of their stem), capitalised: they are the
    person's name, "usg lacroix" is "usg Lacroix". A name the corpus does not hold is then asked
    about by name (an anchor), and the answer says the corpus has nothing on it, where before
    the lower-case words were read as any words and the question answered with another person's
    statements. The name stops at the first word the corpus writes in lower case ("report")."""

    if not lower_stems:
        return question  # no passages read: every word would pass for a name

    def written(m: re.Match[str]) -> str:
        words = m.group("name").split()
        n = 0
        while n < len(words) and _unknown(words[n], lower_stems):
            n += 1
        if not n:
            return m.group()
        name = " ".join(w[:1].upper() + w[1:] for w in words[:n])
        rest = m.group("name").split(maxsplit=n)[n:]
        return m.group()[: m.start("name") - m.start()] + " ".join([name, *rest])

    return _TITLED.sub(written, question)


def _unknown(word: str, lower_stems: AbstractSet[str]) -> bool:
    return word not in stopwords() and word[:_STEM] not in lower_stems


def vocabulary(model_path: Path) -> frozenset[str]:
    """The whole words of an embedding model's word-piece vocabulary (``tokenizer.json``): some
    20,000 common English words, read offline; empty where the folder has none."""
    try:
        vocab = json.loads((model_path / "tokenizer.json").read_text("utf-8"))["model"]["vocab"]
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha() and w.islower() and len(w) >= _WORD_MIN_CHARS)


_WORD_MIN_CHARS = 5  # shorter words are never taken for a typo (names.closest)
