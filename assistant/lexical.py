"""The BM25 index (bm25s), built from the ledger's passages and persisted beside Chroma.

Each build is written to its own folder and published by atomically replacing the ``CURRENT``
pointer, stamped with the ledger generation it was built from; a reader that finds a stale or
missing index rebuilds it from the ledger.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.types import Filters, Passage, date_to_int, date_upper

# bm25s's English list (33 words) keeps question words, which then outweigh the content of a
# question ("what" is rare in doctrine). Question and request words are dropped too.
_QUESTION_WORDS = (
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "do", "did",
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "should", "would", "may",
    "say", "says", "said", "tell", "describe", "explain", "define", "mean", "means", "meant",
    "according", "about", "me", "please", "its", "it", "their", "there", "from", "under",
)


def _stopwords() -> list[str]:
    return list(_stopword_set())


@functools.lru_cache(maxsize=1)
def _stopword_set() -> tuple[str, ...]:
    import logging

    import bm25s.stopwords

    # bm25s sets its own logger to DEBUG when imported; put it back under the application's control.
    logging.getLogger("bm25s").setLevel(logging.NOTSET)
    return tuple(sorted(set(bm25s.stopwords.STOPWORDS_EN) | set(_QUESTION_WORDS)))


_LANG = "en"
# bm25s's default pattern keeps only 2+ character tokens, which loses the "3" of "tier 3" and the
# "1" of "Article 1"; single characters are kept (stopwords still drop "a").
TOKEN_PATTERN = r"(?u)\b\w+\b"
# Bump when tokenization or the indexed text changes: a saved index of another version is rebuilt.
FORMAT_VERSION = 4


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str], stemmer=None) -> list[list[str]]:
    """Lowercased, stopword-free, stemmed tokens, as the index sees them."""
    import bm25s

    tok = bm25s.tokenize(texts, stopwords=_stopwords(), stemmer=stemmer or _stemmer(), return_ids=False, show_progress=False, token_pattern=TOKEN_PATTERN)
    return [list(t) for t in tok]


@dataclass
class _Columns:
    """Per-passage metadata as arrays, so a filter becomes one vectorised mask."""

    doc_id: np.ndarray
    doc_type: np.ndarray
    issuing_body: np.ndarray
    date_int: np.ndarray


class LexicalIndex:
    """bm25s over passage texts, with metadata filters as bm25s weight masks."""

    def __init__(self, bm25: object, ids: list[str], columns: _Columns, generation: int, epoch: str = "") -> None:
        self.bm25 = bm25
        self.ids = ids
        self.columns = columns
        self.generation = generation
        self.epoch = epoch
        # PyStemmer objects are not thread-safe and the index is shared between UI sessions.
        self._local = threading.local()
        if ids:
            self._df = np.diff(np.asarray(bm25.scores["indptr"]))
            self._vocab = bm25.vocab_dict
        else:
            self._df, self._vocab = np.zeros(0, dtype=np.int64), {}

    @property
    def _stemmer(self):
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = _stemmer()
        return stemmer

    @classmethod
    def build(cls, passages: Iterable[Passage], generation: int, epoch: str = "") -> LexicalIndex:
        import bm25s

        items = list(passages)
        retriever = bm25s.BM25()
        if items:
            tokens = bm25s.tokenize(
                [_indexed_text(p) for p in items], stopwords=_stopwords(), stemmer=_stemmer(), show_progress=False,
                token_pattern=TOKEN_PATTERN,
            )
            retriever.index(tokens, show_progress=False)
        columns = _Columns(
            doc_id=np.array([p.doc_id for p in items], dtype=object),
            doc_type=np.array([p.doc_type for p in items], dtype=object),
            issuing_body=np.array([p.issuing_body for p in items], dtype=object),
            date_int=np.array([date_to_int(p.date) for p in items], dtype=np.int64),
        )
        return cls(retriever, [p.passage_id for p in items], columns, generation, epoch)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(passage_id, BM25 score) pairs with a positive score, best first."""
        import bm25s

        if not self.ids:
            return []
        tokens = bm25s.tokenize(
            [query], stopwords=_stopwords(), stemmer=self._stemmer, show_progress=False, return_ids=False,
            token_pattern=TOKEN_PATTERN,
        )
        if not tokens or not tokens[0]:
            return []
        mask = self.mask(filters)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve(
            [list(tokens[0])], k=k, show_progress=False, weight_mask=mask, n_threads=0
        )
        out = []
        for idx, score in zip(docs[0], scores[0]):
            if score <= 0:
                break
            out.append((self.ids[int(idx)], float(score)))
        return out

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """BM25 inverse document frequency of index tokens (stemmed); unseen tokens get the maximum."""
        n = len(self.ids)
        if not n:
            return {t: 0.0 for t in tokens}
        out = {}
        for t in tokens:
            i = self._vocab.get(t)
            df = int(self._df[i]) if i is not None and i < len(self._df) else 0
            out[t] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return out

    def query_tokens(self, text: str) -> list[str]:
        return tokenize([text], self._stemmer)[0]

    def mask(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or filters.is_empty():
            return None
        c = self.columns
        keep = np.ones(len(self.ids), dtype=bool)
        if filters.doc_ids:
            keep &= np.isin(c.doc_id, list(filters.doc_ids))
        if filters.doc_types:
            keep &= np.isin(c.doc_type, list(filters.doc_types))
        if filters.issuing_bodies:
            keep &= np.isin(c.issuing_body, list(filters.issuing_bodies))
        if filters.date_from:
            keep &= c.date_int >= date_to_int(filters.date_from)
        if filters.date_to:
            keep &= c.date_int <= date_upper(filters.date_to)
        return keep.astype(np.float32)

    # -- persistence ---------------------------------------------------------------------------
    def save(self, root: Path) -> Path:
        """Write to a fresh folder, then publish it by replacing ``CURRENT`` atomically."""
        root.mkdir(parents=True, exist_ok=True)
        final = root / f"gen-{self.generation:08d}"
        tmp = root / f".tmp-{self.generation:08d}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        if self.ids:
            self.bm25.save(str(tmp / "bm25"))
        meta = {
            "format": FORMAT_VERSION,
            "generation": self.generation,
            "epoch": self.epoch,
            "ids": self.ids,
            "doc_id": self.columns.doc_id.tolist(),
            "doc_type": self.columns.doc_type.tolist(),
            "issuing_body": self.columns.issuing_body.tolist(),
            "date_int": self.columns.date_int.tolist(),
        }
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        pointer = root / ".CURRENT.tmp"
        pointer.write_text(final.name, encoding="utf-8")
        os.replace(pointer, root / "CURRENT")
        for old in root.iterdir():  # older generations and abandoned temp folders
            if old.is_dir() and old != final:
                shutil.rmtree(old, ignore_errors=True)
        return final

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        """The published index, or None when there is none (or it is unreadable)."""
        import bm25s

        try:
            folder = root / (root / "CURRENT").read_text(encoding="utf-8").strip()
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                return None
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if meta["ids"] else bm25s.BM25()
        except Exception:  # noqa: BLE001 - any unreadable index is rebuilt from the ledger
            return None
        columns = _Columns(
            doc_id=np.array(meta["doc_id"], dtype=object),
            doc_type=np.array(meta["doc_type"], dtype=object),
            issuing_body=np.array(meta["issuing_body"], dtype=object),
            date_int=np.array(meta["date_int"], dtype=np.int64),
        )
        return cls(bm25, list(meta["ids"]), columns, int(meta["generation"]), str(meta.get("epoch", "")))


def _indexed_text(p: Passage) -> str:
    return p.indexed_text
