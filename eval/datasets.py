"""Evaluation datasets: the pocdoc gold question set and BEIR folders.

Gold relevance is judged by quotes, not passage ids, so it survives re-chunking: a passage is
relevant to a question when it belongs to a quoted document and its normalised text contains the
normalised quote (see :func:`normalise`). The qrels are derived at evaluation time from the
passages the engine holds (:func:`derive_qrels`). BEIR folders are read by :mod:`eval.beir`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from assistant.errors import DatasetError
from assistant.types import Passage
from eval.beir import BeirDataset, beir_documents, load_beir
from eval.dataset_files import read_jsonl

__all__ = [
    "BeirDataset",
    "GoldQrels",
    "GoldQuestion",
    "GoldRelevant",
    "beir_documents",
    "derive_qrels",
    "load_beir",
    "load_gold",
    "normalise",
]

# --------------------------------------------------------------------------- normalisation

_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)")
_SPACE = re.compile(r"\s+")
_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def normalise(text: str) -> str:
    """The form quotes and passages are compared in.

    Removes ``<sup>…</sup>`` (footnote marks), joins words hyphenated across a line break, drops
    ``*`` (Markdown emphasis), applies NFKC (PDF ligatures such as "ﬁ"), straightens typographic
    quotes and dashes, lowercases, and collapses whitespace runs to one space.
    """
    text = _SUP.sub("", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = text.replace("*", "")
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).lower()
    return _SPACE.sub(" ", text).strip()


# --------------------------------------------------------------------------- gold set


class GoldRelevant(BaseModel):
    """A quote that makes any passage of ``doc_id`` containing it relevant, at ``grade``.

    ``paragraph`` (the judged numbered paragraph, e.g. ``"12"``) is the fallback when no single
    passage contains the quote any more (a splitter that cuts through it): then the passages of
    ``doc_id`` labelled with exactly that number are relevant.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    grade: int = Field(1, ge=1)
    paragraph: str = Field(
        "", description="The document's paragraph number the judgement is about."
    )

    @field_validator("quote")
    @classmethod
    def _quote_has_words(cls, quote: str) -> str:
        if not normalise(quote):
            raise ValueError("quote is empty once normalised")
        return quote


