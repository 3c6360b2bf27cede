"""A document's paragraphs, as the alignment sees them, made from its indexed passages.

A paragraph the loader cut in two (at a page break, or because it was long) comes back whole:
consecutive passages with the same paragraph number are joined, the sentences a long paragraph's
windows repeat (their overlap) kept once, and their stored vectors averaged. The paragraph's own number ("12. ") is taken off its text, because it moves between
editions while the words stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.types import Passage

_MIN_OVERLAP = 3  # fewer shared words at a cut are chance ("... of the" / "the ..."), not overlap
_OWN_NUMBER = re.compile(r"^\s*(?:\(?[0-9]{1,3}[.)]|\([a-z]\))\s+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of one document, with where it is (for citing it)."""

    index: int  # position among the document's paragraphs, from 0
    text: str  # without its own number
    number: str = ""  # the document's own number, e.g. "12" (empty when unnumbered)
    page: int | None = None
    page_end: int | None = None
    section: str = ""
    passage_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How a citation names it: "para. 12, p. 4", or "paragraph 7 (unnumbered), p. 4"."""
        where = (
            f"para. {self.number}" if self.number else f"paragraph {self.index + 1} (unnumbered)"
        )
        if self.number.startswith("note"):
            where = self.number
        if self.page is not None:
            pages = (
                f"pp. {self.page}-{self.page_end}"
                if self.page_end and self.page_end != self.page
                else f"p. {self.page}"
            )
            where += f", {pages}"
        return where


def paragraphs_of(
    passages: Sequence[Passage], vectors: np.ndarray
) -> tuple[list[Paragraph], np.ndarray]:
    """Paragraphs of one document (passages in reading order) and one unit vector each."""
    if len(passages) != len(vectors):
        raise ValueError(f"{len(vectors)} vectors for {len(passages)} passages")
    groups: list[list[int]] = []
    for i, passage in enumerate(passages):
        previous = passages[groups[-1][-1]] if groups else None
        if previous is not None and passage.paragraph and passage.paragraph == previous.paragraph:
            groups[-1].append(i)
        else:
            groups.append([i])
    paragraphs = []
    dimension = vectors.shape[1] if vectors.ndim == 2 else 0
    out = np.zeros((len(groups), dimension), dtype=np.float32)
    for index, members in enumerate(groups):
        first, last = passages[members[0]], passages[members[-1]]
        text = _joined([passages[i].text for i in members])
        paragraphs.append(
            Paragraph(
                index=index,
                text=_OWN_NUMBER.sub("", text, count=1) if first.paragraph else text,
                number=first.paragraph,
                page=first.page,
                page_end=last.page_end or last.page,
                section=first.section_label,
                passage_ids=tuple(passages[i].passage_id for i in members),
            )
        )
        if dimension:
            mean = vectors[members].mean(axis=0)
            norm = float(np.linalg.norm(mean))
            out[index] = mean / norm if norm else mean
    return paragraphs, out


def _joined(texts: Sequence[str]) -> str:
    """Passages of one paragraph as one text: where a passage starts with the words the previous
    one ended with (the sentence windows of a long paragraph overlap), those words are kept once."""
    words: list[str] = []
    for text in texts:
        more = text.split()
        overlap = next(
            (
                k
                for k in range(min(len(words), len(more)), _MIN_OVERLAP - 1, -1)
                if words[-k:] == more[:k]
            ),
            0,
        )
        words.extend(more[overlap:])
    return " ".join(words)
