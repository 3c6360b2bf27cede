"""Running retrievers (and ``ask``) over a dataset's queries, timing every call.

The engine is anything with the :class:`EvalEngine` methods, so tests drive the runner with a
small fake and ``pocdoc eval`` with ``assistant.retrieval.engine.Engine``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from tqdm import tqdm

from assistant.errors import ConfigError, DatasetError
from assistant.modes import BASELINE, Method
from assistant.types import Answer, Hit, Passage
from eval.config import EvalConfig
from eval.datasets import BeirDataset, GoldQuestion, derive_qrels
from eval.metrics import AnswerOutcome, outcome_from_answer


class EvalEngine(Protocol):
    """The parts of ``assistant.retrieval.engine.Engine`` an evaluation uses."""

    has_reranker: bool

    def retrieve(self, query: str, *, top_k: int, method: Method = Method.HYBRID) -> list[Hit]: ...
    def baseline_retrieve(self, query: str, *, top_k: int) -> list[Hit]: ...
    def ask(self, question: str) -> Answer: ...
    def passages(self) -> Iterable[Passage]: ...
    def fingerprint(self) -> str: ...


@dataclass
class RetrieverResult:
    """One retriever's ranked lists and timings over all queries."""

    run: dict[
        str, dict[str, float]
    ]  # qid -> passage_id -> score, strictly decreasing in rank order
    latencies_ms: list[float] = field(default_factory=list)
    short_lists: int = 0  # queries that got fewer than k passages
    score_fixes: int = (
        0  # scores nudged because their float32 values did not decrease down the ranking
    )


@dataclass
class EvalResult:
    """Everything a run produced, before any metric is computed."""

    dataset: dict[str, Any]  # kind, path, counts; gold: unmatched quotes
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    retrievers: dict[str, RetrieverResult]
    skipped: dict[str, str] = field(default_factory=dict)  # retriever -> why it did not run
    answers: list[AnswerOutcome] = field(default_factory=list)


def run_gold(
    engine: EvalEngine,
    config: EvalConfig,
    questions: Sequence[GoldQuestion],
    *,
    progress: bool = True,
) -> EvalResult:
    """Retrieval over the judged answerable questions; ``ask`` over all kept questions."""
    kept = limit_questions(questions, config.limit)
    passages = list(engine.passages())
    gold = derive_qrels(kept, passages)
    if not gold.qrels:
        raise DatasetError(
            f"no gold quote matched any of the {len(passages)} indexed passages: "
            "ingest the corpus the gold set quotes (pocdoc ingest) before evaluating"
        )
    queries = {q.id: q.question for q in kept if q.id in gold.qrels}
    dataset = {
        "kind": "gold",
        "questions": len(kept),
        "answerable": sum(q.answerable for q in kept),
        "unanswerable": sum(not q.answerable for q in kept),
        "judged": len(gold.qrels),
        "passages": len(passages),
        "spanning_quotes": gold.spanning,
        "unmatched_quotes": [
            dict(zip(("id", "doc_id", "quote", "why"), u)) for u in gold.unmatched
        ],
    }
    retrievers, skipped = retrieve_all(engine, queries, config, progress=progress)
    answers: list[AnswerOutcome] = []
    if config.answers:
        texts = {p.passage_id: p.text for p in passages}
        answers = ask_all(
            engine, kept, gold.qrels, texts, warm_up=config.latency, progress=progress
        )
    return EvalResult(dataset, queries, gold.qrels, retrievers, skipped, answers)


def run_beir(
    engine: EvalEngine, config: EvalConfig, data: BeirDataset, *, progress: bool = True
) -> EvalResult:
    """Retrieval over the BEIR queries that have at least one positive judgement."""
    judged = [qid for qid, docs in data.qrels.items() if any(g > 0 for g in docs.values())]
    kept = judged[: config.limit] if config.limit else judged
    queries = {qid: data.queries[qid] for qid in kept}
    qrels = {qid: data.qrels[qid] for qid in kept}
    dataset = {
        "kind": "beir",
        "name": data.name,
        "corpus": len(data.corpus),
        "queries": len(data.queries),
        "judged": len(judged),
        "evaluated": len(kept),
    }
    retrievers, skipped = retrieve_all(engine, queries, config, progress=progress)
    return EvalResult(dataset, queries, qrels, retrievers, skipped)


