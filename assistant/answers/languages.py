"""Questions asked in another language: read in English words, retrieved across languages,
answered with the interface's fixed texts in the question's language.

:class:`LanguageRoute` holds what such a question needs, each part loaded on the first one: the
glossary's names in other languages (:mod:`assistant.term_names`), the passages' languages and
multilingual vectors (:mod:`assistant.index.languages`) and the multilingual encoder. An English
question never reaches it. :func:`ask_across` answers one question: the assistant's own steps run
over a :class:`~assistant.retrieval.crosslingual.CrossLingualEngine` on the question's English
reading, so anchors, abstention and the composer work as they do in English, and the passages are
quoted as written (an English passage in English, a French one in French).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from assistant.encoders import MultilingualEncoder, multilingual_available
from assistant.index import PassageLanguages, load_languages
from assistant.index.languages import LANGUAGES_FILE
from assistant.language import ENGLISH, interface_language, question_language
from assistant.retrieval.crosslingual import CrossLingualEngine
from assistant.term_names import NAMES_FILE, TermNames, load_term_names
from assistant.translation import localise
from assistant.types import Answer, Filters, Hit, Turn

if TYPE_CHECKING:
    from assistant.answers.answering import Assistant
    from assistant.retrieval import Engine
    from assistant.settings import Settings


class LanguageRoute:
    """The parts a question in another language needs, loaded once (the table again when an
    ingest rewrites it). Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._names: TermNames | None = None
        self._table: tuple[float, PassageLanguages | None] | None = None
        self._encoder: MultilingualEncoder | None = None

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

    def engine_for(self, engine: Engine, question: str, pivot: str) -> CrossLingualEngine:
        table = self.table()
        cfg = self.settings.language
        return CrossLingualEngine(
            engine,
            question=question,
            pivot=pivot,
            table=table,
            encoder=self.encoder() if table is not None and table.has_vectors else None,
            weight=cfg.multilingual_weight,
            languages=cfg.passage_languages,
        )


def retrieve_across(assistant: Assistant, question: str, *, top_k: int | None = None) -> list[Hit]:
    """The passages ``assistant`` retrieves for ``question`` in whatever language it is asked (an
    English question: the engine's own retrieval, unchanged)."""
    route = assistant.languages
    language = route.language_of(question)
    if language == ENGLISH:
        return assistant.engine.retrieve(question, top_k=top_k)
    pivot = route.names().pivot(question, language, assistant.glossary)
    return route.engine_for(assistant.engine, question, pivot).retrieve(pivot, top_k=top_k)


class _English:
    """The route of an assistant answering a question's English reading: no second reading."""

    @staticmethod
    def language_of(question: str) -> str:
        return ENGLISH


def ask_across(
    assistant: Assistant,
    question: str,
    language: str,
    history: Sequence[Turn] = (),
    filters: Filters | None = None,
    top_k: int | None = None,
    mode: str | None = None,
) -> Answer:
    """``question``, asked in ``language``, answered by ``assistant``'s own steps over its English
    reading; the answer names the question as asked, with its fixed texts localised."""
    route = assistant.languages
    pivot = route.names().pivot(question, language, assistant.glossary)
    engine = route.engine_for(assistant.engine, question, pivot)
    inner = type(assistant)(
        cast("Engine", engine),
        glossary=assistant.glossary,
        catalogue=assistant.catalogue,
        llm=assistant.llm,
    )
    inner.languages = cast(LanguageRoute, _English())
    result = inner.ask(pivot, history=history, filters=filters, top_k=top_k, mode=mode)
    shown = route.interface(language)
    return replace(
        result,
        question=question,
        answer=localise(result.answer, shown),
        notice=localise(result.notice, shown),
    )
