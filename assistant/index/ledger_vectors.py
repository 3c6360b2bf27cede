"""The ledger's vectors: reading them back (to rebuild Chroma), reusing them (for passages that
did not change), and giving them to passages committed before vectors were stored."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing

import numpy as np

from assistant.index.ledger_schema import Transaction
from assistant.types import Passage


class LedgerVectors:
    """The vector half of :class:`assistant.index.Ledger` (which opens the connection)."""

    _conn: sqlite3.Connection

    def _transaction(self) -> Transaction:
        return Transaction(self._conn)

    def count_without_vectors(self) -> int:
        """Passages committed before the ledger stored vectors: these need re-embedding."""
        return int(
            self._conn.execute("SELECT COUNT(*) FROM passages WHERE vector IS NULL").fetchone()[0]
        )

    def vectors(
        self, ids: Iterable[str] | None = None, batch: int = 1000
    ) -> Iterator[tuple[list[Passage], np.ndarray]]:
        """Passages with a stored vector and their vectors, ``batch`` at a time, in ledger order."""
        sql = "SELECT passage_id, text, meta, vector FROM passages WHERE vector IS NOT NULL"
        if ids is None:
            batches: Iterable[list[str] | None] = [None]
        else:
            wanted = sorted(ids)
            batches = [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
        for chunk in batches:
            query = (
                sql if chunk is None else sql + f" AND passage_id IN ({','.join('?' * len(chunk))})"
            )
            with closing(
                self._conn.execute(query + " ORDER BY doc_id, ordinal", chunk or ())
            ) as cur:
                while rows := cur.fetchmany(batch):
                    passages = [
                        Passage.from_metadata(pid, text, json.loads(meta))
                        for pid, text, meta, _ in rows
                    ]
                    yield passages, np.stack([np.frombuffer(r[3], dtype=np.float32) for r in rows])

    def stored_vectors(self, passages: Sequence[Passage], encoder: str) -> dict[str, np.ndarray]:
        """The vectors ``encoder`` already made for these passages: same id, same indexed text
        (a file moved, or a manifest field edited, re-splits to the same passages)."""
        if not encoder or not passages:
            return {}
        wanted = {p.passage_id: p.indexed_text for p in passages}
        out: dict[str, np.ndarray] = {}
        ids = sorted(wanted)
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            rows = self._conn.execute(
                "SELECT p.passage_id, p.text, p.meta, p.vector FROM passages p JOIN documents d "
                "ON d.doc_id = p.doc_id WHERE d.encoder = ? AND p.vector IS NOT NULL "
                f"AND p.passage_id IN ({','.join('?' * len(chunk))})",
                [encoder, *chunk],
            )
            for pid, text, meta, blob in rows:
                if Passage.from_metadata(pid, text, json.loads(meta)).indexed_text == wanted[pid]:
                    out[pid] = np.frombuffer(blob, dtype=np.float32)
        return out

    def passages_without_vectors(self, limit: int = 256) -> list[Passage]:
        """Up to ``limit`` passages committed by a pocdoc that did not store vectors, in ledger
        order (give them vectors with :meth:`store_vectors`, then ask again)."""
        rows = self._conn.execute(
            "SELECT passage_id, text, meta FROM passages WHERE vector IS NULL "
            "ORDER BY doc_id, ordinal LIMIT ?",
            (limit,),
        ).fetchall()
        return [Passage.from_metadata(pid, text, json.loads(meta)) for pid, text, meta in rows]

    def store_vectors(self, passages: Sequence[Passage], vectors: np.ndarray, encoder: str) -> None:
        """Give committed passages the vectors they lack (texts and ids unchanged); a document whose
        passages all have one records ``encoder``."""
        with self._transaction():
            self._conn.executemany(
                "UPDATE passages SET vector=? WHERE passage_id=? AND vector IS NULL",
                [
                    (np.asarray(v, dtype=np.float32).tobytes(), p.passage_id)
                    for p, v in zip(passages, vectors)
                ],
            )
            self._conn.executemany(
                "UPDATE documents SET encoder=? WHERE doc_id=? AND NOT EXISTS "
                "(SELECT 1 FROM passages WHERE doc_id=documents.doc_id AND vector IS NULL)",
                [(encoder, d) for d in {p.doc_id for p in passages}],
            )
