"""Retrieval over the committed index: one object per process that the CLI, the UI and eval share.

It loads the model, the ledger's passages and the BM25 index once and retrieves only: dense and
BM25 arms, fusion, filters, near-duplicate collapse, superseded demotion and optional reranking.
Answers are the :class:`~assistant.answers.answering.Assistant`'s job. Every call is read-only and safe to
share between threads (Streamlit sessions).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.encoders import Embedder
from assistant.errors import ConfigError, IndexDamagedError, IndexMissingError
from assistant.index import (
    DocumentEntry,
    LexicalIndex,
    Snapshot,
    VectorStore,
    load_snapshot,
    read_stamp,
)
from assistant.modes import Arm, Method
from assistant.retrieval import fusion, sentence_window
from assistant.retrieval import hits as post
from assistant.retrieval.unit_lexical import UnitLexicalIndex
from assistant.settings import Settings
from assistant.types import Filters, Hit, Passage

log = logging.getLogger(__name__)
UNITS = "units"  # the arm that ranks passages by their best answer unit's cosine
UNIT_BM25 = "unit_bm25"  # the arm that ranks passages by their best answer unit's BM25 score


@dataclass(frozen=True)
class Arms:
    """One query's rankings by arm, before fusion: what :meth:`Engine.ranked` fuses. Another arm
    (the multilingual one, :mod:`assistant.retrieval.crosslingual`) joins by name and weight."""

    rankings: dict[str, list[tuple[str, float]]]
    weights: dict[str, float]
    text: str  # the query as the arms read it (expanded by the glossary where that is on)
    vector: np.ndarray  # its English dense vector
    depth: int  # how many passages each arm returns
    # (own cosine, best unit cosine) of the dense arm's candidates, when it is lifted by its
    # units (retrieval.unit_share; :mod:`assistant.retrieval.sentence_window`)
    pairs: Mapping[str, sentence_window.Pair] = field(default_factory=dict)

    def joined(self, name: str, ranking: list[tuple[str, float]], weight: float) -> Arms:
        return replace(
            self, rankings={**self.rankings, name: ranking}, weights={**self.weights, name: weight}
        )

    def kept(self, allowed: Collection[str]) -> Arms:
        """Only passages in ``allowed``, in every arm."""
        rankings = {n: [(p, s) for p, s in r if p in allowed] for n, r in self.rankings.items()}
        pairs = {p: v for p, v in self.pairs.items() if p in allowed}
        return replace(self, rankings=rankings, pairs=pairs)


@dataclass(frozen=True)
class CorpusStatus:
    documents: int
    passages: int
    last_ingest: float | None
    embedding_model: str
    index_location: str
    collection: str
    generation: int


class Engine:
    """Retrieval and answers over the committed index."""

    def __init__(
        self, settings: Settings, *, embedder: Embedder | None = None, glossary: Any = None
    ) -> None:
        self.settings = settings
        self.glossary = glossary  # expands queries when retrieval.expand_glossary is on
        self.embedder = embedder or Embedder.from_settings(settings)
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._unit_bm25: tuple[Snapshot, UnitLexicalIndex] | None = None
        self.refresh()

    @classmethod
    def open(
        cls, settings: Settings, *, embedder: Embedder | None = None, glossary: Any = None
    ) -> Engine:
        """An engine over the committed index; its derived stores are checked first.

        Raises:
            IndexMissingError: nothing is indexed under the home.
            IndexDamagedError: Chroma disagrees with the ledger (the message says: `pocdoc repair`).
        """
        if not settings.ledger_path.exists():
            raise IndexMissingError(
                f"no index under {settings.home}: run `pocdoc ingest corpus/` first (or set POCDOC_HOME)"
            )
        return cls(settings, embedder=embedder, glossary=glossary)

    # -- state ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Pick up a newer ledger (an ingest, an upload, a rebuild or a repair): a new snapshot is
        built and checked, then swapped in as one reference; if that fails, the old one stays."""
        with self._lock:
            if self._snapshot is not None and read_stamp(self.settings) == self._snapshot.stamp:
                return
            try:
                snapshot = load_snapshot(self.settings, self.embedder)
            except IndexDamagedError as exc:
                if self._snapshot is None:
                    raise
                # Another process may be writing (an upload's worker, a CLI ingest): its half-written
                # state fails the check. Keep serving the last good snapshot; the next call retries.
                log.warning("kept the current index view: %s", exc)
                return
            self._snapshot = snapshot

    @property
    def snapshot(self) -> Snapshot:
        """The current read snapshot; take it once per request for a consistent view."""
        snapshot = self._snapshot
        if snapshot is None:  # refresh() in __init__ sets one or raises: not reached
            raise IndexMissingError(f"no index view under {self.settings.home}")
        return snapshot

    @property
    def _store(self) -> VectorStore:
        return self.snapshot.store

    @property
    def _passages(self) -> Mapping[str, Passage]:
        return self.snapshot.passages

    @property
    def _documents(self) -> Mapping[str, DocumentEntry]:
        return self.snapshot.documents

    @property
    def _lexical(self) -> LexicalIndex:
        return self.snapshot.lexical

    @property
    def documents(self) -> Mapping[str, DocumentEntry]:
        return self._documents

    def passages(self) -> Iterator[Passage]:
        return iter(self._passages.values())

    @property
    def vector_store(self) -> VectorStore:
        """The Chroma store of the current index (for llama-index components such as the eval baseline)."""
        return self._store

    def passage(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

    def following(self, passage: Passage) -> Passage | None:
        """The passage after ``passage`` in its document, if indexed (a list the chunker cut goes on there)."""
        return self.snapshot.by_position.get((passage.doc_id, passage.ordinal + 1))

    def as_hits(self, passages: list[Passage], query: str) -> list[Hit]:
        """``passages`` as hits of ``query``, in the order given, each with its cosine similarity
        to the query: passages a question names ("Art. 76 AP I") rather than ones it retrieved."""
        hits = [Hit(p, score=1.0, rank=i, sources=("named",)) for i, p in enumerate(passages)]
        return self._with_dense_scores(hits, self.embedder.encode_query(query)) if hits else hits

    def document_passages(self, doc_id: str) -> tuple[Passage, ...]:
        """The passages of one document in reading order (none for a document not indexed)."""
        return self.snapshot.by_document.get(doc_id, ())

    def fingerprint(self) -> str:
        """Hash of the committed documents' ids and content hashes."""
        h = hashlib.sha256()
        for doc_id in sorted(self._documents):
            h.update(f"{doc_id}\x1f{self._documents[doc_id].content_hash}\x1e".encode())
        return h.hexdigest()[:16]

    def status(self) -> CorpusStatus:
        where = (
            str(self.settings.home)
            if self.settings.store.mode == "embedded"
            else f"{self.settings.store.host}:{self.settings.store.port} (+ {self.settings.home})"
        )
        snap = self.snapshot
        return CorpusStatus(
            documents=len(snap.documents),
            passages=len(snap.passages),
            last_ingest=snap.last_ingest,
            embedding_model=str(self.embedder.model_path),
            index_location=where,
            collection=snap.collection,
            generation=snap.generation,
        )

    @property
    def has_reranker(self) -> bool:
        return self.settings.retrieval.reranker_path is not None

    # -- retrieval -----------------------------------------------------------------------------
    def retrieve(
        self,
        query: str,
        *,
        top_k: int | None = None,
        method: Method | str = Method.HYBRID,
        filters: Filters | None = None,
        expand: bool | None = None,
    ) -> list[Hit]:
        """The best passages for ``query``, best first."""
        method = Method.parse(method)
        top_k = top_k or self.settings.retrieval.top_k
        arms = self.arms(query, top_k=top_k, method=method, filters=filters, expand=expand)
        return self.ranked(arms, top_k=top_k, method=method)

    def arms(
        self,
        query: str,
        *,
        top_k: int,
        method: Method,
        filters: Filters | None = None,
        expand: bool | None = None,
    ) -> Arms:
        """Each arm's ranking of ``query`` (dense, BM25, answer units), before fusion."""
        cfg = self.settings.retrieval
        expanding = cfg.expand_glossary if expand is None else expand
        text = self.expand(query) if expanding else query
        arm_text = {arm: text if expanding and arm in cfg.expand_arms else query for arm in Arm}
        vector = self.embedder.encode_query(arm_text[Arm.DENSE])
        depth = max(cfg.candidates, top_k)
        rankings: dict[str, list[tuple[str, float]]] = {}
        weights: dict[str, float] = dict(zip(Arm, cfg.fusion_weights))
        pairs: Mapping[str, sentence_window.Pair] = {}
        # sentence-window retrieval (hybrid only): a passage scores as its best unit too
        units = method in (Method.HYBRID, Method.HYBRID_RERANK) and len(self.snapshot.units) > 0
        if method is not Method.BM25:
            rankings[Arm.DENSE] = self._dense(vector, depth, filters)
            if units and (cfg.unit_weight > 0 or cfg.unit_share > 0):
                by_unit = sentence_window.by_best_unit(self.snapshot, vector, depth, filters)
                if cfg.unit_weight > 0:
                    rankings[UNITS], weights[UNITS] = by_unit, cfg.unit_weight
                if cfg.unit_share > 0:
                    pairs = sentence_window.pairs_of(
                        self.snapshot, rankings[Arm.DENSE], by_unit, vector
                    )
        if method is not Method.DENSE:
            rankings[Arm.BM25] = self._lexical.search(arm_text[Arm.BM25], depth, filters)
            if units and cfg.unit_bm25_weight > 0:
                mask = self._lexical.mask(filters)
                rankings[UNIT_BM25] = self._unit_lexical().search(arm_text[Arm.BM25], depth, mask)
                weights[UNIT_BM25] = cfg.unit_bm25_weight
        return Arms(rankings, weights, text, vector, depth, pairs)

    def ranked(self, arms: Arms, *, top_k: int, method: Method = Method.HYBRID) -> list[Hit]:
        """``arms`` fused (by their weights) into the ``top_k`` best passages: near-duplicates
        collapsed, superseded documents demoted, reranked for ``hybrid_rerank``."""
        cfg = self.settings.retrieval
        rankings = dict(arms.rankings)
        arm_scores = {name: dict(r) for name, r in rankings.items()}
        if arms.pairs and Arm.DENSE in rankings:
            rankings[Arm.DENSE] = sentence_window.lift(arms.pairs, cfg.unit_share, arms.depth)
            # a hit's dense score stays its own cosine (evidence and abstention read it)
            arm_scores[Arm.DENSE] = {pid: c for pid, (c, _) in arms.pairs.items()}
        if len(rankings) == 1:
            ranking = next(iter(rankings.values()))
        else:
            ranking = fusion.fuse(
                rankings,
                method=cfg.fusion,
                k=cfg.rrf_k,
                weights=arms.weights,
                top_k=arms.depth,
            )
        hits = post.to_hits(ranking, self._passages, arm_scores)
        hits = post.collapse_duplicates(hits, cfg.dedupe_threshold)
        hits = post.demote_superseded(hits, cfg.superseded_penalty)
        if method is Method.HYBRID_RERANK:
            hits = post.rerank(arms.text, hits[: arms.depth], self._reranker(), top_k)
        hits = hits[:top_k]
        return self._with_dense_scores(hits, arms.vector)

    def expand(self, query: str) -> str:
        return self.glossary.expand(query) if self.glossary is not None else query

    def query_tokens(self, text: str) -> list[str]:
        """``text`` as the BM25 index tokenises it (the answer composer scores with the same terms)."""
        return self._lexical.query_tokens(text)

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """BM25 inverse document frequency of index tokens over the committed passages."""
        return self._lexical.idf(tokens)

    def _dense(
        self, vector: np.ndarray, k: int, filters: Filters | None
    ) -> list[tuple[str, float]]:
        pairs = self._store.query(vector, k, filters)
        return [(pid, score) for pid, score in pairs if pid in self._passages]

    def _unit_lexical(self) -> UnitLexicalIndex:
        """The unit BM25 index of the current snapshot, built on first use."""
        snapshot = self.snapshot
        with self._lock:
            if self._unit_bm25 is None or self._unit_bm25[0] is not snapshot:
                index = UnitLexicalIndex(snapshot.units, snapshot.passages, snapshot.lexical.ids)
                self._unit_bm25 = (snapshot, index)
            return self._unit_bm25[1]

    def unit_vectors(self, passage: Passage) -> Mapping[tuple[int, int], np.ndarray]:
        """A passage's stored answer-unit vectors by span ({} for an index that predates them)."""
        return self.snapshot.units.vectors_of(passage.passage_id)

    def _with_dense_scores(self, hits: list[Hit], vector: np.ndarray) -> list[Hit]:
        """Fill in the cosine similarity of hits the dense arm did not return (evidence needs it)."""
        missing = [h.passage.passage_id for h in hits if h.dense_score is None]
        if not missing:
            return hits
        sims = {pid: float(np.dot(e, vector)) for pid, e in self._store.embeddings(missing).items()}
        return [
            h
            if h.dense_score is not None
            else replace(h, dense_score=sims.get(h.passage.passage_id))
            for h in hits
        ]

    def _reranker(self) -> Any:
        path = self.settings.retrieval.reranker_path
        if path is None:
            raise ConfigError(
                "method hybrid_rerank needs retrieval.reranker_path: a local cross-encoder folder"
            )
        with self._lock:
            if not hasattr(self, "_reranker_obj"):
                self._reranker_obj = post.cross_encoder(Path(path), self.settings.retrieval.top_k)
            return self._reranker_obj
