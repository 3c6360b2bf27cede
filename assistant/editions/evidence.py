"""The evidence that an older paragraph and a newer one are counterparts, one matrix per kind.

Successive reports rewrite most paragraphs for a new period, so a counterpart shares a subject
more than words, and many paragraphs of one report are about equally close to a given one by
their mean vectors. Each kind of evidence below answers that differently:

- ``standardised`` cosine and sentences: the score in standard deviations from the mean of all
  pairs of the two documents, so that closeness counts against what is usual between these two
  reports (an absolute cosine of 0.75 is unremarkable between two reports on one mission);
- ``sentences``: the paragraphs' sentences (the index's stored answer-unit vectors) matched to
  their best counterpart in the other paragraph, averaged both ways (as BERTScore does tokens):
  a paragraph that keeps two of its five sentences scores on those two, not on a blurred mean;
- ``opening``: the cosine of the paragraphs' first sentences. A report's paragraph opens on its
  subject ("Prolonged pretrial detention and prison overcrowding remain ...", "The Mission's
  police component continued to ...") and goes on to the period's particulars, so the opening
  says which thread a paragraph reports on where the rest has been rewritten;
- ``quantities``: numbers kept or close (the same count with a new value: "11,788 detainees" ->
  "11,755"), years and days of the month aside;
- ``names``: rare capitalised words both hold (people, places, bodies), weighed by how few
  paragraphs of the two documents hold them;
- ``neighbours``: the standardised cosine of the pairs just before and just after (i-1, j-1) and (i+1, j+1):
  a report keeps its order in runs, so a pair inside a run is likelier;
- ``position``: how far apart the two stand, as shares of their documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

CLOSE_NUMBER = 0.05  # two quantities within this share of each other are one quantity updated

_NUMBER = re.compile(r"(?<![\w/])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w/.])\d+(?:\.\d+)?(?!\w)")
_NAME = re.compile(r"(?<=[a-z,;:]\s)[A-Z][\w'’-]+")


def standardised(score: np.ndarray) -> np.ndarray:
    """Each pair's score in standard deviations from the mean over all pairs of the two
    documents: how unusual the closeness is between these two reports (in two short editions
    whose other pairs are identical, a weak pair stands far below the mean)."""
    spread = float(score.std())
    out: np.ndarray = (score - float(score.mean())) / (spread if spread > 1e-9 else 1.0)
    return out


def sentence_match(old_units: Sequence[np.ndarray], new_units: Sequence[np.ndarray]) -> np.ndarray:
    """For each pair of paragraphs, each sentence's best cosine in the other paragraph, averaged
    over both paragraphs' sentences (the two directions weighed alike)."""
    a, a_starts = _stacked(old_units)
    b, b_starts = _stacked(new_units)
    cos = a @ b.T
    best_in_new = np.maximum.reduceat(cos, b_starts, axis=1)  # old unit x new paragraph
    best_in_old = np.maximum.reduceat(cos, a_starts, axis=0)  # old paragraph x new unit
    a_sizes = np.diff(np.append(a_starts, len(a)))
    b_sizes = np.diff(np.append(b_starts, len(b)))
    recall = np.add.reduceat(best_in_new, a_starts, axis=0) / a_sizes[:, None]
    precision = np.add.reduceat(best_in_old, b_starts, axis=1) / b_sizes[None, :]
    out: np.ndarray = 0.5 * (recall + precision)
    return out


def opening_match(old_units: Sequence[np.ndarray], new_units: Sequence[np.ndarray]) -> np.ndarray:
    """The cosine of each pair of paragraphs' first sentences (their first unit vectors)."""
    a, _ = _stacked([u[:1] for u in old_units])
    b, _ = _stacked([u[:1] for u in new_units])
    out: np.ndarray = (a @ b.T).astype(np.float64)
    return out


def _stacked(units: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    sizes = [len(u) for u in units]
    if not units or min(sizes) == 0:
        raise ValueError("every paragraph needs at least one unit vector")
    stacked = np.concatenate(units).astype(np.float32)
    stacked /= np.linalg.norm(stacked, axis=1, keepdims=True).clip(1e-9)
    return stacked, np.cumsum([0, *sizes[:-1]])


def quantities(text: str) -> list[float]:
    """The numbers a paragraph states, without years (1900-2099) and days of the month."""
    out = []
    for match in _NUMBER.findall(text):
        value = float(match.replace(",", ""))
        if value <= 31 and "." not in match or (1900 <= value <= 2099 and "," not in match):
            continue
        out.append(value)
    return out


def quantity_match(old: Sequence[str], new: Sequence[str]) -> np.ndarray:
    """Dice coefficient of the paragraphs' quantities, a quantity matching one within
    :data:`CLOSE_NUMBER` of it."""
    a, b = [quantities(t) for t in old], [quantities(t) for t in new]
    out = np.zeros((len(a), len(b)))
    for i, xs in enumerate(a):
        if not xs:
            continue
        for j, ys in enumerate(b):
            if ys:
                kept = sum(any(abs(x - y) <= CLOSE_NUMBER * max(x, y) for y in ys) for x in xs)
                kept_new = sum(any(abs(x - y) <= CLOSE_NUMBER * max(x, y) for x in xs) for y in ys)
                out[i, j] = (kept + kept_new) / (len(xs) + len(ys))
    return out


def name_match(old: Sequence[str], new: Sequence[str]) -> np.ndarray:
    """Cosine of the paragraphs' capitalised words (not opening a sentence), each weighed by its
    inverse document frequency over the paragraphs of both documents."""
    bags = [set(_NAME.findall(t)) for t in [*old, *new]]
    df = Counter(w for bag in bags for w in bag)
    n = len(bags)
    vocab = {w: k for k, w in enumerate(df)}
    x = np.zeros((n, len(vocab)))
    for row, bag in enumerate(bags):
        for w in bag:
            x[row, vocab[w]] = math.log(n / df[w])
    x /= np.linalg.norm(x, axis=1, keepdims=True).clip(1e-9)
    out: np.ndarray = x[: len(old)] @ x[len(old) :].T
    return out


def neighbour_support(score: np.ndarray) -> np.ndarray:
    """The better of ``score`` at (i-1, j-1) and (i+1, j+1); 0 where a neighbour is outside."""
    before = np.zeros_like(score)
    after = np.zeros_like(score)
    before[1:, 1:] = score[:-1, :-1]
    after[:-1, :-1] = score[1:, 1:]
    out: np.ndarray = np.maximum(before, after)
    return out


def position_gap(n_old: int, n_new: int) -> np.ndarray:
    """|relative position in the older - relative position in the newer|, 0 to 1."""
    rows = np.arange(n_old)[:, None] / max(n_old - 1, 1)
    cols = np.arange(n_new)[None, :] / max(n_new - 1, 1)
    out: np.ndarray = np.abs(rows - cols)
    return out