def limit_questions(questions: Sequence[GoldQuestion], limit: int | None) -> list[GoldQuestion]:
    """The first ``limit`` answerable and first ``limit`` unanswerable questions, in file order."""
    if limit is None:
        return list(questions)
    counts = {True: 0, False: 0}
    kept = []
    for q in questions:
        if counts[q.answerable] < limit:
            counts[q.answerable] += 1
            kept.append(q)
    return kept


def retrieve_all(
    engine: EvalEngine, queries: Mapping[str, str], config: EvalConfig, *, progress: bool = True
) -> tuple[dict[str, RetrieverResult], dict[str, str]]:
    """Run each configured retriever over ``queries``; returns results and the skipped retrievers."""
    results: dict[str, RetrieverResult] = {}
    skipped: dict[str, str] = {}
    for name in config.retrievers:
        if name == "hybrid_rerank" and not engine.has_reranker:
            reason = "no reranker is configured: set retrieval.reranker_path to a local cross-encoder folder"
            if config.on_unavailable == "error" or name == config.baseline:
                raise ConfigError(f"retriever {name!r} cannot run: {reason}")
            skipped[name] = reason
            continue
        results[name] = _run_retriever(
            _retriever(engine, name, config.k), queries, name, config, progress
        )
    return results, skipped


def _retriever(engine: EvalEngine, name: str, k: int) -> Callable[[str], list[Hit]]:
    if name == BASELINE:
        return lambda query: engine.baseline_retrieve(query, top_k=k)
    method: Method = name  # type: ignore[assignment]  # config validated it against RETRIEVERS
    return lambda query: engine.retrieve(query, top_k=k, method=method)


def _run_retriever(
    retrieve: Callable[[str], list[Hit]],
    queries: Mapping[str, str],
    name: str,
    config: EvalConfig,
    progress: bool,
) -> RetrieverResult:
    result = RetrieverResult(run={})
    if config.latency and queries:
        retrieve(next(iter(queries.values())))  # untimed: the first call loads models and indexes
    for qid, text in tqdm(queries.items(), desc=f"retrieve {name}", unit="q", disable=not progress):
        start = time.perf_counter()
        hits = retrieve(text)
        elapsed = (time.perf_counter() - start) * 1000
        if config.latency:
            result.latencies_ms.append(elapsed)
        ranked, fixes = strictly_decreasing(
            [(h.passage.passage_id, float(h.score)) for h in hits[: config.k]]
        )
        result.run[qid] = ranked
        result.score_fixes += fixes
        result.short_lists += len(hits) < config.k
    return result


def strictly_decreasing(ranked: Sequence[tuple[str, float]]) -> tuple[dict[str, float], int]:
    """Scores that keep the engine's rank order under any evaluator that sorts by score.

    trec_eval (and so pytrec_eval and ir-measures) reads scores as 32-bit floats and breaks ties
    by document id, so a score whose float32 value is not below the one ranked above it (a tie,
    or an inversion) becomes the next float32 below that one. A passage listed twice keeps its
    first rank. Returns the scores and how many changed.
    """
    out: dict[str, float] = {}
    fixes = 0
    previous = np.float32(np.inf)
    for passage_id, score in ranked:
        if passage_id in out:
            continue
        if not np.float32(score) < previous:
            score = float(np.nextafter(previous, np.float32(-np.inf)))
            fixes += 1
        out[passage_id] = score
        previous = np.float32(score)
    return out, fixes


def ask_all(
    engine: EvalEngine,
    questions: Sequence[GoldQuestion],
    qrels: Mapping[str, Mapping[str, int]],
    passage_texts: Mapping[str, str],
    *,
    warm_up: bool = True,
    progress: bool = True,
    on_answer: Callable[[Answer], object] | None = None,
) -> list[AnswerOutcome]:
    """``engine.ask`` on every question, timed, with its citations checked (after one untimed call).

    ``on_answer`` sees each answer as it comes (to keep the answers behind the figures)."""
    if warm_up and questions:
        engine.ask(questions[0].question)
    outcomes = []
    for q in tqdm(questions, desc="ask", unit="q", disable=not progress):
        start = time.perf_counter()
        answer = engine.ask(q.question)
        elapsed = (time.perf_counter() - start) * 1000
        if on_answer is not None:
            on_answer(answer)
        outcomes.append(
            outcome_from_answer(
                q.id,
                q.answerable,
                answer,
                relevant=qrels.get(q.id),
                passage_texts=passage_texts,
                latency_ms=elapsed,
                key_facts=q.key_facts,
            )
        )
    return outcomes
