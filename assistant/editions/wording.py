"""How much two paragraphs share in words, and the word-level diff between them (difflib).

The diff works on words with their punctuation, so "42 per cent" -> "47 per cent" shows as one
word taken out and one put in; runs of one kind are merged so a display shows few, long spans.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

_WORD = re.compile(r"\S+")
SAME, REMOVED, ADDED = "=", "-", "+"


@dataclass(frozen=True)
class Span:
    """A run of words in a diff: kept (``=``), taken out of the older (``-``), put in the newer (``+``)."""

    op: str
    text: str

    def to_list(self) -> list[str]:
        return [self.op, self.text]


def normalised(text: str) -> str:
    """Text compared for "unchanged": words only, case and spacing ignored."""
    return " ".join(re.sub(r"[^\w%$.,]+", " ", text.casefold()).split())


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """The word-level diff of ``old`` -> ``new``: a replaced run is its removal, then its addition."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    spans: list[Span] = []

    def put(op: str, words: list[str]) -> None:
        if not words:
            return
        if spans and spans[-1].op == op:
            spans[-1] = Span(op, f"{spans[-1].text} {' '.join(words)}")
        else:
            spans.append(Span(op, " ".join(words)))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put(SAME, a[i1:i2])
        else:
            put(REMOVED, a[i1:i2])
            put(ADDED, b[j1:j2])
    return tuple(spans)


def changed_share(spans: tuple[Span, ...]) -> float:
    """The share of words, over both sides, that the diff takes out or puts in (0: the same)."""
    kept = sum(len(s.text.split()) for s in spans if s.op == SAME)
    moved = sum(len(s.text.split()) for s in spans if s.op != SAME)
    total = 2 * kept + moved
    return moved / total if total else 0.0


def lexical_matrix(old: Sequence[str], new: Sequence[str]) -> np.ndarray:
    """Words shared by every older paragraph and every newer one, in [0, 1]: the Dice coefficient
    of their sets of words and word pairs (pairs reward words kept in their order). One sparse
    product, so two 100-paragraph reports take milliseconds."""
    grams = [_grams(normalised(t)) for t in (*old, *new)]
    rows, cols, vocabulary = term_coordinates(grams)
    matrix = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(grams), max(len(vocabulary), 1)),
    )
    shared = (matrix[: len(old)] @ matrix[len(old) :].T).toarray()
    sizes = np.array([len(g) for g in grams], dtype=np.float32)
    total = sizes[: len(old), None] + sizes[None, len(old) :]
    out: np.ndarray = np.divide(2.0 * shared, total, out=np.zeros_like(shared), where=total > 0)
    return out


def term_coordinates(bags: Sequence[Iterable[str]]) -> tuple[list[int], list[int], dict[str, int]]:
    """The (row, column) of every term of every bag, and the vocabulary numbering the columns:
    the coordinates of a sparse bag-of-terms matrix, one row a bag."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, bag in enumerate(bags):
        for term in bag:
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
    return rows, cols, vocabulary


def _grams(text: str) -> set[str]:
    words = text.split()
    return {*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}
