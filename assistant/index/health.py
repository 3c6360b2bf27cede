"""Is a derived store still what the ledger says? Counts, a sample of ids and vectors, a probe query.

The checks allow for a writer working beside the reader: Chroma may hold more vectors than the
ledger lists (written, not yet committed) but never fewer, and a sampled id that is missing from
Chroma counts only if the ledger still lists it when looked at again.
"""

from __future__ import annotations

import numpy as np

from assistant.errors import IndexDamagedError
from assistant.index.ledger import Ledger
from assistant.index.store import VectorStore

SAMPLE = 16
# Cosine similarity a stored vector must have with its ledger copy (float32 round trip is exact;
# the margin is for stores that quantise).
_SAME = 0.999


def store_problems(ledger: Ledger, store: VectorStore, sample: int = SAMPLE) -> list[str]:
    """What is wrong with ``store`` against ``ledger`` ([] when healthy). Server outages raise."""
    try:
        return _problems(ledger, store, sample)
    except IndexDamagedError as exc:
        return [f"Chroma collection '{store.name}' failed ({_cause(exc)})"]


def _problems(ledger: Ledger, store: VectorStore, sample: int) -> list[str]:
    problems = []
    committed, stored = ledger.count_passages(), store.count()
    if stored < committed:
        problems.append(
            f"Chroma collection '{store.name}' holds {stored} vectors, the ledger lists {committed} passages"
        )
    ids = ledger.sample_ids(sample)
    if not ids:
        return problems
    expected = {p.passage_id: v for ps, vs in ledger.vectors(ids) for p, v in zip(ps, vs)}
    got = store.embeddings(ids)
    gone = [pid for pid in ids if pid not in got and pid in ledger.passage_ids_of(ids)]
    if gone:
        problems.append(
            f"{len(gone)} of {len(ids)} sampled passages are missing from Chroma (e.g. {gone[0]})"
        )
    differ = [pid for pid, v in expected.items() if pid in got and _cosine(v, got[pid]) < _SAME]
    if differ:
        problems.append(
            f"{len(differ)} sampled vectors differ from the ledger's (e.g. {differ[0]})"
        )
    probe = next((pid for pid in ids if pid in expected and pid in got), None)
    if probe is not None:
        hits = store.query(expected[probe], 1)
        if not hits or hits[0][1] < _SAME:
            problems.append(
                f"a probe query for passage {probe} did not find it (the HNSW index is damaged)"
            )
    return problems


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    denom = float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0
    return float(np.dot(a, b)) / denom


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__
    text = str(cause).strip().splitlines() if cause else []
    return f"{type(cause).__name__}: {text[0][:200]}" if text else type(exc).__name__
