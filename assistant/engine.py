"""The query-side facade: one object per process that the CLI, the UI and eval share.

It loads the model, the ledger's passages and the BM25 index once; every call is read-only and
safe to share between threads (Streamlit sessions).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from llama_index.core.schema import QueryBundle, TextNode

from assistant import fusion, retrieval
from assistant.embeddings import Embedder
from assistant.errors import ConfigError, IndexMissingError
from assistant.ledger import DocumentEntry, Ledger
from assistant.lexical import LexicalIndex
from assistant.settings import Settings
from assistant.store import VectorStore
from assistant.types import Answer, Filters, Hit, Passage, Turn

Method = Literal["dense", "bm25", "hybrid", "hybrid_rerank"]
METHODS: tuple[str, ...] = ("dense", "bm25", "hybrid", "hybrid_rerank")


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

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or Embedder.from_settings(settings)
        self._lock = threading.RLock()
        self._stamp: tuple[str, int] | None = None
        self.refresh()

    @classmethod
    def open(cls, settings: Settings, *, embedder: Embedder | None = None) -> Engine:
        if not settings.ledger_path.exists():
            raise IndexMissingError(
                f"no index under {settings.home}: run `pocdoc ingest corpus/` first (or set POCDOC_HOME)"
            )
        return cls(settings, embedder=embedder)

    # -- state ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Pick up a newer ledger (after an ingest, an upload or a rebuild)."""
        with self._lock:
            ledger = Ledger(self.settings.ledger_path)
            try:
                stamp = (ledger.epoch, ledger.generation)
                if stamp == self._stamp:
                    return
                # Open the collection first: if that fails, nothing is marked as loaded.
                store = VectorStore(self.settings, self.embedder, create=False)
                passages = {p.passage_id: p for p in ledger.passages()}
                documents = ledger.documents()
                lexical = LexicalIndex.load(self.settings.bm25_dir)
                if lexical is None or not ledger.is_stamp_of(lexical.epoch, lexical.generation):
                    lexical = LexicalIndex.build(passages.values(), ledger.generation, ledger.epoch)
                last_ingest = float(ledger.get_state("last_ingest", "0")) or None
            finally:
                ledger.close()
            self._store, self._passages, self._documents = store, passages, documents
            self._lexical, self._last_ingest = lexical, last_ingest
            self._nodes: dict[str, TextNode] = {}
            self.__dict__.pop("_baseline", None)
            self._stamp = stamp

    @property
    def documents(self) -> dict[str, DocumentEntry]:
        return self._documents

    def passages(self) -> Iterator[Passage]:
        return iter(self._passages.values())

    def passage(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

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
        return CorpusStatus(
            documents=len(self._documents),
            passages=len(self._passages),
            last_ingest=self._last_ingest,
            embedding_model=str(self.embedder.model_path),
            index_location=where,
            collection=self.settings.store.collection,
            generation=self._stamp[1] if self._stamp else 0,
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
        method: Method = "hybrid",
        filters: Filters | None = None,
        expand: bool | None = None,
    ) -> list[Hit]:
        """The best passages for ``query``, best first."""
        if method not in METHODS:
            raise ConfigError(f"unknown retrieval method '{method}': choose one of {', '.join(METHODS)}")
        cfg = self.settings.retrieval
        top_k = top_k or cfg.top_k
        expanding = cfg.expand_glossary if expand is None else expand
        text = self.expand(query) if expanding else query
        arm_text = {arm: text if expanding and arm in cfg.expand_arms else query for arm in ("dense", "bm25")}
        vector = self.embedder.encode_query(arm_text["dense"])
        depth = max(cfg.candidates, top_k)
        arms = {}
        if method != "bm25":
            arms["dense"] = self._dense(vector, depth, filters)
        if method != "dense":
            arms["bm25"] = self._lexical.search(arm_text["bm25"], depth, filters)
        if len(arms) == 1:
            ranking = next(iter(arms.values()))
        else:
            weights = dict(zip(("dense", "bm25"), cfg.fusion_weights))
            ranking = fusion.fuse(arms, method=cfg.fusion, k=cfg.rrf_k, weights=weights, top_k=depth)
        arm_scores = {name: dict(r) for name, r in arms.items()}
        hits = retrieval.to_hits(ranking, self._passages, arm_scores)
        hits = retrieval.collapse_duplicates(hits, cfg.dedupe_threshold)
        hits = retrieval.demote_superseded(hits, cfg.superseded_penalty)
        if method == "hybrid_rerank":
            hits = retrieval.rerank(text, hits[: depth], self._reranker(), top_k)
        hits = hits[:top_k]
        return self._with_dense_scores(hits, vector)

    def baseline_retrieve(self, query: str, *, top_k: int | None = None) -> list[Hit]:
        """What a user would build first: a plain llama-index dense retriever on the same
        collection and model, with no expansion, fusion or filtering."""
        k = top_k or self.settings.retrieval.top_k
        retrievers = self.__dict__.setdefault("_baseline", {})
        if k not in retrievers:
            from llama_index.core import VectorStoreIndex

            index = VectorStoreIndex.from_vector_store(self._store.llama_store, embed_model=self._llama_embedding())
            retrievers[k] = index.as_retriever(similarity_top_k=k)
        nodes = retrievers[k].retrieve(query)
        ranking = [(n.node.node_id, float(n.score or 0.0)) for n in nodes]
        return retrieval.to_hits(ranking, self._passages, {"dense": dict(ranking)})

    def expand(self, query: str) -> str:
        glossary = self._glossary()
        return glossary.expand(query) if glossary is not None else query

    def _dense(self, vector: np.ndarray, k: int, filters: Filters | None) -> list[tuple[str, float]]:
        pairs = self._store.query(vector, k, filters)
        return [(pid, score) for pid, score in pairs if pid in self._passages]

    def _with_dense_scores(self, hits: list[Hit], vector: np.ndarray) -> list[Hit]:
        """Fill in the cosine similarity of hits the dense arm did not return (evidence needs it)."""
        missing = [h.passage.passage_id for h in hits if h.dense_score is None]
        if not missing:
            return hits
        got = self._store.collection.get(ids=missing, include=["embeddings"])
        sims = {pid: float(np.dot(np.asarray(e, dtype=np.float32), vector)) for pid, e in zip(got["ids"], got["embeddings"])}
        from dataclasses import replace

        return [h if h.dense_score is not None else replace(h, dense_score=sims.get(h.passage.passage_id)) for h in hits]

    def _node(self, pid: str) -> TextNode:
        node = self._nodes.get(pid)
        if node is None:
            # The node's text is its id, so fusion's hash identifies the passage, cheaply.
            node = TextNode(id_=pid, text=pid)
            self._nodes[pid] = node
        return node

    # -- answers -------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        from assistant.answering import answer_question

        return answer_question(self, question, history=history, filters=filters, top_k=top_k, mode=mode)

    @property
    def lexical(self) -> LexicalIndex:
        return self._lexical

    def llm(self) -> Any:
        """The configured llama-index LLM, built once."""
        with self._lock:
            if not hasattr(self, "_llm_obj"):
                from assistant.llm import build_llm

                self._llm_obj = build_llm(self.settings.llm)
            return self._llm_obj

    # -- lazily built parts ----------------------------------------------------------------------
    def _glossary(self) -> Any:
        with self._lock:
            return self._load_glossary()

    def _load_glossary(self) -> Any:
        if not hasattr(self, "_glossary_obj"):
            path = self.settings.corpus_dir / "glossary.toml"
            if path.exists():
                from assistant.glossary import load_glossary

                self._glossary_obj = load_glossary(path)
            else:
                self._glossary_obj = None
        return self._glossary_obj

    def glossary(self) -> Any:
        return self._glossary()

    def _reranker(self) -> Any:
        path = self.settings.retrieval.reranker_path
        if path is None:
            raise ConfigError("method hybrid_rerank needs retrieval.reranker_path: a local cross-encoder folder")
        with self._lock:
            return self._load_reranker(path)

    def _load_reranker(self, path: Path) -> Any:
        if not hasattr(self, "_reranker_obj"):
            if not Path(path).is_dir():
                raise ConfigError(f"retrieval.reranker_path {path} is not a folder: point it at a local cross-encoder")
            from llama_index.core.postprocessor import SentenceTransformerRerank

            self._reranker_obj = SentenceTransformerRerank(model=str(path), top_n=self.settings.retrieval.top_k, device="cpu")
        return self._reranker_obj

    def _llama_embedding(self) -> Any:
        if not hasattr(self, "_llama_embed"):
            from assistant.llama_embedding import PocdocEmbedding

            self._llama_embed = PocdocEmbedding(self.embedder)
        return self._llama_embed
