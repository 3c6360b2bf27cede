"""One normalisation layer for the names and dates in a question, as people type them.

A question names things the way staff write them: lower case ("minustah", "timor leste"), no
diacritics ("moise"), abbreviations ("GC4", "AP1", "the side event", "Sept 2016", "special rep"),
demonyms ("Salvadoran") and typos ("minustha"). :func:`fold` puts a name in one comparable form
(accents and case folded, hyphens, spaces and punctuation alike); :class:`NameIndex` knows every
form of every name the glossary, the catalogue, the demonyms and the title abbreviations give,
and :meth:`NameIndex.canonical` rewrites a question's names to the form the documents use, so
that every anchor kind downstream (missions, places, documents, roles, years, quoted phrases)
is read off the same text. Names no form matches exactly are matched with rapidfuzz above
``fuzzy_threshold`` (``Settings.answer.name_fuzzy_threshold``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from unidecode import unidecode

from assistant.demonyms import BODIES, DEMONYMS, PLACE_NAMES, TITLES
from assistant.names_corpus import as_the_corpus_writes, corpus_words, titled_names
from assistant.names_dates import covers, months, names_report, reporting_period
from assistant.names_series import Series
from assistant.names_typed import as_written, shorthand
from assistant.text import stopwords

if TYPE_CHECKING:
    from assistant.catalogue import Catalogue
    from assistant.glossary import Glossary

_WORD = re.compile(r"[^\W_]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_MAX_WORDS = 7
_FUZZY_MIN_CHARS = 5
# Lower-case short forms that are also English words: "car" is not the CAR unless written so.
_COMMON = frozenset(
    """can car sea civic dos hom mara fib cla sg fc cos au who aid act art arm ice era polish pole
    turkey""".split()
)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text`` with accents and case folded and every run of other characters one space:
    "Timor-Leste" and "timor leste" are "timor leste"; "Moïse" is "moise"."""
    if not text.isascii():  # transliterate only what needs it: unidecode reads a char at a time
        text = _NON_ASCII.sub(lambda m: unidecode(m.group()), text)
    return _NOT_ALNUM.sub(" ", text.casefold()).strip()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def compact(text: str) -> str:
    """:func:`fold` without spaces: "GC IV" is "gciv", and a PDF's "Ta nin" is "tanin"."""
    return fold(text).replace(" ", "")


def variants(form: str) -> list[str]:
    """The folded keys of ``form``: itself, with a final Roman numeral as a digit ("GC IV" ->
    "gc 4"), and each compacted ("gciv", "gc4")."""
    key = fold(form)
    keys = [key]
    words = key.split()
    if len(words) >= 2 and words[-1] in _ROMAN:
        keys.append(" ".join([*words[:-1], _ROMAN[words[-1]]]))
    # compacted: "gciv", and "gc4" (a digit makes three characters enough; "api" is a word)
    keys += [c for k in keys if len(c := k.replace(" ", "")) >= (3 if c[-1].isdigit() else 4)]
    return list(dict.fromkeys(k for k in keys if k))


@dataclass(frozen=True)
class Name:
    """One form the index knows: how the documents write it, and of what kind it is."""

    canonical: str
    kind: str  # "short", "long", "place", "document", "author", "demonym", "title"
    place: str = ""  # for a demonym, the place it is of


