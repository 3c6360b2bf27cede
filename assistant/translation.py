"""The interface's fixed texts in the user's language, from gettext catalogues.

The catalogues are ``assistant/locales/<language>/LC_MESSAGES/pocdoc.po`` (written by hand, French
and Spanish), compiled to ``.mo`` with Babel (``pybabel compile -d assistant/locales -D pocdoc``);
the standard library's :mod:`gettext` reads them, so nothing but the files is needed at run time.
English is the source language: an English interface is the texts as written.

:func:`gettext_for` gives the UI its ``_()``. :func:`localise` turns an answer's fixed texts (the
abstention, the not-indexed note) into the language, sentence pattern by sentence pattern; names,
symbols and quotations inside them stay as they are.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from pathlib import Path

DOMAIN = "pocdoc"
LOCALE_DIR = Path(__file__).parent / "locales"


def N_(message: str) -> str:
    """Marks ``message`` for the catalogues; it is translated where it is shown."""
    return message


# The fixed sentences of answers (assistant/answers/abstention.py and the catalogue's note), as
# patterns: {name} stands for text carried over untranslated.
ANSWER_TEXTS = (
    N_("The indexed corpus does not address this question."),
    N_("The closest passages are listed below as related material, not as an answer."),
    N_("They are listed below as related material, not as an answer."),
    N_("The indexed corpus has nothing on {names} for this question: no retrieved passage mentions it."),
    N_("The indexed corpus has nothing on {names} for this question: no retrieved passage mentions them."),
    N_("The closest passages concern {concern}; they are listed below as related material, not as an answer."),
    N_("The closest passages concern {concern}."),
    N_("The indexed corpus does not state {value} for this question: the passages that bear on it give none."),
    N_("The indexed corpus has nothing on this for {asked}: the closest passages are about {years}."),
    N_("Indexed documents that mention it are listed below as related material."),
    N_("Indexed documents that mention them are listed below as related material."),
    N_("No indexed passage mentions it; the closest passages are listed below as related material."),
    N_("No indexed passage mentions them; the closest passages are listed below as related material."),
    N_("{name} is listed in the corpus manifest but not indexed, so pocdoc cannot quote it."),
    N_("{name} are listed in the corpus manifest but not indexed, so pocdoc cannot quote them."),
    N_("Only passages within the active filters ({filters}) were searched; clear them to search the whole corpus."),
)  # fmt: skip
_SLOT = re.compile(r"\\\{(\w+)\\\}")


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language``; English, or a language without one, translates nothing."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def gettext_for(language: str) -> Callable[[str], str]:
    """The ``_()`` of ``language``."""
    return catalogue(language).gettext


def localise(text: str, language: str) -> str:
    """``text`` with each fixed sentence of :data:`ANSWER_TEXTS` in ``language``."""
    if not text or language == "en":
        return text
    translate = gettext_for(language)
    for source in ANSWER_TEXTS:
        target = translate(source)
        if target == source:
            continue
        if "{" not in source:
            text = text.replace(source, target)
            continue
        text = _pattern(source).sub(_filled(target), text)
    return text


def _filled(target: str) -> Callable[[re.Match[str]], str]:
    def fill(match: re.Match[str]) -> str:
        return target.format(**match.groupdict())

    return fill


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(_SLOT.sub(lambda m: rf"(?P<{m.group(1)}>[^.!?\n]+?)", re.escape(source)))
