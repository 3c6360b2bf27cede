"""Plain-text rendering of answers and citations, for the terminal and for exports."""

from __future__ import annotations

import re
import textwrap

from assistant.types import Answer, Citation, Hit


def locator(c: Citation) -> str:
    """Where in the document: 'p. 3, para. 12' / 'Art. 27' / section."""
    parts = []
    if c.page is not None:
        parts.append(f"p. {c.page}")
    if c.paragraph:
        parts.append(
            c.paragraph
            if c.paragraph.lower().startswith(("art", "para"))
            else f"para. {c.paragraph}"
        )
    return ", ".join(parts)


def reference(c: Citation) -> str:
    """One reference-list line: title, symbol, type, date, place."""
    bits = [c.title or c.doc_id]
    if c.symbol:
        bits.append(c.symbol)
    bits.append(c.doc_type)
    if c.date:
        bits.append(c.date)
    where = locator(c)
    if where:
        bits.append(where)
    if c.section:
        bits.append(f"section: {c.section}")
    if c.ocr_confidence is not None:
        bits.append(ocr_note(c.ocr_confidence))
    return ", ".join(b for b in bits if b)


def ocr_note(confidence: float) -> str:
    """Said of a passage whose text was read by OCR from a scan, so a reader checks the scan."""
    return f"text read by OCR, confidence {confidence:.0f}%"


def render_answer(answer: Answer, *, width: int = 100, show_passages: bool = False) -> str:
    lines = []
    if answer.notice:
        lines.append(f"note: {answer.notice}")
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines.append(f"(understood as: {answer.standalone_question})")
    if answer.abstained:
        lines.append(textwrap.fill(answer.answer, width))
        if answer.related:
            lines.append("")
            lines.append("Related passages (not an answer):")
            for c in answer.related:
                lines.append(f"  - {reference(c)}")
                lines.append(
                    textwrap.indent(textwrap.fill(_clip(c.text, 300), width - 6), "      ")
                )
        return "\n".join(lines)
    for d in answer.definitions:  # the glossary's definitions first, each with its source
        lines.append(textwrap.fill(d.line, width))
    if answer.definitions and answer.sentences:
        lines.append("")
    for s in answer.sentences:
        marks = "".join(f"[{n}]" for n in s.citations)
        verdict = f" ({s.verdict})" if s.verdict else ""
        lines.append(textwrap.fill(f"{s.text} {marks}{verdict}", width))
    lines.append("")
    if not answer.citations:  # a glossary definition alone: its source is on its line
        lines.append(
            "No indexed passage uses the term; the definition above is the glossary's, with its source."
        )
        return "\n".join(lines)
    lines.append("Sources:")
    for c in answer.citations:
        lines.append(f"  [{c.n}] {reference(c)}")
        if c.quote:
            lines.append(
                textwrap.indent(
                    textwrap.fill(f'"{" ".join(c.quote.split())}"', width - 6), "      "
                )
            )
        if show_passages:
            lines.append(textwrap.indent(textwrap.fill(c.text, width - 6), "      | "))
    return "\n".join(lines)


def render_hit(hit: Hit, *, width: int = 100) -> str:
    p = hit.passage
    where = []
    if p.symbol:
        where.append(p.symbol)
    if p.page is not None:
        where.append(f"p. {p.page}")
    if p.paragraph:
        where.append(
            p.paragraph if p.paragraph.lower().startswith("art") else f"para. {p.paragraph}"
        )
    if p.ocr_confidence is not None:
        where.append(ocr_note(p.ocr_confidence))
    head = f"#{hit.rank} [{hit.score:.4f}] {p.title or p.doc_id}" + (
        f" ({', '.join(where)})" if where else ""
    )
    section = f"    section: {p.section_label}" if p.section else ""
    body = textwrap.indent(textwrap.fill(_clip(p.text, 600), width - 4), "    ")
    return "\n".join(x for x in (head, section, body) if x)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# Markdown renderers (Streamlit) must never interpret corpus or user text: every ASCII
# punctuation mark CommonMark can escape is escaped, plus Streamlit's own `:` directives and `$` math.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&\"'=^")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders literally (no links, emphasis, HTML, math or directives)."""
    out = []
    for ch in text:
        if ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def highlight_markdown(text: str, start: int | None, end: int | None) -> str:
    """``text`` escaped as Markdown, with ``text[start:end]`` (the cited sentence) highlighted.

    Whitespace at the edges of the quote moves outside the highlight so the directive and the
    bold markers always parse; runs of whitespace collapse to one space.
    """
    if (
        start is None
        or end is None
        or not 0 <= start < end <= len(text)
        or not text[start:end].strip()
    ):
        return escape_markdown(_squash(text).strip())
    before, quote, after = text[:start], text[start:end], text[end:]
    before += quote[: len(quote) - len(quote.lstrip())]
    after = quote[len(quote.rstrip()) :] + after
    body = escape_markdown(_squash(quote).strip())
    return f"{escape_markdown(_squash(before).lstrip())}:orange-background[**{body}**]{escape_markdown(_squash(after).rstrip())}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def local_time(timestamp: float, *, seconds: bool = False) -> str:
    """``timestamp`` (seconds since the epoch) as an ISO 8601 date and time in this machine's
    time zone, the zone stated twice: as the offset and by name ("2026-12-06T23:59+01:00 CET")."""
    from datetime import datetime

    moment = datetime.fromtimestamp(timestamp).astimezone()
    iso = moment.isoformat(timespec="seconds" if seconds else "minutes")
    name = moment.tzname() or ""
    return f"{iso} {name}" if name and not name.startswith(("+", "-")) else iso