@dataclass
class NameIndex:
    """Every known form of every name, by folded key, for rewriting and matching names."""

    fuzzy_threshold: float = 90.0
    _exact: dict[str, Name] = field(default_factory=dict)
    _fuzzy: dict[int, list[str]] = field(default_factory=dict)  # word count -> keys
    _related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _forms: set[str] = field(default_factory=set)  # every form as written in the data
    series: Series = field(default_factory=Series)  # "AP 4" -> "Additional Protocol IV"
    corpus: dict[str, str] = field(default_factory=dict)  # "la saline" -> "La Saline"
    lower_stems: frozenset[str] = frozenset()  # stems of the words the passages write in lower case
    # English words, never read as a name's typo (:func:`assistant.names_corpus.vocabulary`)
    words: frozenset[str] = frozenset()

    def add(
        self, form: str, canonical: str, kind: str, *, place: str = "", fuzzy: bool = True
    ) -> None:
        """Know ``form`` as a way of writing ``canonical``; the first name added for a key wins.
        ``fuzzy``: whether a typo of it is taken for it."""
        form = form.strip()
        if not form:
            return
        self._forms.add(form)
        for key in variants(form):
            known = self._exact.get(key)
            # a document's name is written as its title writes it, even where the glossary has
            # the same words as a long form ("the fourth geneva convention" is a document's name)
            if known is None or (kind == "document" and known.kind == "long"):
                self._exact[key] = Name(canonical, kind, place)
        key = fold(form)  # typos are matched against the form itself, not its compacted variants
        if (
            fuzzy
            and len(key) >= _FUZZY_MIN_CHARS
            and not key.isdigit()
            and self._exact[key].canonical == canonical
        ):
            self._fuzzy.setdefault(len(key.split()), []).append(key)

    def relate(self, name: str, forms: Iterable[str]) -> None:
        """Forms a passage may use for ``name``: "Salvadoran" is mentioned by "El Salvador"."""
        key = fold(name)
        self._related[key] = tuple(dict.fromkeys((*self._related.get(key, ()), *forms)))

    def related(self, name: str) -> tuple[str, ...]:
        """The other forms that mention ``name`` (a demonym's place, a place's demonyms)."""
        return self._related.get(fold(name), ())

    def lookup(self, text: str) -> Name | None:
        """The name ``text`` is a form of, exactly after folding; else None."""
        for key in variants(text):
            if (name := self._exact.get(key)) is not None:
                return name
        return None

    def closest(self, text: str) -> tuple[Name, float] | None:
        """The name ``text`` is closest to, when above the fuzzy threshold and unambiguous."""
        key = fold(text)
        choices = self._fuzzy.get(len(key.split()), [])
        if len(key) < _FUZZY_MIN_CHARS or not choices:
            return None
        numbers = _numbers(key)  # "Protocol III" is no typo of "Protocol II"
        found = [
            f
            for f in process.extract(
                key, choices, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=5
            )
            if _numbers(f[0]) == numbers
        ][:2]
        if not found:
            return None
        best = found[0]
        second = found[1] if len(found) > 1 else None
        if second is not None and second[1] == best[1]:
            first, other = self._exact[best[0]], self._exact[second[0]]
            if first.canonical != other.canonical:
                return None  # two names as close: guess neither
        return self._exact[best[0]], float(best[1])

    def canonical(self, question: str) -> str:
        """``question`` with its names written as the documents write them and months in full:
        "whats the rule on hostages in gc4" -> "What is the rule ... in GC IV?"; "timor leste" ->
        "Timor-Leste"; "ppl" -> "people". The sentence is repaired first
        (:func:`assistant.names_typed.as_written`: contractions, the comma, capital and mark)."""
        lower = not any(c.isupper() for c in question)  # typed without any capital
        question = months(shorthand(as_written(question)))
        question = self.series.written(question, known=lambda t: self.lookup(t) is not None)
        out: list[str] = []
        last = 0
        for start, end, name in self._spans(question):
            written = question[start:end]
            if written in self._forms and name.kind != "title":
                continue  # written as a known form already ("tier 1", "GC4")
            keep = name.kind == "long" and fold(written) in variants(name.canonical)
            if keep or (name.kind == "demonym" and written[:1].isupper()):
                replacement = written  # the glossary reads long forms in any case already
            else:
                replacement = name.canonical
            out.append(question[last:start] + replacement)
            last = end
        out.append(question[last:])
        if not lower:
            return "".join(out)
        return titled_names(as_the_corpus_writes("".join(out), self.corpus), self.lower_stems)

    def _spans(self, question: str) -> Iterator[tuple[int, int, Name]]:
        words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(question)]
        i = 0
        while i < len(words):
            found = self._match_at(question, words, i)
            if found is None:
                i += 1
                continue
            n, name = found
            yield words[i][0], words[i + n - 1][1], name
            i += n

    def _match_at(
        self, question: str, words: list[tuple[int, int, str]], i: int
    ) -> tuple[int, Name] | None:
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            written = question[words[i][0] : words[i + n - 1][1]]
            key = " ".join(w for _, _, w in words[i : i + n])
            name = self._exact.get(key) or (
                self._exact.get(key.replace(" ", "")) if n > 1 else None
            )
            if name is None and (owner := self._owner(key)) is not None:
                name, written = owner, written[:-1]  # "unmits drawdown": UNMIT's
            if name is not None and _accepts(written, name, _opens_sentence(question, words[i][0])):
                return n, name
        # A typo is of one word of a name a phrase cannot be ("minustha", "kosvo", "salvadorian"):
        # close phrases ("the two Additional Protocols") are other things, not misspellings.
        written = question[words[i][0] : words[i][1]]
        if written[:1].isdigit() or fold(written) in stopwords() or fold(written) in self.words:
            return None  # "finish training" is no typo of "Finnish"
        close = self.closest(written)
        if close is not None and close[0].kind in ("short", "place", "demonym"):
            return 1, close[0]
        return None

    def _owner(self, key: str) -> Name | None:
        """The name a word typed as its possessive without the apostrophe stands for ("unmits",
        "timor lestes"): the name with "'s"; not a long form, demonym or title, whose "-s" is a
        plural ("special political missions", "salvadorans"). None when the key is no such form."""
        if not key.endswith("s") or len(key) < 4 or key in stopwords():
            return None
        name = self._exact.get(key[:-1])
        if name is None or name.kind not in _OWNERS or name.canonical.endswith("s"):
            return None
        return Name(name.canonical + "'s", name.kind, name.place)


