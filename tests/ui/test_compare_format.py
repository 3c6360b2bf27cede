"""The text, Markdown and .docx of a comparison built here by hand (no index)."""

from __future__ import annotations

import io

import numpy as np

from assistant.editions import AlignedPair, Comparison, Edition, Paragraph, word_diff
from assistant.types import DocumentRecord
from ui import compare_format

OLD_TEXT = "Cholera cases fell to 308 in the first quarter."
NEW_TEXT = "No laboratory-confirmed cholera case has been recorded since February."


def comparison(old_text: str, new_text: str, changed: float) -> Comparison:
    def edition(symbol: str, date: str, text: str) -> Edition:
        record = DocumentRecord(symbol.lower(), "Report", "report", date=date, symbol=symbol)
        return Edition(record, (Paragraph(0, text, "12", page=4),), np.zeros((1, 4)))

    diff = word_diff(old_text, new_text)
    pair = AlignedPair("revised", 0, 0, 0.7, False, diff, changed)
    return Comparison(
        edition("S/2019/563", "2019-07-09", old_text),
        edition("S/2019/805", "2019-10-09", new_text),
        (pair,),
    )


def test_a_small_revision_is_shown_as_a_word_diff() -> None:
    c = comparison(OLD_TEXT, OLD_TEXT.replace("308", "298"), 0.1)
    text = compare_format.to_text(c)
    assert "[-308-] {+298+}" in text and "old: S/2019/563 (2019-07-09), para. 12, p. 4" in text
    assert "~~308~~ **298**" in compare_format.to_markdown(c)


def test_a_rewritten_pair_is_shown_whole_on_both_sides() -> None:
    c = comparison(OLD_TEXT, NEW_TEXT, 0.8)
    text = compare_format.to_text(c)
    assert "== revised, rewritten (80% of words changed)" in text
    assert f"   was: {OLD_TEXT}" in text and f"   now: {NEW_TEXT}" in text
    assert "[-" not in text
    md = compare_format.to_markdown(c)
    assert f"Was: {OLD_TEXT}" in md and "~~" not in md
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(compare_format.to_docx(c))).paragraphs]
    assert f"Was: {OLD_TEXT}" in paragraphs and f"Now: {NEW_TEXT}" in paragraphs
