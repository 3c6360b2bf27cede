"""The BM25 index (bm25s), built from the ledger's passages and persisted beside Chroma.

Each build is written to its own folder and published by atomically replacing the ``CURRENT``
pointer, stamped with the ledger generation it was built from; a reader that finds a stale or
missing index rebuilds it from the ledger.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.text import tokens as text_tokens
from assistant.types import Filters, Passage, date_to_int, date_upper

# Bump when tokenization or the indexed text changes: a saved index of another version is rebuilt.
FORMAT_VERSION = 6  # 6: acronym plurals ("CLAs") are their acronym


def tokenize(texts: Iterable[str]) -> list[list[str]]:
    """The index's tokens of each text (:func:`assistant.text.tokens`; an empty text is [""], as
    bm25s wants every document to hold one token)."""
    return [text_tokens(t) or [""] for t in texts]


@dataclass
class _Columns:
    """Per-passage metadata as arrays, so a filter becomes one vectorised mask."""

    doc_id: np.ndarray
    doc_type: np.ndarray
    issuing_body: np.ndarray
    date_int: np.ndarray


class LexicalIndex:
    """bm25s over passage texts, with metadata filters as bm25s weight masks."""

    def __init__(
        self, bm25: Any, ids: list[str], columns: _Columns, generation: int, epoch: str = ""
    ) -> None:
        self.bm25 = bm25
        self.ids = ids
        self.columns = columns
        self.generation = generation
        self.epoch = epoch
        if ids:
            self._df = np.diff(np.asarray(bm25.scores["indptr"]))
            self._vocab = bm25.vocab_dict
        else:
            self._df, self._vocab = np.zeros(0, dtype=np.int64), {}

    @classmethod
    def build(cls, passages: Iterable[Passage], generation: int, epoch: str = "") -> LexicalIndex:
        import bm25s

        items = list(passages)
        retriever = bm25s.BM25()
        if items:
            retriever.index(tokenize(p.indexed_text for p in items), show_progress=False)
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
        if not self.ids:
            return []
        query_tokens = [t for t in self.query_tokens(query) if t in self._vocab]
        if not query_tokens:
            return []
        mask = self.mask(filters)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve(
            [query_tokens], k=k, show_progress=False, weight_mask=mask, n_threads=0
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
            return dict.fromkeys(tokens, 0.0)
        out = {}
        for t in tokens:
            i = self._vocab.get(t)
            df = int(self._df[i]) if i is not None and i < len(self._df) else 0
            out[t] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return out

    def query_tokens(self, text: str) -> list[str]:
        return text_tokens(text)

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
        except Exception:
            return None
        columns = _Columns(
            doc_id=np.array(meta["doc_id"], dtype=object),
            doc_type=np.array(meta["doc_type"], dtype=object),
            issuing_body=np.array(meta["issuing_body"], dtype=object),
            date_int=np.array(meta["date_int"], dtype=np.int64),
        )
        return cls(
            bm25, list(meta["ids"]), columns, int(meta["generation"]), str(meta.get("epoch", ""))
        )