_OWNERS = frozenset({"short", "place", "document"})
# Glossary kinds whose abbreviations are counted ("PKOs", "SPMs", "NGOs"); a mission, place or law
# is one of a kind, so "unmits 2012 drawdown" is UNMIT's, not a plural.
_COUNTABLE = frozenset({"concept", "entity"})


def _numbers(key: str) -> list[str]:
    return [w for w in key.split() if w.isdigit() or w in _ROMAN or set(w) <= set("ivx")]


def _accepts(written: str, name: Name, opens_sentence: bool = False) -> bool:
    """Whether ``written`` is taken as ``name``: a lower-case form that is also an English word
    ("car", "sea", "polish") is the word, not the acronym or the demonym; so is one capitalised
    only because it opens a sentence ("Can a mission ...", "Who decides ...")."""
    if written == name.canonical or fold(written) not in _COMMON:
        return True
    as_word = written.islower() or (opens_sentence and written[1:].islower())
    return not as_word


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of its sentence."""
    before = text[:start].rstrip()
    return not before or before[-1] in ".?!:;\"'“‘("


def _plural(form: str) -> str:
    """An abbreviation's plural as staff write it ("PKOs", "SPMs"); "" for a form that is not an
    abbreviation in capitals, or whose plural folds to an English word ("CARs", "AUs" are not
    "cars", "aus": the lower-case form is never taken as the name)."""
    if not (form.isupper() and form.isalpha() and 2 <= len(form) <= 6):
        return ""
    return "" if fold(form) in _COMMON or fold(form + "s") in stopwords() else f"{form}s"


def language_names(index: NameIndex) -> NameIndex:
    """``index`` with the demonyms, other place names and title abbreviations added."""
    for demonym, place in DEMONYMS.items():
        index.add(demonym, demonym, "demonym", place=place)
        index.relate(demonym, (place,))
        index.relate(place, (demonym,))
        index.add(place, place, "place")
    for other, place in PLACE_NAMES.items():
        index.add(other, other, "place")
        index.relate(other, (place,))
        index.relate(place, (other,))
    for abbreviation, title in (*TITLES.items(), *BODIES.items()):
        index.add(abbreviation, title, "title")
    for title in dict.fromkeys((*TITLES.values(), *BODIES.values())):
        # typed in lower case ("the special representative", "secretary general"): written as
        # the documents write a title, so it is read as one
        index.add(title, title, "title", fuzzy=False)
    return index


@lru_cache(maxsize=4)
def mission_names(glossary: Glossary) -> frozenset[str]:
    """The folded terms and aliases of the glossary's missions, read once per glossary."""
    return frozenset(
        fold(f) for e in glossary.entries if e.kind == "mission" for f in (e.term, *e.aliases)
    )


def build_name_index(
    glossary: Glossary | None,
    catalogue: Catalogue | None,
    *,
    fuzzy_threshold: float = 90.0,
    texts: Iterable[str] = (),
    words: frozenset[str] = frozenset(),
) -> NameIndex:
    """Every name the glossary (terms, aliases, full forms, places), the catalogue (titles,
    symbols, aliases), the demonyms and the title abbreviations give, and the names the passages
    ``texts`` write with capitals (:mod:`assistant.names_corpus`; read only in a question typed
    without capitals). The glossary comes first: where two give one key, its form wins."""
    index = NameIndex(fuzzy_threshold=fuzzy_threshold, words=words)
    for entry in glossary.entries if glossary is not None else ():
        for form in (entry.term, *entry.aliases):
            index.add(form, form, "short")
        for form in (entry.term, *entry.aliases) if entry.kind in _COUNTABLE else ():
            if plural := _plural(form):  # "pkos and spms"; never a typo's ("units" is no "UNMITs")
                index.add(plural, plural, "short", fuzzy=False)
        for form in (entry.full, *entry.variants):
            index.add(form, form, "long")
        for place in entry.places:
            index.add(place, place, "place")
            index.relate(place, (entry.term,))
    if catalogue is not None:
        for doc_id in catalogue.entries:
            for name in catalogue.names(doc_id):
                index.add(name, name, "document")
            index.series.add(catalogue.names(doc_id))  # "AP 4" is Additional Protocol IV
            record = catalogue.entries[doc_id].record
            for author in (*record.authors, record.issuing_body):
                # who wrote or issued it, as its record writes them ("pax and stimson center")
                for part in filter(None, (p.strip() for p in author.split(","))):
                    if len(part.split()) <= _MAX_WORDS and not part.islower():
                        index.add(part, part, "author", fuzzy=False)
        for plural in catalogue.families:  # "the two additional protocols"
            index.add(plural, plural, "document")
    written = corpus_words(texts)
    index.corpus = written.names  # the passages' own names ("La Saline")
    index.lower_stems = written.lower_stems
    return language_names(index)


__all__ = ["Name", "NameIndex", "build_name_index", "compact", "covers", "fold", "mission_names"]
__all__ += ["language_names", "months", "names_report", "reporting_period", "shorthand"]
