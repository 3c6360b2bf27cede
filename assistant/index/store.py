"""Chroma, embedded under POCDOC_HOME or a `chroma run` server, written through llama-index nodes.

Every Chroma call goes through :meth:`VectorStore._call`: against a server, a dropped connection
is retried with back-off for ``store.retry_seconds``, then reported in one line
(:class:`StoreUnavailableError`); an embedded store that fails is reported as damaged
(:class:`IndexDamagedError`), which ``pocdoc repair`` fixes from the ledger.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from assistant.errors import (
    ConfigError,
    IndexDamagedError,
    PocdocError,
    StoreUnavailableError,
)
from assistant.types import Filters, Passage, date_to_int, date_upper

if TYPE_CHECKING:
    from assistant.encoders import Embedder
    from assistant.settings import Settings

_WRITE_BATCH = 1000
# What only an ingest or a repair does: a server lost meanwhile is fixed by running it again.
_WRITES = ("writing vectors", "deleting vectors", "deleting the collection")
T = TypeVar("T")
log = logging.getLogger(__name__)


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


def collection_name(prefix: str, home_id: str, version: int = 0) -> str:
    """The collection a home owns: ``store.collection`` plus the ledger's home id (plus the repair
    count), so homes sharing a server never touch each other's vectors."""
    suffix = f"-{home_id[:12]}" + (f"-r{version}" if version else "")
    return prefix[: 512 - len(suffix)] + suffix


class VectorStore:
    """The dense index: one Chroma collection, cosine space, vectors computed by pocdoc."""

    def __init__(
        self, settings: Settings, embedder: Embedder, name: str, *, create: bool = True
    ) -> None:
        from assistant.encoders import ChromaEmbeddingFunction

        self.settings = settings
        self.name = name
        self.client = open_client(settings)
        embedding_function = ChromaEmbeddingFunction(embedder)
        if create:
            self.collection = self._call(
                "opening the collection",
                lambda: self.client.get_or_create_collection(
                    name,
                    embedding_function=embedding_function,
                    configuration={"hnsw": {"space": "cosine"}},
                ),
            )
        else:
            try:
                self.collection = self._call(
                    "opening the collection",
                    lambda: self.client.get_collection(name, embedding_function=embedding_function),
                )
            except StoreUnavailableError:
                raise
            except PocdocError as exc:
                raise IndexDamagedError(
                    f"the ledger lists passages but Chroma collection '{name}' in {_where(settings)} cannot be "
                    "opened: run `pocdoc repair` to rebuild it from the ledger"
                ) from exc

    @functools.cached_property
    def llama_store(self) -> Any:
        """The collection as a llama-index ``ChromaVectorStore`` (built on first use: queries never need it)."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """``fn()``, retried while a Chroma server is unreachable, any failure as one PocdocError."""
        delay, deadline = 0.25, time.monotonic() + self.settings.store.retry_seconds
        while True:
            try:
                return fn()
            except PocdocError:
                raise
            except Exception as exc:
                if self.settings.store.mode != "http":
                    raise IndexDamagedError(
                        f"the vector store in {_where(self.settings)} failed while {what} ({_one_line(exc)}): "
                        "if the disk is full, free space; otherwise run `pocdoc repair` to rebuild it from the ledger"
                    ) from exc
                if not _is_connection_error(exc):
                    raise IndexDamagedError(
                        f"{_where(self.settings)} failed while {what} ({_one_line(exc)}): "
                        f"run `pocdoc repair` to rebuild collection '{self.name}' from the ledger"
                    ) from exc
                if time.monotonic() + delay > deadline:
                    store = self.settings.store
                    then = (
                        "run the same `pocdoc ingest` or `pocdoc repair` again; committed documents "
                        "are safe in the ledger"
                        if what in _WRITES
                        else "repeat the request"
                    )
                    raise StoreUnavailableError(
                        f"{_where(self.settings)} stopped answering while {what} and did not come back within "
                        f"{store.retry_seconds:g} s (store.retry_seconds): start it again with `chroma run "
                        f"--path DIR --host {store.host} --port {store.port}`, then {then}"
                    ) from exc
                log.warning("Chroma server unreachable while %s: retrying in %.1f s", what, delay)
                time.sleep(delay)
                delay = min(delay * 2, 4.0)

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
            vectors = embeddings[lo : lo + len(chunk)]
            self._call(
                "writing vectors",
                functools.partial(
                    self.collection.upsert,
                    ids=[p.passage_id for p in chunk],
                    embeddings=vectors,
                    documents=[p.text for p in chunk],
                    metadatas=metadatas,
                ),
            )

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for lo in range(0, len(ids), _WRITE_BATCH):
            batch = ids[lo : lo + _WRITE_BATCH]
            self._call("deleting vectors", functools.partial(self.collection.delete, ids=batch))

    def all_ids(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            got = self._call(
                "listing ids",
                functools.partial(self.collection.get, include=[], limit=10_000, offset=offset),
            )
            out.update(got["ids"])
            if len(got["ids"]) < 10_000:
                return out
            offset += 10_000

    def count(self) -> int:
        return int(self._call("counting vectors", self.collection.count))

    def embeddings(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``ids`` (those present)."""
        got = self._call(
            "reading vectors", lambda: self.collection.get(ids=list(ids), include=["embeddings"])
        )
        return {
            pid: np.asarray(e, dtype=np.float32) for pid, e in zip(got["ids"], got["embeddings"])
        }

    def drop(self) -> None:
        """Delete this collection (repair retires a damaged one; ``--rebuild`` starts over)."""
        self._call("deleting the collection", lambda: self.client.delete_collection(self.name))

    # -- reads ---------------------------------------------------------------------------------
    def query(
        self, embedding: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity) pairs, best first."""
        n = min(k, self.count())
        if n <= 0:
            return []
        res = self._call(
            "searching",
            lambda: self.collection.query(
                query_embeddings=[embedding],
                n_results=n,
                where=to_chroma_where(filters),
                include=["distances"],
            ),
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


def _is_connection_error(exc: BaseException | None) -> bool:
    """A dropped or refused connection (httpx, urllib3 or the OS), anywhere in the cause chain."""
    seen = 0
    while exc is not None and seen < 8:
        name = type(exc).__name__
        if isinstance(exc, (ConnectionError, TimeoutError)) or name in (
            "ConnectError",
            "ReadError",
            "WriteError",
            "RemoteProtocolError",
            "ConnectTimeout",
            "ReadTimeout",
            "PoolTimeout",
        ):
            return True
        if "Could not connect to a Chroma server" in str(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300] if text else ''}"


def _where(settings: Settings) -> str:
    if settings.store.mode == "embedded":
        return str(settings.chroma_dir)
    return f"the Chroma server at {settings.store.host}:{settings.store.port}"
