"""Questions asked in another language: read in English words, retrieved across languages,
answered with the interface's fixed texts in the question's language.

:class:`LanguageRoute` holds what such a question needs, each part loaded on the first one: the
glossary's names in other languages (:mod:`assistant.term_names`), the passages' languages and
multilingual vectors (:mod:`assistant.index.passage_languages`) and the multilingual encoder; it
reads a question in English words and builds the
:class:`~assistant.retrieval.crosslingual.CrossLingualEngine` that retrieves for it.
:mod:`assistant.answers.multilingual` answers with them.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.encoders import MultilingualEncoder, multilingual_available
from assistant.glossary import Glossary
from assistant.index import LANGUAGES_FILE, PassageLanguages, load_languages
from assistant.language import ENGLISH, interface_language, question_language
from assistant.retrieval import CrossLingualEngine
from assistant.term_names import NAMES_FILE, TermNames, load_term_names
from assistant.translation import localise
from assistant.types import Answer
from assistant.word_names import WORDS_FILE, WordNames, load_word_names

_WORD = re.compile(r"[^\W\d_][\w-]*")
log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from assistant.retrieval import Engine
    from assistant.settings import Settings


class LanguageRoute:
    """The parts a question in another language needs, loaded once (the table again when an
    ingest rewrites it). Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._names: TermNames | None = None
        self._words: WordNames | None = None
        self._table: tuple[float, PassageLanguages | None] | None = None
        self._encoder: MultilingualEncoder | None = None
        self._warned = False

    def language_of(self, question: str) -> str:
        """The question's language (English when the setting is off)."""
        if not self.settings.language.cross_lingual:
            return ENGLISH
        return question_language(question, short=self.names().language_named)

    def interface(self, language: str) -> str:
        """The interface language for a question in ``language``: the setting, else the question's."""
        chosen = self.settings.language.interface
        return interface_language(language) if chosen == "auto" else chosen

    def names(self) -> TermNames:
        with self._lock:
            if self._names is None:
                self._names = load_term_names(self.settings.corpus_dir / NAMES_FILE)
            return self._names

    def words(self) -> WordNames:
        with self._lock:
            if self._words is None:
                self._words = load_word_names(self.settings.corpus_dir / WORDS_FILE)
            return self._words

    def table(self) -> PassageLanguages | None:
        path: Path = self.settings.home / LANGUAGES_FILE
        stamp = path.stat().st_mtime if path.exists() else 0.0
        with self._lock:
            if self._table is None or self._table[0] != stamp:
                self._table = (stamp, load_languages(self.settings.home))
            return self._table[1]

    def encoder(self) -> MultilingualEncoder | None:
        """The multilingual encoder, or None without the extra (the arm is then off)."""
        if not multilingual_available():
            return None
        with self._lock:
            if self._encoder is None:
                self._encoder = MultilingualEncoder(threads=self.settings.embedding.threads)
            return self._encoder

    def vector_encoder(self, table: PassageLanguages | None) -> MultilingualEncoder | None:
        """The encoder when ``table`` holds vectors it made; None otherwise (the arm and the word
        matching are then off: vectors of another model live in another space)."""
        encoder = self.encoder() if table is not None and table.has_vectors else None
        if table is None or encoder is None or table.model == encoder.name:
            return encoder
        if not self._warned:
            self._warned = True
            log.warning(
                "%s holds vectors of %r, not of the installed %r: the multilingual arm is off "
                "until they are made again (python -m ingest.languages)",
                self.settings.home / LANGUAGES_FILE,
                table.model,
                encoder.name,
            )
        return None

    def english_reading(self, question: str, language: str, glossary: Glossary | None) -> str:
        """``question`` in English words: the glossary's names, question and function words and
        the word list's common words (:meth:`TermNames.pivot`), then, with the multilingual
        vectors, each remaining word of ``language`` as the corpus word nearest it."""
        table = self.table()
        known = set(table.words) if table is not None else set()
        reading = self.names().pivot(question, language, glossary, self.words(), known)
        matching = table is not None and table.words and self.settings.language.word_threshold < 1
        encoder = self.vector_encoder(table) if matching else None

        def english(
            word: str,
        ) -> bool:  # a corpus word, or a compound of them ("non-international")
            return word in known or all(p in known or len(p) < 3 for p in word.split("-"))

        if table is None or encoder is None:
            return " ".join(reading.split())
        foreign = sorted(
            {w for w in _WORD.findall(reading) if w.islower() and len(w) > 2 and not english(w)}
        )
        nearest = table.nearest_words(
            encoder.encode_queries(foreign), self.settings.language.word_threshold
        )
        for word, nearest_word in zip(foreign, nearest):
            if nearest_word is not None:
                reading = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", nearest_word, reading)
        return " ".join(reading.split())

    def engine_for(self, engine: Engine, question: str, pivot: str) -> CrossLingualEngine:
        table = self.table()
        cfg = self.settings.language
        return CrossLingualEngine(
            engine,
            question=question,
            pivot=pivot,
            table=table,
            encoder=self.vector_encoder(table),
            weight=cfg.multilingual_weight,
            languages=cfg.passage_languages,
        )


def localised(answer: Answer, question: str, language: str) -> Answer:
    """``answer`` naming ``question`` as asked, its fixed texts in ``language``."""
    return replace(
        answer,
        question=question,
        answer=localise(answer.answer, language),
        notice=localise(answer.notice, language),
    )
