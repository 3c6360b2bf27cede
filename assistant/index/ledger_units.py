"""The ledger's answer units: each passage's unit offsets and vectors, written with the passage
(in its commit's transaction), reused when a passage did not change, and added to passages an
older pocdoc committed without them.

Vectors are stored as float16: unit vectors are unit-length, so the cosine they give is exact to
about 1e-3, which no ranking of answer sentences resolves, at half the size of float32.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing

import numpy as np

from assistant.index.ledger_schema import Transaction
from assistant.index.unit_index import UnitVectors
from assistant.types import Passage

UNIT_DTYPE = np.float16


class LedgerUnits:
    """The unit half of :class:`assistant.index.Ledger` (which opens the connection)."""

    _conn: sqlite3.Connection

    def _write_units(self, units: Sequence[UnitVectors]) -> None:
        """Inside a transaction: replace the units of these passages and mark them cut."""
        self._conn.executemany(
            "DELETE FROM units WHERE passage_id=?", [(u.passage_id,) for u in units]
        )
        self._conn.executemany(
            "INSERT INTO units(passage_id, ordinal, start, stop, vector) VALUES (?, ?, ?, ?, ?)",
            [
                (u.passage_id, i, start, stop, np.asarray(v, dtype=UNIT_DTYPE).tobytes())
                for u in units
                for i, ((start, stop), v) in enumerate(zip(u.spans, u.vectors, strict=True))
            ],
        )
        self._conn.executemany(
            "UPDATE passages SET units=? WHERE passage_id=?",
            [(len(u.spans), u.passage_id) for u in units],
        )

    def store_units(self, units: Sequence[UnitVectors]) -> None:
        """Give committed passages their unit vectors (texts and ids unchanged)."""
        with Transaction(self._conn):
            self._write_units(units)

    def count_without_units(self) -> int:
        """Passages committed before the ledger stored unit vectors."""
        return int(
            self._conn.execute("SELECT COUNT(*) FROM passages WHERE units IS NULL").fetchone()[0]
        )

    def passages_without_units(self, limit: int = 256) -> list[Passage]:
        """Up to ``limit`` passages not cut into units yet, in ledger order."""
        rows = self._conn.execute(
            "SELECT passage_id, text, meta FROM passages WHERE units IS NULL "
            "ORDER BY doc_id, ordinal LIMIT ?",
            (limit,),
        ).fetchall()
        return [Passage.from_metadata(pid, text, json.loads(meta)) for pid, text, meta in rows]

    def unit_rows(self) -> Iterator[tuple[str, int, int, np.ndarray]]:
        """(passage_id, start, stop, vector) of every stored unit, in ledger order."""
        with closing(
            self._conn.execute(
                "SELECT u.passage_id, u.start, u.stop, u.vector FROM units u JOIN passages p "
                "ON p.passage_id = u.passage_id ORDER BY p.doc_id, p.ordinal, u.ordinal"
            )
        ) as cur:
            for pid, start, stop, blob in cur:
                yield pid, int(start), int(stop), np.frombuffer(blob, dtype=UNIT_DTYPE)

    def stored_units(self, passages: Sequence[Passage], encoder: str) -> dict[str, UnitVectors]:
        """The unit vectors ``encoder`` already made for these passages (same id and text)."""
        if not encoder or not passages:
            return {}
        wanted = {p.passage_id: p.text for p in passages}
        found: dict[str, list[tuple[int, int, np.ndarray]]] = {}
        ids = sorted(wanted)
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            rows = self._conn.execute(
                "SELECT p.passage_id, p.text, u.start, u.stop, u.vector FROM passages p "
                "JOIN documents d ON d.doc_id = p.doc_id LEFT JOIN units u "
                "ON u.passage_id = p.passage_id WHERE d.encoder = ? AND p.units IS NOT NULL "
                f"AND p.passage_id IN ({','.join('?' * len(chunk))}) ORDER BY u.ordinal",
                [encoder, *chunk],
            )
            for pid, text, start, stop, blob in rows:
                if text != wanted[pid]:
                    continue
                units = found.setdefault(pid, [])
                if blob is not None:
                    units.append((start, stop, np.frombuffer(blob, dtype=UNIT_DTYPE)))
        return {
            pid: UnitVectors(
                pid,
                tuple((s, e) for s, e, _ in rows_),
                np.stack([v for _, _, v in rows_]) if rows_ else np.zeros((0, 0), UNIT_DTYPE),
            )
            for pid, rows_ in found.items()
        }

    def unit_vectors_of(self, passage_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored unit vectors of these passages (units x dimension, in unit order), by
        passage id; a passage without units (an index from before them) is absent."""
        found: dict[str, list[np.ndarray]] = {}
        ids = list(passage_ids)
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            rows = self._conn.execute(
                "SELECT passage_id, vector FROM units WHERE passage_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY passage_id, ordinal",
                chunk,
            )
            for pid, blob in rows:
                found.setdefault(pid, []).append(np.frombuffer(blob, dtype=UNIT_DTYPE))
        return {pid: np.stack(vs).astype(np.float32) for pid, vs in found.items()}
