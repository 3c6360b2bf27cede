"""Each passage's language and its multilingual vector, kept beside the English index.

One file under the home, ``languages.npz``: passage ids, a hash of each passage's text, its
language (read by :func:`assistant.language.text_language`) and, when the optional extra
``pocdoc[multilingual]`` is installed, its vector from
:class:`~assistant.encoders.multilingual.MultilingualEncoder`. It is derived from the ledger like
Chroma and BM25, and brought up to date after each ingest by :func:`update_languages`: a passage
whose text is unchanged keeps its row, so only new text is read and encoded. The English index is
not touched: the English path never opens this file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.types import Passage

LANGUAGES_FILE = "languages.npz"
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class PassageLanguages:
    """The passages' languages and multilingual vectors (``vectors`` has no columns without the extra)."""

    ids: tuple[str, ...]
    hashes: tuple[str, ...]
    languages: tuple[str, ...]
    vectors: np.ndarray
    model: str = ""
    words: tuple[str, ...] = ()  # the corpus's English words (in two passages or more)
    word_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))

    @property
    def has_vectors(self) -> bool:
        return bool(self.vectors.shape[1]) if self.vectors.ndim == 2 else False

    def language_of(self) -> dict[str, str]:
        return dict(zip(self.ids, self.languages))

    def search(
        self, vector: np.ndarray, k: int, allowed: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` passages nearest ``vector`` (cosine), best first, among ``allowed`` ids."""
        if not self.has_vectors or not self.ids:
            return []
        scores = self.vectors @ vector.astype(np.float32)
        if allowed is not None:
            mask = np.fromiter((pid in allowed for pid in self.ids), bool, len(self.ids))
            scores = np.where(mask, scores, -np.inf)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in top if np.isfinite(scores[i])]

    def nearest_words(self, vectors: np.ndarray, threshold: float) -> list[str | None]:
        """For each row of ``vectors`` (words of another language), the corpus word nearest it in
        the multilingual space, or None under ``threshold``: a dictionary the encoder induces."""
        if not self.words or not len(vectors):
            return [None] * len(vectors)
        sims = vectors.astype(np.float32) @ self.word_vectors.T
        best = np.argmax(sims, axis=1)
        return [self.words[j] if sims[i, j] >= threshold else None for i, j in enumerate(best)]


def corpus_words(texts: Iterable[str], min_passages: int = 2) -> list[str]:
    """The lower-cased words of three letters or more that ``min_passages`` texts use."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in {w.lower() for w in _WORD.findall(text)}:
            counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, n in counts.items() if n >= min_passages)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def load_languages(home: Path) -> PassageLanguages | None:
    """The file under ``home``, or None when no ingest has written one."""
    path = home / LANGUAGES_FILE
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        return PassageLanguages(
            ids=tuple(str(x) for x in data["ids"]),
            hashes=tuple(str(x) for x in data["hashes"]),
            languages=tuple(str(x) for x in data["languages"]),
            vectors=np.asarray(data["vectors"], dtype=np.float32),
            model=str(data["model"]),
            words=tuple(str(x) for x in data["words"]) if "words" in data else (),
            word_vectors=np.asarray(data["word_vectors"], dtype=np.float32)
            if "word_vectors" in data
            else np.zeros((0, 0), np.float32),
        )


def update_languages(
    home: Path,
    passages: Iterable[Passage],
    *,
    detect: Callable[[Passage], str],
    encode: Encode | None = None,
    encode_words: Encode | None = None,
    model: str = "",
    dimension: int = 0,
    words: bool = True,
) -> tuple[PassageLanguages, int]:
    """Bring the file under ``home`` up to ``passages``; returns it and how many passages were encoded.

    Every passage's language is read again (``detect`` is cheap: one reading per document); a
    passage whose text is unchanged keeps its vector while ``model`` is the one that made it, the
    rest are encoded. Rows of passages no longer indexed are dropped. The corpus's words are
    encoded by ``encode_words`` (default ``encode``): an encoder trained with a prefix per side
    encodes a single word as it encodes the question's words.
    """
    old = load_languages(home)
    reuse = old is not None and old.has_vectors and encode is not None and old.model == model
    kept: dict[tuple[str, str], np.ndarray] = {}
    if old is not None and reuse:
        kept = {(pid, old.hashes[i]): old.vectors[i] for i, pid in enumerate(old.ids)}
    rows = [(p.passage_id, text_hash(p.text), detect(p), p.text) for p in passages]
    vectors = np.zeros((len(rows), dimension if encode is not None else 0), dtype=np.float32)
    fresh = []
    for i, (pid, digest, _, _) in enumerate(rows):
        vector = kept.get((pid, digest))
        if vector is not None:
            vectors[i] = vector
        elif encode is not None:
            fresh.append(i)
    if encode is not None and fresh:
        vectors[fresh] = encode([rows[i][3] for i in fresh])
    words_, word_vectors = _words(
        old if reuse else None,
        [r[3] for r in rows],
        (encode_words or encode) if words else None,
        dimension,
    )
    result = PassageLanguages(
        ids=tuple(r[0] for r in rows),
        hashes=tuple(r[1] for r in rows),
        languages=tuple(r[2] for r in rows),
        vectors=vectors,
        model=model if encode is not None else "",
        words=words_,
        word_vectors=word_vectors,
    )
    _write(home / LANGUAGES_FILE, result)
    return result, len(fresh)


def _words(
    old: PassageLanguages | None, texts: list[str], encode: Encode | None, dimension: int
) -> tuple[tuple[str, ...], np.ndarray]:
    """The corpus words and their vectors (kept from ``old`` where it has them)."""
    if encode is None:
        return (), np.zeros((0, 0), np.float32)
    words = corpus_words(texts)
    known = dict(zip(old.words, old.word_vectors)) if old is not None else {}
    vectors = np.zeros((len(words), dimension), dtype=np.float32)
    todo = [i for i, w in enumerate(words) if w not in known]
    for i, word in enumerate(words):
        if word in known:
            vectors[i] = known[word]
    if todo:
        vectors[todo] = encode([words[i] for i in todo])
    return tuple(words), vectors


def _write(path: Path, table: PassageLanguages) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez(
        partial,
        ids=np.array(table.ids, dtype=str),
        hashes=np.array(table.hashes, dtype=str),
        languages=np.array(table.languages, dtype=str),
        vectors=table.vectors,
        model=np.array(table.model),
        words=np.array(table.words, dtype=str),
        word_vectors=table.word_vectors,
    )
    os.replace(partial, path)  # readers see the old file or the new one, never half of one
