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
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.types import Passage

LANGUAGES_FILE = "languages.npz"
Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class PassageLanguages:
    """The passages' languages and multilingual vectors (``vectors`` has no columns without the extra)."""

    ids: tuple[str, ...]
    hashes: tuple[str, ...]
    languages: tuple[str, ...]
    vectors: np.ndarray
    model: str = ""

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
        )


def update_languages(
    home: Path,
    passages: Iterable[Passage],
    *,
    detect: Callable[[Passage], str],
    encode: Encode | None = None,
    model: str = "",
    dimension: int = 0,
) -> tuple[PassageLanguages, int]:
    """Bring the file under ``home`` up to ``passages``; returns it and how many passages were encoded.

    Every passage's language is read again (``detect`` is cheap: one reading per document); a
    passage whose text is unchanged keeps its vector while ``model`` is the one that made it, the
    rest are encoded. Rows of passages no longer indexed are dropped.
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
    result = PassageLanguages(
        ids=tuple(r[0] for r in rows),
        hashes=tuple(r[1] for r in rows),
        languages=tuple(r[2] for r in rows),
        vectors=vectors,
        model=model if encode is not None else "",
    )
    _write(home / LANGUAGES_FILE, result)
    return result, len(fresh)


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
    )
    os.replace(partial, path)  # readers see the old file or the new one, never half of one