class GoldQuestion(BaseModel):
    """One line of the gold JSONL file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(
        min_length=1, pattern=r"^\S+$", description="No whitespace: it is a TREC query id."
    )
    question: str = Field(min_length=1)
    answerable: bool
    kind: str = ""
    relevant: tuple[GoldRelevant, ...] = ()
    answer: str = ""
    form: str = Field(
        "",
        description="The question form: definition, enumeration, document, factoid, procedure, general.",
    )
    key_facts: tuple[str, ...] = Field(
        (), description="Short strings a correct answer must contain (normalised containment)."
    )
    trap: str = Field(
        "",
        description="Why an unanswerable question is a trap: other-mission, other-year, not-indexed, ...",
    )
    anchors: tuple[str, ...] = Field((), description="The anchors of a trap that the corpus lacks.")

    @model_validator(mode="after")
    def _relevance_matches_answerability(self) -> GoldQuestion:
        if self.answerable and not self.relevant:
            raise ValueError("an answerable question needs at least one 'relevant' quote")
        if not self.answerable and self.relevant:
            raise ValueError("an unanswerable question must have an empty 'relevant' list")
        return self


def load_gold(path: Path | str) -> list[GoldQuestion]:
    """Read a gold JSONL file (blank lines are skipped).

    Raises:
        DatasetError: naming the file and line, for a missing file, bad JSON, a field that is
            missing or of the wrong type, or an id used twice.
    """
    path = Path(path)
    questions: list[GoldQuestion] = []
    first_line: dict[str, int] = {}
    for lineno, record in read_jsonl(path):
        try:
            question = GoldQuestion.model_validate(record)
        except ValidationError as exc:
            raise DatasetError(f"{path}:{lineno}: {_describe(exc)}") from exc
        if question.id in first_line:
            raise DatasetError(
                f"{path}:{lineno}: id {question.id!r} already used on line {first_line[question.id]}"
            )
        first_line[question.id] = lineno
        questions.append(question)
    if not questions:
        raise DatasetError(f"{path}: no questions: the gold file is empty")
    return questions


@dataclass(frozen=True)
class GoldQrels:
    """Qrels derived from quotes, and the quotes no passage matched (``(qid, doc_id, quote, why)``)."""

    qrels: dict[str, dict[str, int]]
    unmatched: list[tuple[str, str, str, str]] = field(default_factory=list)
    spanning: int = 0  # quotes found only across two adjacent passages


def derive_qrels(questions: Iterable[GoldQuestion], passages: Iterable[Passage]) -> GoldQrels:
    """Relevant passages per answerable question, graded by the best quote each contains.

    A quote no single passage contains, but two consecutive passages of its document do together
    (the chunker cut through it), makes both relevant; such quotes are counted in ``spanning``.
    Questions none of whose quotes match are left out of ``qrels`` and listed in ``unmatched``.
    """
    questions = [q for q in questions if q.answerable]
    wanted = {rel.doc_id for q in questions for rel in q.relevant}
    by_doc: dict[str, list[tuple[int, str, str]]] = {}
    by_label: dict[tuple[str, str], list[str]] = {}
    for passage in passages:
        if passage.doc_id in wanted:
            by_doc.setdefault(passage.doc_id, []).append(
                (passage.ordinal, passage.passage_id, normalise(passage.text))
            )
            by_label.setdefault((passage.doc_id, passage.paragraph), []).append(passage.passage_id)
    for doc_passages in by_doc.values():
        doc_passages.sort()

    qrels: dict[str, dict[str, int]] = {}
    unmatched: list[tuple[str, str, str, str]] = []
    spanning = 0
    for question in questions:
        judged: dict[str, int] = {}
        for rel in question.relevant:
            doc_passages = by_doc.get(rel.doc_id)
            if not doc_passages:
                unmatched.append((question.id, rel.doc_id, rel.quote, "document not in the index"))
                continue
            hits, spans = _find_quote(normalise(rel.quote), doc_passages)
            if (
                not hits and rel.paragraph
            ):  # re-chunked so that the quote no longer sits in one passage
                hits = by_label.get((rel.doc_id, rel.paragraph), [])
            if not hits:
                unmatched.append(
                    (
                        question.id,
                        rel.doc_id,
                        rel.quote,
                        "quote not found in the document's passages",
                    )
                )
            spanning += spans
            for pid in hits:
                judged[pid] = max(judged.get(pid, 0), rel.grade)
        if judged:
            qrels[question.id] = judged
    return GoldQrels(qrels=qrels, unmatched=unmatched, spanning=spanning)


def _find_quote(quote: str, doc_passages: list[tuple[int, str, str]]) -> tuple[list[str], int]:
    hits = [pid for _, pid, text in doc_passages if quote in text]
    if hits:
        return hits, 0
    for (_, pid_a, a), (_, pid_b, b) in zip(doc_passages, doc_passages[1:]):
        if quote in _join(a, b):
            return [pid_a, pid_b], 1
    return [], 0


def _join(a: str, b: str, min_overlap: int = 20) -> str:
    """``a`` then ``b``, without the text they share when ``b`` repeats the end of ``a`` (chunk overlap)."""
    if len(b) >= min_overlap:
        start = a.find(b[:min_overlap])
        while start != -1:
            if b.startswith(a[start:]):
                return a[:start] + b
            start = a.find(b[:min_overlap], start + 1)
    return f"{a} {b}"


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"field '{'.'.join(str(p) for p in err['loc']) or 'line'}': {err['msg']}"
        for err in exc.errors()
    )
