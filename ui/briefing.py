"""A briefing: answers and citations a user collects, ordered and annotated, exported as
Markdown or .docx with one numbering of citations, verbatim quotes and a reference list."""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date as Date
from typing import Literal

from assistant.types import Answer, AnswerSentence, Citation, Definition
from ui.formatting import reference

DEFAULT_TITLE = "Protection of Civilians: briefing"
RELATED_LABEL = (
    "Related passage, not an answer"  # the corpus did not answer the question it was found for
)


@dataclass(frozen=True)
class BriefingItem:
    """One entry: an answer (its sentences and citations), a cited passage, or a related passage
    shown after an abstention (which is never an answer and is labelled so in every export)."""

    item_id: str
    kind: Literal["answer", "citation", "related"]
    title: str
    question: str = ""
    sentences: tuple[AnswerSentence, ...] = ()
    citations: tuple[Citation, ...] = ()
    notes: str = ""
    definitions: tuple[
        Definition, ...
    ] = ()  # an answer's glossary definitions, shown before its sentences


@dataclass(frozen=True)
class Reference:
    """A numbered entry of the reference list: one passage and the sentences quoted from it."""

    n: int
    citation: Citation
    quotes: tuple[str, ...]
    related: bool = False  # only ever added as a related passage, never cited by an answer


@dataclass
class Briefing:
    title: str = DEFAULT_TITLE
    items: list[BriefingItem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.items)

    def add_answer(self, answer: Answer) -> BriefingItem:
        if answer.abstained:
            raise ValueError(
                "an abstention is not an answer: add its related passages one by one instead"
            )
        item = BriefingItem(
            _new_id(),
            "answer",
            answer.question,
            answer.question,
            tuple(answer.sentences),
            tuple(answer.citations),
            definitions=tuple(answer.definitions),
        )
        self.items.append(item)
        return item

    def add_citation(
        self, citation: Citation, question: str = "", *, related: bool = False
    ) -> BriefingItem:
        """Add one passage, whole, with its cited sentence; ``related`` marks a passage shown after
        an abstention, which the exports label as not an answer."""
        kind = "related" if related else "citation"
        item = BriefingItem(
            _new_id(), kind, citation.title or citation.doc_id, question, (), (citation,)
        )
        self.items.append(item)
        return item

    def move(self, item_id: str, step: int) -> None:
        """Move an item ``step`` places (-1 up, +1 down), stopping at either end."""
        i = self._index(item_id)
        j = min(max(i + step, 0), len(self.items) - 1)
        self.items.insert(j, self.items.pop(i))

    def remove(self, item_id: str) -> None:
        del self.items[self._index(item_id)]

    def edit(self, item_id: str, *, title: str | None = None, notes: str | None = None) -> None:
        i = self._index(item_id)
        item = self.items[i]
        self.items[i] = replace(
            item,
            title=item.title if title is None else (title.strip() or item.title),
            notes=item.notes if notes is None else notes,
        )

    def _index(self, item_id: str) -> int:
        for i, item in enumerate(self.items):
            if item.item_id == item_id:
                return i
        raise KeyError(f"no briefing item {item_id!r}")

    def references(self) -> tuple[list[Reference], list[dict[int, int]]]:
        """The reference list, numbered in order of first use, and per item its local -> global numbers."""
        order: dict[str, int] = {}
        first: dict[str, Citation] = {}
        quotes: dict[str, list[str]] = {}
        cited: set[str] = set()  # passages some item cites (not only shows as related)
        mappings = []
        for item in self.items:
            local = {}
            for c in item.citations:
                if c.passage_id not in order:
                    order[c.passage_id] = len(order) + 1
                    first[c.passage_id] = c
                    quotes[c.passage_id] = []
                if item.kind != "related":
                    cited.add(c.passage_id)
                for quote in _quotes(item, c):
                    if quote not in quotes[c.passage_id]:
                        quotes[c.passage_id].append(quote)
                local[c.n] = order[c.passage_id]
            mappings.append(local)
        refs = [
            Reference(n, first[pid], tuple(quotes[pid]), pid not in cited)
            for pid, n in order.items()
        ]
        return refs, mappings


def _new_id() -> str:
    return secrets.token_urlsafe(16)  # unguessable, as conversation ids (ui.conversation)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _quote(c: Citation) -> str:
    """The verbatim sentence cited from a passage; the whole passage when no sentence was cited."""
    return _squash(c.quote or c.text)


def _quotes(item: BriefingItem, c: Citation) -> list[str]:
    """Every verbatim span ``item`` quotes from ``c``: its cited sentence and, for an answer, each
    answer sentence citing it that is word for word in the passage (generated sentences are not)."""
    spans = [_quote(c)] if c.quote or item.kind != "answer" else []
    passage = _squash(c.text)
    for s in item.sentences:
        text = _squash(s.text)
        if c.n in s.citations and text and text in passage and text not in spans:
            spans.append(text)
    return [q for q in spans if q]


