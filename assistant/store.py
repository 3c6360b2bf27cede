"""Chroma, embedded under POCDOC_HOME or a `chroma run` server, written through llama-index nodes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import ConfigError, IndexMissingError
from assistant.types import Filters, Passage, date_to_int, date_upper

if TYPE_CHECKING:
    from assistant.embeddings import Embedder
    from assistant.settings import Settings

_WRITE_BATCH = 1000


def open_client(settings: Settings) -> Any:
    """A Chroma client for the configured mode, with telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if settings.store.mode == "embedded":
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    try:
        client = chromadb.HttpClient(
            host=settings.store.host, port=settings.store.port, settings=chroma_settings
        )
        client.heartbeat()
    except Exception as exc:  # chromadb raises bare Exception/ValueError subclasses here
        raise ConfigError(
            f"cannot reach the Chroma server at {settings.store.host}:{settings.store.port} "
            f"({exc}): start it with `chroma run --path DIR --host {settings.store.host} "
            f"--port {settings.store.port}` or set store.mode=embedded"
        ) from exc
    return client


class VectorStore:
    """The dense index: one Chroma collection, cosine space, vectors computed by pocdoc."""

    def __init__(self, settings: Settings, embedder: Embedder, *, create: bool = True) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from assistant.embeddings import ChromaEmbeddingFunction

        self.settings = settings
        self.client = open_client(settings)
        name = settings.store.collection
        embedding_function = ChromaEmbeddingFunction(embedder)
        if create:
            self.collection = self.client.get_or_create_collection(
                name, embedding_function=embedding_function, configuration={"hnsw": {"space": "cosine"}}
            )
        else:
            try:
                self.collection = self.client.get_collection(name, embedding_function=embedding_function)
            except Exception as exc:
                raise IndexMissingError(
                    f"no Chroma collection '{name}' in {_where(settings)}: run `pocdoc ingest` first"
                ) from exc
        self.llama_store = ChromaVectorStore(chroma_collection=self.collection)

    # -- writes --------------------------------------------------------------------------------
    def upsert(self, passages: Sequence[Passage], embeddings: np.ndarray) -> None:
        """Write passages as llama-index TextNodes, replacing any with the same id."""
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
        from llama_index.core.vector_stores.utils import node_to_metadata_dict

        for lo in range(0, len(passages), _WRITE_BATCH):
            chunk = passages[lo : lo + _WRITE_BATCH]
            metadatas = []
            for p in chunk:
                node = TextNode(id_=p.passage_id, text=p.text, metadata=p.to_metadata())
                # llama-index writes the node's ref_doc_id into the "doc_id" metadata key, so the
                # document must be the node's SOURCE (it is, semantically, too).
                node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=p.doc_id)
                node.excluded_embed_metadata_keys = list(node.metadata)
                node.excluded_llm_metadata_keys = list(node.metadata)
                metadatas.append(node_to_metadata_dict(node, remove_text=True, flat_metadata=True))
            self.collection.upsert(
                ids=[p.passage_id for p in chunk],
                embeddings=embeddings[lo : lo + len(chunk)],
                documents=[p.text for p in chunk],
                metadatas=metadatas,
            )

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for lo in range(0, len(ids), _WRITE_BATCH):
            self.collection.delete(ids=ids[lo : lo + _WRITE_BATCH])

    def all_ids(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=10_000, offset=offset)
            out.update(got["ids"])
            if len(got["ids"]) < 10_000:
                return out
            offset += 10_000

    def count(self) -> int:
        return int(self.collection.count())

    def drop(self) -> None:
        try:
            self.client.delete_collection(self.settings.store.collection)
        except Exception:  # noqa: BLE001 - a missing collection is what we want
            pass

    # -- reads ---------------------------------------------------------------------------------
    def query(self, embedding: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity) pairs, best first."""
        n = min(k, self.count())
        if n <= 0:
            return []
        res = self.collection.query(
            query_embeddings=[embedding],
            n_results=n,
            where=to_chroma_where(filters),
            include=["distances"],
        )
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0])]


def to_chroma_where(filters: Filters | None) -> dict[str, Any] | None:
    """Filters as a Chroma `where` clause (dates compare as YYYYMMDD integers)."""
    if filters is None or filters.is_empty():
        return None
    clauses: list[dict[str, Any]] = []
    if filters.doc_ids:
        clauses.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.doc_types:
        clauses.append({"doc_type": {"$in": list(filters.doc_types)}})
    if filters.issuing_bodies:
        clauses.append({"issuing_body": {"$in": list(filters.issuing_bodies)}})
    if filters.date_from:
        clauses.append({"date_int": {"$gte": date_to_int(filters.date_from)}})
    if filters.date_to:
        clauses.append({"date_int": {"$lte": date_upper(filters.date_to)}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _where(settings: Settings) -> str:
    if settings.store.mode == "embedded":
        return str(settings.chroma_dir)
    return f"the Chroma server at {settings.store.host}:{settings.store.port}"
