"""Example questions for the first screen, drawn from what is indexed.

They come from the POC gold question set (``eval/gold/poc_gold.jsonl``): an answerable question
is offered only when every document its answer is in is indexed, one per document, so each
example is answered from the corpus on this machine and together they show its range.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold" / "poc_gold.jsonl"
MAX_CHARS = 90  # a question that fits on one line of the first screen
# Kinds a newcomer asks first; figures and dates are good tests but poor invitations.
_KIND_ORDER = (
    "definition",
    "paraphrase",
    "legal",
    "who",
    "list",
    "multi-passage",
    "acronym",
    "where",
)


@cache
def _gold(path: Path) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(question, kind, doc ids) of the answerable gold questions, in file order."""
    from eval.datasets import load_gold

    return tuple(
        (q.question, q.kind, tuple(dict.fromkeys(r.doc_id for r in q.relevant)))
        for q in load_gold(path)
        if q.answerable
    )


def example_questions(
    indexed: Mapping[str, object], *, limit: int = 5, path: Path = GOLD
) -> list[str]:
    """Up to ``limit`` questions answerable from the ``indexed`` doc ids, each about another document."""
    if not path.is_file() or not indexed:
        return []
    rank = {kind: i for i, kind in enumerate(_KIND_ORDER)}
    candidates = [
        (rank[kind], i, question, docs[0])
        for i, (question, kind, docs) in enumerate(_gold(path))
        if kind in rank and len(question) <= MAX_CHARS and all(d in indexed for d in docs)
    ]
    chosen: list[str] = []
    used: set[str] = set()
    for _, _, question, doc in sorted(candidates):
        if doc not in used:
            chosen.append(question)
            used.add(doc)
        if len(chosen) == limit:
            break
    return chosen
