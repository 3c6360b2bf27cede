"""The language a question is asked in, read offline.

Most questions are English and say so in their first words ("What", "How many", "the"): those are
told apart without loading anything, so the English path costs what it did. Others go to
py3langid's model (loaded once, on the first such question), restricted to the UN's six official
languages. A question too short to read ("FINUL ?") is placed by the names it uses
(:mod:`assistant.term_names`), else taken as English: acronyms and symbols are the same in every
language, so the English path answers them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

ENGLISH = "en"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")  # the UN's six official languages
INTERFACE_LANGUAGES = ("en", "fr", "es")  # those the interface's fixed texts are written in
_MIN_CONFIDENCE = 0.6  # below it the model's guess is not trusted: English, the corpus language
_MIN_WORDS = 3  # fewer words than this are too few for the model

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words only English uses among the languages served here; a question holding one and none of the
# words below, in plain ASCII, is English without asking the model.
_ENGLISH_MARKS = frozenset(
    "what which who whom whose when where why how is are was were does do did has have the of "
    "and to can may must should could would will this that these those with from about".split()
)
# Words, and letters, that only French or only Spanish uses among the languages served here: a
# question with two of one language's and none of the other's is that language without the model.
_FRENCH = frozenset(
    "qui quel quels quelle quelles quoi est sont les des du aux une au avec pour dans sur selon "
    "comment combien où était été peut doit cette ces leur leurs ont et ou qu l d".split()
)
_SPANISH = frozenset(
    "qué cuál cuáles quién quiénes cómo cuándo cuántos cuántas dónde los las del el una al por "
    "para con según es son fue era ha han puede debe este esta su sus y o".split()
)
_OTHER_MARKS = _FRENCH | _SPANISH


def question_language(text: str, *, short: Callable[[str], str | None] | None = None) -> str:
    """The language of ``text``: one of :data:`LANGUAGES`, English when unsure.

    Args:
        text: the question.
        short: for a question of fewer than three words, a reader of the names it uses (returns a
            language or None); without one, such a question is English.
    """
    words = [w.casefold() for w in _WORD.findall(text.replace("'", " ").replace("’", " "))]
    if len(words) < _MIN_WORDS:
        named = short(text) if short is not None else None
        return named or ("es" if "¿" in text or "¡" in text else ENGLISH)
    marks = set(words)
    if text.isascii() and marks & _ENGLISH_MARKS and not marks & _OTHER_MARKS:
        return ENGLISH
    french = len(marks & _FRENCH) + ("«" in text)  # guillemets: French quotation marks
    spanish = len(marks & _SPANISH) + ("¿" in text or "¡" in text)
    if french >= 2 and not spanish:
        return "fr"
    if spanish >= 2 and not french:
        return "es"
    language, confidence = _identifier().classify(text)
    return str(language) if confidence >= _MIN_CONFIDENCE else ENGLISH


def text_language(text: str) -> str:
    """The language of a passage (the model alone: passages are long enough to read)."""
    language, confidence = _identifier().classify(text)
    return str(language) if confidence >= _MIN_CONFIDENCE else ENGLISH


def interface_language(language: str) -> str:
    """The interface language for a question's language: English where none is written."""
    return language if language in INTERFACE_LANGUAGES else ENGLISH


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import (  # type: ignore[import-untyped]  # a required dependency
        MODEL_DIR,
        MODEL_FILE,
        LanguageIdentifier,
    )

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier
