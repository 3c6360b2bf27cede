"""Cutting a block longer than a passage's caps into windows of whole sentences, with overlap.

Rule 3 of :mod:`ingest.chunking`: a long block is cut at sentence ends (then clauses, then words,
then inside words), each window under ``max_tokens`` word pieces and ``max_chars`` characters and
repeating the previous window's last ``overlap_sentences`` atoms. Atoms come as a stream,
tokenised in batches of at most :data:`BATCH` spans, and one window is held at a time.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from assistant.settings import ChunkingSettings
from assistant.text import split_sentences
from ingest.tokens import TokenCounter

_CLAUSE_END = re.compile(r"(?<=[,;:—–])\s+")
_WORD_END = re.compile(r"\s+")
BATCH = 256  # spans per call into the tokenizer: bounds memory whatever the document's size

Atom = tuple[int, int, int]  # (start, end, word pieces)


def windows(
    text: str, start: int, end: int, counter: TokenCounter, settings: ChunkingSettings
) -> Iterator[Atom]:
    """(start, end, word pieces) of consecutive windows of atoms; holds one window in memory."""
    limit, cap = settings.max_tokens, settings.max_chars
    stream = _atoms(text, start, end, counter, limit, cap)
    pending: deque[Atom] = (
        deque()
    )  # atoms given back by a window whose joined text came out too long
    window: list[Atom] = []
    total = fresh = 0  # fresh: how many atoms at the window's start repeat the previous window
    while True:
        atom = pending.popleft() if pending else next(stream, None)
        if atom is not None and (
            not window or (total + atom[2] <= limit and atom[1] - window[0][0] <= cap)
        ):
            window.append(atom)
            total += atom[2]
            continue
        if not window:
            return
        if atom is not None:
            pending.appendleft(atom)
        tokens = counter.count(text[window[0][0] : window[-1][1]])
        while (
            len(window) > 1 and tokens > limit
        ):  # word pieces of a joined span can outnumber its parts'
            if len(window) - 1 > fresh:
                pending.appendleft(window.pop())
            else:  # never emit a window of repeated atoms only: give up the overlap instead
                window, fresh = window[fresh:], 0
            tokens = counter.count(text[window[0][0] : window[-1][1]])
        yield window[0][0], window[-1][1], tokens
        if not pending:
            nxt = next(stream, None)
            if nxt is None:
                return
            pending.append(nxt)
        window = _overlap(window, pending[0], settings.overlap_sentences, limit, cap)
        total, fresh = sum(a[2] for a in window), len(window)


def _overlap(window: list[Atom], nxt: Atom, overlap: int, limit: int, cap: int) -> list[Atom]:
    """The last ``overlap`` atoms of ``window`` (never all of it), fewer if ``nxt`` would not fit."""
    tail = window[max(1, len(window) - overlap) :] if overlap else []
    while tail and (sum(a[2] for a in tail) + nxt[2] > limit or nxt[1] - tail[0][0] > cap):
        tail = tail[1:]
    return tail


def _atoms(
    text: str, start: int, end: int, counter: TokenCounter, limit: int, cap: int, level: int = 0
) -> Iterator[Atom]:
    """The sentences of ``text[start:end]`` in order; too-long ones cut into clauses, then words,
    then (a "word" longer than the window, such as a long URL) runs of characters."""
    batch: list[tuple[int, int]] = []
    for span in _LEVELS[level](text, start, end):
        batch.append(span)
        if len(batch) == BATCH:
            yield from _settle(text, batch, counter, limit, cap, level)
            batch = []
    yield from _settle(text, batch, counter, limit, cap, level)


def _settle(
    text: str, spans: list[tuple[int, int]], counter: TokenCounter, limit: int, cap: int, level: int
) -> Iterator[Atom]:
    short = [(s, e) for s, e in spans if e - s <= cap]
    counts = dict(zip(short, counter.count_batch([text[s:e] for s, e in short])))
    for s, e in spans:
        n = counts.get((s, e))
        if n is not None and n <= limit:
            yield s, e, n
        elif level + 1 < len(_LEVELS):
            yield from _atoms(text, s, e, counter, limit, cap, level + 1)
        else:  # a word piece is at least one character, so a run of `step` characters fits
            step = min(limit, cap)
            runs = [(k, min(k + step, e)) for k in range(s, e, step)]
            for i in range(0, len(runs), BATCH):
                chunk = runs[i : i + BATCH]
                for (a, b), m in zip(chunk, counter.count_batch([text[a:b] for a, b in chunk])):
                    yield a, b, m


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (:func:`assistant.text.split_sentences`)."""
    for s, e in split_sentences(text[start:end]):
        yield start + s, start + e


def _clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    return _spans(_CLAUSE_END, text, start, end)


def _words(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    return _spans(_WORD_END, text, start, end)


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cursor = start
    for match in pattern.finditer(text, start, end):
        if match.start() > cursor:
            yield cursor, match.start()
        cursor = match.end()
    if end > cursor:
        yield cursor, end


_LEVELS = (_sentences, _clauses, _words)
