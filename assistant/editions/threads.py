"""Evidence that two paragraphs report on the same thread, in the same part of the report.

The labels' definition of a counterpart (eval/gold/README.md) is "the newer paragraph on the same
thread, in the same part of the report". Besides meaning and words (:mod:`.evidence`), four kinds
of evidence read that definition directly:

- ``rare_words``: the cosine of the paragraphs' content words, each weighed by its inverse
  document frequency over the paragraphs of both reports (tf-idf): a thread is named by words
  few paragraphs use ("cholera", "Specialist Chambers", "pretrial detention"), while the words
  every paragraph of a mission's report shares count for little;
- ``opening_words``: the same over the paragraphs' first sentences, where a paragraph names its
  thread before the period's particulars;
- ``same_part``: both in the body, both in the observations, or both in the same kind of annex;
- ``place_in_section``: how far apart the two stand within their sections, as shares of them (a
  section keeps its threads in order more often than the report as a whole keeps its sections).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

from assistant.editions.paragraphs import Paragraph
from assistant.editions.wording import term_coordinates
from assistant.text import content_words

_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z])")
_OBSERVATIONS = re.compile(r"\bobservations?\b", re.I)
_ANNEX = re.compile(r"^\s*annex\b", re.I)


def rare_words(old: Sequence[str], new: Sequence[str]) -> np.ndarray:
    """Cosine of every (older, newer) pair's content words weighed by tf-idf over both."""
    bags = [content_words(t) for t in (*old, *new)]
    rows, cols, vocabulary = term_coordinates(bags)
    if not vocabulary:
        return np.zeros((len(old), len(new)))
    counts = np.bincount(cols, minlength=len(vocabulary))
    idf = np.log((len(bags) + 1) / (counts + 1)) + 1.0
    values = idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=len(bags))).clip(1e-9)
    weighed = csr_matrix((values / norms[rows], (rows, cols)), shape=(len(bags), len(vocabulary)))
    out: np.ndarray = (weighed[: len(old)] @ weighed[len(old) :].T).toarray()
    return out


def opening_words(old: Sequence[str], new: Sequence[str]) -> np.ndarray:
    """:func:`rare_words` over the paragraphs' first sentences."""
    return rare_words([first_sentence(t) for t in old], [first_sentence(t) for t in new])


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def part_of(paragraph: Paragraph) -> str:
    """ "annex", "observations" or "body", from the paragraph's outermost heading."""
    outer = paragraph.section.split(" > ")[0]
    if _ANNEX.search(outer):
        return "annex"
    return "observations" if _OBSERVATIONS.search(outer) else "body"


def same_part(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> np.ndarray:
    """1 where both paragraphs stand in the same part of their reports, else 0."""
    a, b = np.array([part_of(p) for p in old]), np.array([part_of(p) for p in new])
    out: np.ndarray = (a[:, None] == b[None, :]).astype(float)
    return out


def place_in_section(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> np.ndarray:
    """|relative place in the older paragraph's section - in the newer one's|, 0 to 1 (a
    section of one paragraph puts it at the middle)."""
    out: np.ndarray = np.abs(_places(old)[:, None] - _places(new)[None, :])
    return out


def _places(paragraphs: Sequence[Paragraph]) -> np.ndarray:
    sections: dict[str, list[int]] = defaultdict(list)
    for k, paragraph in enumerate(paragraphs):
        sections[paragraph.section].append(k)
    places = np.full(len(paragraphs), 0.5)
    for members in sections.values():
        if len(members) > 1:
            places[members] = np.arange(len(members)) / (len(members) - 1)
    return places
