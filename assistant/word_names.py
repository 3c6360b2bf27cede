"""The corpus's common words in other languages, and a word of a question read in English through
them.

``corpus/word_names.toml`` lists, per language, the words that language uses for each of the
corpus's commonest English words ("tendance" for "trend", "approvisionnement" for "supplies").
A question word is matched by its Snowball stem in its language (PyStemmer, which BM25 already
uses for English), so plurals, feminines and conjugated forms ("tendances", "protégées", "exige")
find the base form the list gives; a name of several words is matched as written. The glossary's
own names (:mod:`assistant.term_names`) are read first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ConfigError
from assistant.name_tables import read_name_tables

WORDS_FILE = "word_names.toml"
# Snowball's name for each language the list may hold.
MIN_STEM = 4  # shorter stems join unrelated words ("note" and "notamment" both stem to "not")
STEMMERS = {"fr": "french", "es": "spanish", "pt": "portuguese", "ru": "russian", "ar": "arabic"}
_local = threading.local()  # PyStemmer objects are not thread-safe


@dataclass(frozen=True)
class WordNames:
    """Per language, each English word's names there."""

    names: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    _tables: dict[str, _Table] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def phrases(self, language: str) -> dict[str, str]:
        """The names in ``language`` matched as written (lower case; any case matches): those of
        several words or with a hyphen, and the names of places; each with its English name."""
        return dict(self._table(language).phrases)

    def word(self, word: str, language: str, keep: Collection[str] = ()) -> str:
        """``word`` in English when it is a lower-case word the list gives for ``language``: by
        its form, or by its stem when ``keep`` (words already English) does not hold it; else
        as it is. A form the list gives is a word of the language even where English spells
        one alike (Spanish "mayor" is "greater")."""
        if not word.islower():
            return word
        table = self._table(language)
        if word in table.forms:
            return table.forms[word]
        if word in keep:
            return word
        return self.english(word, language) or word

    def english(self, word: str, language: str) -> str | None:
        """The English word for ``word`` of ``language`` (None when the list has none)."""
        table = self._table(language)
        word = word.lower()
        found = table.forms.get(word)
        if found is None and language in STEMMERS:
            stem = stemmer(language)(word)
            found = table.stems.get(stem) if len(stem) >= MIN_STEM else None
        return found

    def _table(self, language: str) -> _Table:
        with self._lock:
            table = self._tables.get(language)
            if table is None:
                table = self._tables[language] = _Table.of(language, self.names.get(language, {}))
            return table


@dataclass(frozen=True)
class _Table:
    language: str
    forms: dict[str, str]
    stems: dict[str, str]
    phrases: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, language: str, names: Mapping[str, tuple[str, ...]]) -> _Table:
        forms: dict[str, str] = {}
        stems: dict[str, str] = {}
        phrases: dict[str, str] = {}
        stem = stemmer(language) if language in STEMMERS else None
        for english, words in names.items():  # the first listed wins
            for name in words:
                name = name.lower()
                if " " in name or "-" in name or english[:1].isupper():
                    phrases.setdefault(name, english)  # a name: matched as written
                    continue
                forms.setdefault(name, english)
                if stem is not None and len(stem(name)) >= MIN_STEM:
                    stems.setdefault(stem(name), english)
        return cls(language, forms, stems, tuple(phrases.items()))


def stemmer(language: str) -> Callable[[str], str]:
    """This thread's Snowball stemmer for ``language`` (one of :data:`STEMMERS`)."""
    import Stemmer

    cache: dict[str, Callable[[str], str]] = _local.__dict__.setdefault("stemmers", {})
    if language not in cache:
        cache[language] = Stemmer.Stemmer(STEMMERS[language]).stemWord
    return cache[language]


def load_word_names(path: Path | str) -> WordNames:
    """The word list at ``path`` (an empty one when there is none).

    Raises:
        ConfigError: the file is not TOML of ``[language] english = [names]`` tables, or names a
            language no stemmer is known for.
    """
    tables = read_name_tables(
        Path(path), what="the word list", key="English word", example='trend = ["tendance"]'
    )
    if tables is None:
        return WordNames()
    for language in tables:
        if language not in STEMMERS:
            raise ConfigError(
                f"{path}: [{language}] is not a language with a stemmer; use one of "
                f"{', '.join(sorted(STEMMERS))}"
            )
    return WordNames(tables)
