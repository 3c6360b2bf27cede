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


def test_a_newer_paragraph_that_took_two_older_ones_stands_beside_each() -> None:
    def edition(symbol: str, texts: list[str]) -> Edition:
        record = DocumentRecord(symbol.lower(), "Report", "report", date="2019", symbol=symbol)
        paragraphs = tuple(Paragraph(i, t, str(i + 1), page=1) for i, t in enumerate(texts))
        return Edition(record, paragraphs, np.zeros((len(texts), 4)))

    old = edition("S/2019/1", ["The police recruited 500 officers.", "The police trained 200."])
    new = edition("S/2019/2", ["The police recruited 500 officers and trained 200."])
    pairs = tuple(
        AlignedPair("revised", i, 0, 0.8, False, word_diff(p.text, new.paragraphs[0].text),
                    0.4, shared=2)
        for i, p in enumerate(old.paragraphs)
    )  # fmt: skip
    c = Comparison(old, new, pairs)
    text = compare_format.to_text(c)
    label = "== revised, merged (one of 2 older paragraphs carried into this one)"
    assert text.count(label) == 2 and text.count("new: S/2019/2 (2019), para. 1, p. 1") == 2
    assert "(0 moved, 1 merged)" in compare_format.summary(c)
    assert compare_format.to_markdown(c).count("### Revised, merged (one of 2 older") == 2
    again = compare_format.from_json(c.to_dict(), {})
    assert [p.shared for p in again.pairs] == [2, 2]


def test_a_merged_newer_paragraph_shown_whole_is_written_once() -> None:
    def edition(symbol: str, texts: list[str]) -> Edition:
        record = DocumentRecord(symbol.lower(), "Report", "report", date="2019", symbol=symbol)
        paragraphs = tuple(Paragraph(i, t, str(i + 1), page=1) for i, t in enumerate(texts))
        return Edition(record, paragraphs, np.zeros((len(texts), 4)))

    old = edition("S/2019/1", ["Cholera cases fell to 308.", "Cholera vaccination went on."])
    new = edition("S/2019/2", [NEW_TEXT])
    pairs = tuple(
        AlignedPair("revised", i, 0, 0.8, False, word_diff(p.text, NEW_TEXT), 0.9, shared=2)
        for i, p in enumerate(old.paragraphs)
    )
    c = Comparison(old, new, pairs)
    assert compare_format.as_above(list(c.rows())) == [False, True]
    text = compare_format.to_text(c)
    assert text.count(f"now: {NEW_TEXT}") == 1 and "now: (the same paragraph as above)" in text
    md = compare_format.to_markdown(c)
    assert md.count(f"Now: {NEW_TEXT}") == 1 and "Now: (the same paragraph as above)" in md
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(compare_format.to_docx(c))).paragraphs]
    assert paragraphs.count(f"Now: {NEW_TEXT}") == 1
