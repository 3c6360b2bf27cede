"""What a reader sees in an answer, measured: key facts, fragments, length and repetition.

No library measures these, so they are small and spelled out here:

- **key-fact recall**: the share of a gold question's key facts that occur in the answer's text
  (definitions included), after :func:`eval.datasets.normalise`; an abstention finds none.
- **fragments**: answer sentences that are headings, titles, bylines or pieces of a sentence
  (:func:`assistant.answers.blocks.is_heading_like`, under five words, or starting in lower case);
  a quoted table row, alone or after its caption, is none of these: its headers say what its
  figures are (:func:`assistant.answers.quoted_row`).
- **length**: words in the answer text.
- **redundancy**: for each answer, the highest content-word overlap (share of the smaller
  sentence's words) between two of its sentences; 0 for one-sentence answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from assistant.answers import is_heading_like, quoted_row
from assistant.text import content_words
from assistant.types import Answer
from eval.datasets import normalise

_MIN_WORDS = 5


@dataclass(frozen=True)
class AnswerQuality:
    key_facts: int
    key_facts_found: int
    fragments: int
    sentences: int
    words: int
    redundancy: float


def answer_quality(answer: Answer, key_facts: Sequence[str]) -> AnswerQuality:
    """The reader-facing measures of one answer against its question's key facts."""
    if answer.abstained:
        return AnswerQuality(len(key_facts), 0, 0, 0, 0, 0.0)
    text = normalise(
        " ".join(
            [
                *(f"{d.term} {d.full} {d.text}" for d in answer.definitions),
                *(s.text for s in answer.sentences),
            ]
        )
    )
    found = sum(1 for fact in key_facts if normalise(fact) in text)
    sentences = [s.text for s in answer.sentences]
    return AnswerQuality(
        key_facts=len(key_facts),
        key_facts_found=found,
        fragments=sum(1 for s in sentences if is_fragment(s)),
        sentences=len(sentences),
        words=len(answer.answer.split()),
        redundancy=redundancy(sentences),
    )


def is_fragment(sentence: str) -> bool:
    """A heading, title or byline, or a piece of a sentence, shown as if it were a statement."""
    if quoted_row(sentence.strip()):
        return False
    first = sentence.strip().splitlines()[0] if sentence.strip() else ""
    words = first.split()
    return len(sentence.split()) < _MIN_WORDS or is_heading_like(first) or words[0][0].islower()


def redundancy(sentences: Sequence[str]) -> float:
    """The highest content-word overlap between two sentences of one answer (0 to 1)."""
    bags = [content_words(s) for s in sentences]
    overlaps = [len(a & b) / min(len(a), len(b)) for a, b in combinations(bags, 2) if a and b]
    return max(overlaps, default=0.0)