def passage_parts(c: Citation) -> tuple[str, str, str]:
    """The whole passage as (before, cited sentence, after), whitespace squashed, verbatim."""
    start, end = c.quote_start, c.quote_end
    if start is None or end is None or not 0 <= start < end <= len(c.text):
        return _squash(c.text), "", ""
    before, quote, after = c.text[:start], c.text[start:end], c.text[end:]
    lead = " " if before[-1:].isspace() or quote[:1].isspace() else ""
    trail = " " if after[:1].isspace() or quote[-1:].isspace() else ""
    return _squash(before) + lead, _squash(quote), trail + _squash(after)


def _marks(numbers: Iterable[int], mapping: dict[int, int]) -> str:
    return "".join(f"[{mapping[n]}]" for n in numbers if n in mapping)


def _verdict(s: AnswerSentence) -> str:
    return f" ({s.verdict})" if s.verdict in ("partly", "unsupported") else ""


def item_text(item: BriefingItem, mapping: dict[int, int], *, bold: str = "") -> str:
    """The item's text with the briefing's citation numbers. A passage item is the whole passage,
    verbatim, its cited sentence wrapped in ``bold`` (e.g. ``"**"`` for Markdown)."""
    if item.kind == "answer":
        body = " ".join(
            f"{s.text} {_marks(s.citations, mapping)}{_verdict(s)}".strip() for s in item.sentences
        )
        return "\n\n".join([*(d.line for d in item.definitions), *([body] if body else [])])
    c = item.citations[0]
    before, quote, after = passage_parts(c)
    body = f"{before}{bold}{quote}{bold}{after}" if quote else before
    return f"“{body.strip()}” {_marks([c.n], mapping)}"


def item_label(item: BriefingItem) -> str:
    """What kind of evidence the item is, in words; empty for an answer."""
    if item.kind == "related":
        return RELATED_LABEL
    return "Cited passage" if item.kind == "citation" else ""


def _footer(corpus_version: str, on: Date) -> str:
    return f"Generated by pocdoc on {on.isoformat()} from corpus version {corpus_version}."


def to_markdown(briefing: Briefing, *, corpus_version: str, on: Date | None = None) -> str:
    """The briefing as a Markdown document."""
    on = on or Date.today()
    refs, mappings = briefing.references()
    lines = [f"# {briefing.title}", "", f"Prepared {on.isoformat()}.", ""]
    for i, (item, mapping) in enumerate(zip(briefing.items, mappings), 1):
        lines += [f"## {i}. {item.title}", ""]
        if item_label(item):
            lines += [f"**{item_label(item)}**", ""]
        if item.question and item.question != item.title:
            lines += [f"*Question:* {item.question}", ""]
        lines += [item_text(item, mapping, bold="**"), ""]
        if item.notes.strip():
            lines += [f"*Notes:* {item.notes.strip()}", ""]
    lines += ["## References", ""]
    for ref in refs:
        lines += [f"[{ref.n}] {reference(ref.citation)}{_ref_label(ref)}", ""]
        lines += [f"> “{q}”\n" for q in ref.quotes]
    lines += ["---", "", _footer(corpus_version, on), ""]
    return "\n".join(lines)


def _ref_label(ref: Reference) -> str:
    return f" ({RELATED_LABEL.lower()})" if ref.related else ""


def _passage_paragraph(doc, item: BriefingItem, mapping: dict[int, int]) -> None:
    """The whole passage as a quote, its cited sentence in bold."""
    c = item.citations[0]
    before, quote, after = passage_parts(c)
    p = doc.add_paragraph(style="Quote")
    p.add_run("“" + before.lstrip())
    if quote:
        p.add_run(quote).bold = True
        p.add_run(after.rstrip())
    p.add_run(f"” {_marks([c.n], mapping)}")


def to_docx(briefing: Briefing, *, corpus_version: str, on: Date | None = None) -> bytes:
    """The briefing as a Word document (.docx bytes)."""
    from docx import Document

    on = on or Date.today()
    refs, mappings = briefing.references()
    doc = Document()
    doc.core_properties.title = briefing.title
    doc.add_heading(briefing.title, level=0)
    doc.add_paragraph(f"Prepared {on.isoformat()}.")
    for i, (item, mapping) in enumerate(zip(briefing.items, mappings), 1):
        doc.add_heading(f"{i}. {item.title}", level=1)
        if item_label(item):
            doc.add_paragraph().add_run(item_label(item)).bold = True
        if item.question and item.question != item.title:
            p = doc.add_paragraph()
            p.add_run("Question: ").bold = True
            p.add_run(item.question)
        if item.kind == "answer":
            doc.add_paragraph(item_text(item, mapping))
        else:
            _passage_paragraph(doc, item, mapping)
        if item.notes.strip():
            p = doc.add_paragraph()
            p.add_run("Notes: ").bold = True
            p.add_run(item.notes.strip()).italic = True
    doc.add_heading("References", level=1)
    for ref in refs:
        doc.add_paragraph(f"[{ref.n}] {reference(ref.citation)}{_ref_label(ref)}")
        for q in ref.quotes:
            doc.add_paragraph(f"“{q}”", style="Quote")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = _footer(corpus_version, on)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
