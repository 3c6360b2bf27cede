"""The assistant that answers in English, French and Spanish (what `open_assistant` builds).

An English question takes the parent :class:`~assistant.answers.answering.Assistant`'s path,
untouched. Another is read in English words (:meth:`LanguageRoute.english_reading`) and answered by
the parent's steps over a :class:`~assistant.retrieval.CrossLingualEngine`, so anchors, abstention
and the composer work as they do in English; passages are quoted as written (an English passage in
English, a French one in French) and the fixed texts are shown in the question's language.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from assistant.answers.answering import Assistant
from assistant.answers.languages import LanguageRoute, localised
from assistant.language import ENGLISH
from assistant.types import Answer, Filters, Hit, Turn

if TYPE_CHECKING:
    from assistant.retrieval import Engine


class MultilingualAssistant(Assistant):
    """An :class:`~assistant.answers.answering.Assistant` that also answers questions in other
    languages; an English question takes its parent's path, untouched."""

    def __init__(self, engine: Engine, **parts: Any) -> None:
        super().__init__(engine, **parts)
        self.languages = LanguageRoute(self.settings)

    def ask(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        language = self.languages.language_of(question)
        if language == ENGLISH:
            return super().ask(question, history=history, filters=filters, top_k=top_k, mode=mode)
        pivot, engine = self._cross_lingual(question, language)
        # The parent's steps and set-up (name index, encoder cache) over the question's English
        # reading, on a copy that retrieves through the cross-lingual engine.
        inner = copy.copy(self)
        inner.engine = engine
        result = super(MultilingualAssistant, inner).ask(
            pivot, history=history, filters=filters, top_k=top_k, mode=mode
        )
        return localised(result, question, self.languages.interface(language))

    def retrieve(self, question: str, *, top_k: int | None = None) -> list[Hit]:
        """The passages retrieved for ``question`` in whatever language it is asked (an English
        question: the engine's own retrieval, unchanged)."""
        language = self.languages.language_of(question)
        if language == ENGLISH:
            return self.engine.retrieve(question, top_k=top_k)
        pivot, engine = self._cross_lingual(question, language)
        return engine.retrieve(pivot, top_k=top_k)

    def _cross_lingual(self, question: str, language: str) -> tuple[str, Engine]:
        """The question's English reading and the engine that retrieves for it."""
        pivot = self.languages.english_reading(question, language, self.glossary)
        return pivot, cast("Engine", self.languages.engine_for(self.engine, question, pivot))
