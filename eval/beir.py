"""BEIR folders: ``corpus.jsonl``, ``queries.jsonl`` and ``qrels/<split>.tsv``, each bad line
named by file and line, and the corpus as pocdoc documents of one passage each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import DatasetError
from assistant.types import DocumentRecord, Passage
from eval.dataset_files import read_jsonl, read_lines


@dataclass(frozen=True)
class BeirDataset:
    """A BEIR folder: ``corpus`` maps doc id -> (title, text); ``qrels`` query id -> doc id -> score."""

    name: str
    corpus: dict[str, tuple[str, str]]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_beir(path: Path | str, split: str = "test") -> BeirDataset:
    """Read ``corpus.jsonl``, ``queries.jsonl`` and ``qrels/<split>.tsv`` from a BEIR folder.

    Raises:
        DatasetError: naming the file and line, for a missing file, bad JSON, a missing field,
            an id used twice, a non-integer score, or a qrels line naming an unknown id.
    """
    root = Path(path)
    if not root.is_dir():
        raise DatasetError(
            f"BEIR folder {root} does not exist: pass the folder holding corpus.jsonl"
        )
    corpus: dict[str, tuple[str, str]] = {}
    for file, lineno, record in _records(root / "corpus.jsonl", ("_id", "text")):
        title = record.get("title") or ""
        if not isinstance(record["text"], str) or not isinstance(title, str):
            raise DatasetError(f"{file}:{lineno}: 'title' and 'text' must be strings")
        corpus[str(record["_id"])] = (title, record["text"])
    queries: dict[str, str] = {}
    for file, lineno, record in _records(root / "queries.jsonl", ("_id", "text")):
        if not isinstance(record["text"], str) or not record["text"].strip():
            raise DatasetError(f"{file}:{lineno}: 'text' must be a non-empty string")
        queries[str(record["_id"])] = record["text"]
    qrels = _read_qrels(root / "qrels" / f"{split}.tsv", queries, corpus)
    return BeirDataset(name=root.resolve().name, corpus=corpus, queries=queries, qrels=qrels)


def beir_documents(dataset: BeirDataset) -> Iterator[tuple[DocumentRecord, list[Passage]]]:
    """One document with one passage per BEIR doc, ids kept, for ``eval.indexing.index_passages``."""
    for doc_id, (title, text) in dataset.corpus.items():
        body = f"{title}\n{text}" if title else text
        record = DocumentRecord(doc_id=doc_id, title=title or doc_id)
        passage = Passage(
            passage_id=doc_id,
            doc_id=doc_id,
            text=body,
            ordinal=0,
            char_start=0,
            char_end=len(body),
            title=title or doc_id,
        )
        yield record, [passage]


def _records(file: Path, required: tuple[str, ...]) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    first_line: dict[str, int] = {}
    for lineno, record in read_jsonl(file):
        missing = [name for name in required if name not in record]
        if missing:
            raise DatasetError(f"{file}:{lineno}: missing field(s) {', '.join(missing)}")
        if not isinstance(record["_id"], (str, int)) or isinstance(record["_id"], bool):
            raise DatasetError(f"{file}:{lineno}: '_id' must be a string, got {record['_id']!r}")
        doc_id = str(record["_id"])
        if not doc_id or any(c.isspace() for c in doc_id):
            raise DatasetError(
                f"{file}:{lineno}: '_id' {doc_id!r} is empty or holds whitespace (TREC ids cannot)"
            )
        if doc_id in first_line:
            raise DatasetError(
                f"{file}:{lineno}: '_id' {doc_id!r} already used on line {first_line[doc_id]}"
            )
        first_line[doc_id] = lineno
        yield file, lineno, record


def _read_qrels(
    file: Path, queries: dict[str, str], corpus: dict[str, tuple[str, str]]
) -> dict[str, dict[str, int]]:
    lines = read_lines(file)
    header = next(lines, None)
    if header is None or header[1].strip().split("\t") != ["query-id", "corpus-id", "score"]:
        raise DatasetError(
            f"{file}:1: the first line must be the header 'query-id<TAB>corpus-id<TAB>score'"
        )
    qrels: dict[str, dict[str, int]] = {}
    for lineno, line in lines:
        if not line.strip():
            continue
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) != 3:
            raise DatasetError(
                f"{file}:{lineno}: expected 3 tab-separated columns, found {len(columns)}"
            )
        qid, doc_id, score = columns
        if qid not in queries:
            raise DatasetError(f"{file}:{lineno}: query id {qid!r} is not in queries.jsonl")
        if doc_id not in corpus:
            raise DatasetError(f"{file}:{lineno}: corpus id {doc_id!r} is not in corpus.jsonl")
        try:
            grade = int(score)
        except ValueError as exc:
            raise DatasetError(f"{file}:{lineno}: score {score!r} is not an integer") from exc
        if doc_id in qrels.get(qid, {}):
            raise DatasetError(f"{file}:{lineno}: pair ({qid}, {doc_id}) is judged twice")
        qrels.setdefault(qid, {})[doc_id] = grade
    if not qrels:
        raise DatasetError(f"{file}: no judgements after the header")
    return qrels
