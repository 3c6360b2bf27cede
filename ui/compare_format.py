"""A comparison of two editions as text (the terminal), Markdown and .docx (exports).

Every row cites both sides the same way: the document's symbol (or short title), its date, then
the paragraph and page ("S/2019/563 (2019-07-09), para. 12, p. 4"). A revised pair shows its
word diff: in text as ``[-taken out-]{+put in+}`` (git's word-diff marks), in Markdown as
~~struck~~ and **bold**, in .docx as struck-through and bold runs; a pair rewritten past
:data:`REWRITTEN` is shown as its two paragraphs instead, a diff of it being unreadable. A newer
paragraph that took several older ones stands once beside each of them, labelled "merged"; shown
whole, its text is written once, the rows after the first saying :data:`AS_ABOVE`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from assistant.editions import (
    ADDED,
    REMOVED,
    AlignedPair,
    Comparison,
    Edition,
    Paragraph,
    Row,
    Span,
)
from assistant.types import DocumentRecord

_SHOWN = ("revised", "new", "dropped")  # unchanged rows are counted, shown only on request
# A pair whose diff changes more than this share of words reads better as two paragraphs than as
# a diff: it is shown whole on both sides, labelled "rewritten".
REWRITTEN = 0.6
AS_ABOVE = "(the same paragraph as above)"


def cite(edition: Edition, paragraph: Paragraph) -> str:
    """ "S/2019/563 (2019-07-09), para. 12, p. 4"."""
    date = f" ({edition.record.date})" if edition.record.date else ""
    return f"{edition.name}{date}, {paragraph.label}"


def summary(comparison: Comparison) -> str:
    """One line: what changed, in counts."""
    c = comparison.counts()
    topic = f" on '{comparison.topic}'" if comparison.topic else ""
    return (
        f"{comparison.old.name} -> {comparison.new.name}{topic}: {c['revised']} revised, "
        f"{c['new']} new, {c['dropped']} dropped, {c['unchanged']} unchanged "
        f"({c['moved']} moved, {c['merged']} merged); {comparison.old.name} has {len(comparison.old.paragraphs)} "
        f"paragraphs, {comparison.new.name} {len(comparison.new.paragraphs)}"
    )


def shown_rows(comparison: Comparison, *, unchanged: bool = False) -> list[Row]:
    return [r for r in comparison.rows() if unchanged or r.pair.status in _SHOWN]


def as_above(rows: list[Row]) -> list[bool]:
    """Whether each row's newer paragraph is the row before's (one that took several older
    ones): its text need not be written again."""
    return [
        k > 0 and row.new is not None and rows[k - 1].new is not None
        and rows[k - 1].new.index == row.new.index  # type: ignore[union-attr]
        for k, row in enumerate(rows)
    ]  # fmt: skip


def status_label(row: Row) -> str:
    label = row.pair.status
    if rewritten(row):
        label += f", rewritten ({round(100 * row.pair.changed)}% of words changed)"
    if row.pair.shared > 1:
        label += f", merged (one of {row.pair.shared} older paragraphs carried into this one)"
    return label + (", moved" if row.pair.moved else "")


def rewritten(row: Row) -> bool:
    return row.pair.status == "revised" and row.pair.changed > REWRITTEN


def diffed(row: Row) -> bool:
    """Whether the row is shown as a word diff (a revised pair that is not rewritten)."""
    return row.pair.status == "revised" and not rewritten(row)


def to_text(comparison: Comparison, *, unchanged: bool = False) -> str:
    lines = [summary(comparison), ""]
    rows = shown_rows(comparison, unchanged=unchanged)
    for row, repeated in zip(rows, as_above(rows), strict=True):
        lines.append(f"== {status_label(row)}")
        if row.old is not None:
            lines.append(f"   old: {cite(comparison.old, row.old)}")
        if row.new is not None:
            lines.append(f"   new: {cite(comparison.new, row.new)}")
        if diffed(row):
            lines.append("   " + _marked(row.pair.diff, "[-", "-]", "{+", "+}"))
        elif rewritten(row) and row.old is not None and row.new is not None:
            lines += [
                f"   was: {row.old.text}",
                f"   now: {AS_ABOVE if repeated else row.new.text}",
            ]
        else:
            paragraph = row.new if row.new is not None else row.old
            lines.append("   " + (paragraph.text if paragraph is not None else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(comparison: Comparison, *, unchanged: bool = False) -> str:
    old, new = comparison.old, comparison.new
    lines = [
        f"# What changed: {old.name} → {new.name}",
        "",
        f"- Older: {old.record.title} ({old.name}, {old.record.date or 'undated'})",
        f"- Newer: {new.record.title} ({new.name}, {new.record.date or 'undated'})",
    ]
    if comparison.topic:
        lines.append(f"- Topic: {comparison.topic}")
    lines += ["", summary(comparison), ""]
    rows = shown_rows(comparison, unchanged=unchanged)
    for row, repeated in zip(rows, as_above(rows), strict=True):
        sides = " → ".join(cite(e, p) for e, p in ((old, row.old), (new, row.new)) if p is not None)
        lines += [f"### {status_label(row).capitalize()}: {sides}", ""]
        if diffed(row):
            lines.append(_marked(row.pair.diff, "~~", "~~", "**", "**"))
        elif rewritten(row) and row.old is not None and row.new is not None:
            lines += [f"Was: {row.old.text}", "", f"Now: {AS_ABOVE if repeated else row.new.text}"]
        else:
            paragraph = row.new if row.new is not None else row.old
            lines.append("> " + (paragraph.text if paragraph is not None else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_docx(comparison: Comparison, *, unchanged: bool = False) -> bytes:
    """The comparison as a Word document: one heading per row, the diff in struck and bold runs."""
    from docx import Document

    doc = Document()
    old, new = comparison.old, comparison.new
    doc.add_heading(f"What changed: {old.name} → {new.name}", level=1)
    doc.add_paragraph(summary(comparison))
    rows = shown_rows(comparison, unchanged=unchanged)
    for row, repeated in zip(rows, as_above(rows), strict=True):
        sides = " → ".join(cite(e, p) for e, p in ((old, row.old), (new, row.new)) if p is not None)
        doc.add_heading(f"{status_label(row).capitalize()}: {sides}", level=3)
        paragraph = doc.add_paragraph()
        if diffed(row):
            for span in row.pair.diff:
                run = paragraph.add_run(span.text + " ")
                run.font.strike = span.op == REMOVED
                run.bold = span.op == ADDED
        elif rewritten(row) and row.old is not None and row.new is not None:
            paragraph.add_run(f"Was: {row.old.text}")
            doc.add_paragraph().add_run(f"Now: {AS_ABOVE if repeated else row.new.text}")
        else:
            side = row.new if row.new is not None else row.old
            paragraph.add_run(side.text if side is not None else "")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _marked(
    spans: Iterable[Span], rm_open: str, rm_close: str, add_open: str, add_close: str
) -> str:
    parts = []
    for span in spans:
        if span.op == REMOVED:
            parts.append(f"{rm_open}{span.text}{rm_close}")
        elif span.op == ADDED:
            parts.append(f"{add_open}{span.text}{add_close}")
        else:
            parts.append(span.text)
    return " ".join(parts)


def from_json(data: dict[str, Any], records: dict[str, DocumentRecord]) -> Comparison:
    """The :class:`Comparison` whose ``to_dict()`` (`pocdoc compare --json`, the server's
    ``/v1/compare``) is ``data``, each side with its full record from ``records`` (doc id ->
    record). Paragraphs in no pair are known by their count only (their text is empty); the
    stored vectors are not sent, so the editions have none."""
    import numpy as np

    pairs = [  # each side of a pair is sent as its paragraph; the pair holds its index
        AlignedPair.from_dict({**p, **{k: p[k] and p[k]["index"] for k in ("old", "new")}})
        for p in data["pairs"]
    ]
    sides = []
    for side in ("old", "new"):
        head = data[side]
        known = {p[side]["index"]: p[side] for p in data["pairs"] if p[side] is not None}
        paragraphs = tuple(
            _paragraph(known[i]) if i in known else Paragraph(i, "")
            for i in range(int(head["paragraphs"]))
        )
        record = records.get(head["doc_id"]) or DocumentRecord(
            head["doc_id"], head["title"], date=head["date"], symbol=head["symbol"]
        )
        sides.append(Edition(record, paragraphs, np.zeros((0, 0), dtype=np.float32)))
    return Comparison(sides[0], sides[1], tuple(pairs), data["topic"], data["cached"],
                      float(data["seconds"]))  # fmt: skip


def _paragraph(data: dict[str, Any]) -> Paragraph:
    return Paragraph(
        data["index"], data["text"], data["number"], data["page"], data["page_end"],
        data["section"], tuple(data["passage_ids"]),
    )  # fmt: skip
