"""The benchmarks' baseline: what a user would build first, a plain llama-index dense retriever
(``VectorStoreIndex`` over the same Chroma collection and model), with no query expansion,
fusion, filters or dedupe. pocdoc's embedder is wrapped as a llama-index embedding model so
llama-index never builds its own (OpenAI by default)."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.encoders import Embedder
from assistant.retrieval import to_hits
from assistant.types import Hit


class PocdocEmbedding(BaseEmbedding):
    """Wraps :class:`Embedder` so llama-index never builds its own (OpenAI by default) model."""

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(
            model_name=str(embedder.model_path), embed_batch_size=embedder.batch_size, **kwargs
        )
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.encode_query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.encode_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.encode_passages(texts).tolist()


class BaselineRetriever:
    """``VectorStoreIndex(...).as_retriever(similarity_top_k=k)`` over an engine's collection."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._retrievers: dict[tuple[int, int], Any] = {}

    def retrieve(self, query: str, *, top_k: int) -> list[Hit]:
        nodes = self._retriever(top_k).retrieve(query)
        ranking = [(n.node.node_id, float(n.score or 0.0)) for n in nodes]
        passages = {p.passage_id: p for p in self.engine.passages()}
        return to_hits(ranking, passages, {"dense": dict(ranking)})

    def _retriever(self, k: int) -> Any:
        key = (id(self.engine.vector_store), k)  # a refreshed engine has a new store: rebuild
        if key not in self._retrievers:
            from llama_index.core import VectorStoreIndex

            index = VectorStoreIndex.from_vector_store(
                self.engine.vector_store.llama_store,
                embed_model=PocdocEmbedding(self.engine.embedder),
            )
            self._retrievers[key] = index.as_retriever(similarity_top_k=k)
        return self._retrievers[key]
