"""The glossary's names in other languages, and a question read in English words through them.

``corpus/glossary_names.toml`` lists, per language, the names each glossary entry goes by there
("FINUL" and "Force intérimaire des Nations Unies au Liban" for UNIFIL). :func:`pivot` rewrites a
French or Spanish question with the entries' English names and the question words of
:mod:`assistant.pivot_words`, so the English arms (BM25, the composer's word scores, anchors) read
what it asks; the multilingual dense arm reads the question as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.glossary import Glossary
from assistant.name_tables import read_name_tables
from assistant.pivot_words import FUNCTION, WORDS
from assistant.word_names import WordNames

NAMES_FILE = "glossary_names.toml"
_WORD = re.compile(r"[^\W\d_][\w]*")
# French elisions ("l'article", "qu'un") are split so each word is read; inverted pronouns
# ("a-t-il", "peut-elle") go.
_ELISION = re.compile(r"(?<!\w)(l|d|qu|n|s|j|c)['’](?=\w)", re.IGNORECASE)
_INVERSION = re.compile(r"-t-(?:il|elle|on)\b|-(?:il|elle|ils|elles|on)\b", re.IGNORECASE)
_MARKS = str.maketrans({"«": '"', "»": '"', "¿": "", "¡": "", "\u00a0": " ", "\u202f": " "})


@dataclass(frozen=True)
class TermNames:
    """Per language, each glossary term's names there (words or acronyms)."""

    names: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.names)

    def language_named(self, text: str) -> str | None:
        """The one language whose own names (not the English term) ``text`` uses, if exactly one."""
        found = {
            language
            for language, terms in self.names.items()
            for term, names in terms.items()
            if any(n != term and _pattern(n).search(text) for n in names)
        }
        return found.pop() if len(found) == 1 else None

    def pivot(
        self,
        text: str,
        language: str,
        glossary: Glossary | None = None,
        words: WordNames | None = None,
        keep: Collection[str] = (),
    ) -> str:
        """``text`` with the glossary names of ``language`` and its question words in English
        and, given a word list, its common words (a word in ``keep`` is English already)."""
        out = _elided(" ".join(text.translate(_MARKS).split()), language)
        replacements: list[tuple[str, str]] = []
        for term, names in self.names.get(language, {}).items():
            entry = glossary.get(term) if glossary is not None else None
            for name in names:  # a name in words reads as the full form, an acronym as the term
                reads_as = entry.full if entry is not None and not name.isupper() else term
                replacements.append((name, reads_as))
        replacements.extend(WORDS.get(language, {}).items())
        if words is not None:
            replacements.extend(words.phrases(language).items())
        for name, reads_as in sorted(replacements, key=lambda r: -len(r[0])):
            for form in _forms(name, language):
                out = _pattern(form).sub(reads_as, out)
        function = FUNCTION.get(language, {})

        def english(match: re.Match[str]) -> str:
            word = match.group(0)
            if word.lower() in function:
                return function[word.lower()]
            return words.word(word, language, keep) if words is not None else word

        out = _WORD.sub(english, out)
        return " ".join(out.split())


def load_term_names(path: Path | str) -> TermNames:
    """The names file at ``path`` (an empty table when there is none).

    Raises:
        ConfigError: the file is not TOML of ``[language] term = [names]`` tables.
    """
    tables = read_name_tables(
        Path(path), what="the glossary names", key="glossary term", example='"UNIFIL" = ["FINUL"]'
    )
    return TermNames(tables or {})


def _elided(text: str, language: str) -> str:
    """French elisions split ("l'article" -> "l article") and inverted pronouns dropped."""
    if language != "fr":
        return text
    return _INVERSION.sub(" ", _ELISION.sub(lambda m: f"{m.group(1)} ", text))


def _forms(name: str, language: str) -> tuple[str, ...]:
    """The forms a name takes in running text: in French its elisions split as the text's are,
    and a final "de" or "que" also elided before a vowel ("combien d'opérations")."""
    if language != "fr":
        return (name,)
    split = _elided(name, language)
    for full, short in ((" de", " d"), (" que", " qu")):
        if split.lower().endswith(full):
            return split, split[: -len(full)] + short
    return (split,)


def _pattern(name: str) -> re.Pattern[str]:
    return _compiled(name)


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(name: str) -> re.Pattern[str]:
    pattern = _CACHE.get(name)
    if pattern is None:
        body = r"\s+".join(re.escape(p) for p in name.split())
        flags = 0 if name.isupper() else re.IGNORECASE  # acronyms as written, words in any case
        pattern = _CACHE[name] = re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)
    return pattern
