"""TREC files: runs (``qid Q0 docid rank score tag``) and judgements (``qid 0 docid grade``), as
trec_eval, ranx and ir-measures read them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_trec_run(path: Path, run: Mapping[str, Mapping[str, float]], *, tag: str) -> None:
    """``qid Q0 docid rank score tag`` lines, best first; ids must hold no whitespace."""
    lines = []
    for qid, docs in run.items():
        ranked = sorted(docs.items(), key=lambda item: -item[1])
        for rank, (doc_id, score) in enumerate(ranked, start=1):
            lines.append(f"{_token(qid)} Q0 {_token(doc_id)} {rank} {score!r} {_token(tag)}")
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def write_trec_qrels(path: Path, qrels: Mapping[str, Mapping[str, int]]) -> None:
    """``qid 0 docid grade`` lines."""
    lines = [
        f"{_token(q)} 0 {_token(d)} {int(g)}" for q, docs in qrels.items() for d, g in docs.items()
    ]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _token(value: str) -> str:
    if not value or any(c.isspace() for c in value):
        raise ValueError(
            f"id {value!r} is empty or holds whitespace, which a TREC file cannot carry"
        )
    return value
