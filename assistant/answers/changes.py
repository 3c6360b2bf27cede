"""Change questions answered in the chat and by `pocdoc ask`, from the editions' alignment.

"What changed between S/2018/795 and S/2018/1059 on prisons?" is answered with aligned pairs,
each the older paragraph then the newer one, both cited (and, where the topic's paragraphs have
no counterpart, the newer report's new ones and the older report's dropped ones); "how did gangs
evolve in MINUJUSTH's reports?" with the topic's paragraphs per report, its first mention and
its latest, both cited; "since when does MINUJUSTH's reporting mention gangs?" with the dated
first mention and the latest; "when did UNMIK's reports stop mentioning returns?" with the last
mention and the report after it. Never with passages of one side only: an answer that cannot
show both says why and abstains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.editions import (
    ChangeQuestion,
    CompareError,
    Comparison,
    Edition,
    Paragraph,
    Series,
    Shelf,
    TrendPoint,
    first_mention,
    last_mention,
    read_change_question,
    trend,
)
from assistant.glossary import Glossary
from assistant.text import content_words
from assistant.types import Answer, AnswerSentence, Citation, Hit, Passage

PAIRS_SHOWN = 3  # aligned pairs quoted, the most on-topic first
ONE_SIDE_SHOWN = 1  # new and dropped paragraphs quoted, each
_CUE = re.compile(
    r"^\s*(?:what\s+(?:has\s+|have\s+)?changed?\b|how\s+(?:did|has|have|does|do)\b.+"
    r"\b(?:evolve|evolved|change|changed)\b|since\s+when\b|when\s+did\b)",
    re.IGNORECASE,
)


def looks_like_change(question: str) -> bool:
    """Whether ``question`` opens as a change question (before the index is read at all)."""
    return bool(_CUE.match(question))


def change_answer(assistant: Any, question: str) -> Answer | None:
    """:func:`answer_change` over the index an :class:`~assistant.answers.Assistant` answers from
    (typed loosely: answering imports this module); None at once for a question that does not
    open as a change question."""
    if not looks_like_change(question):
        return None
    settings = assistant.settings
    return answer_change(
        question,
        home=settings.home,
        glossary=assistant.glossary,
        corpus_dir=settings.corpus_dir,
        embed_topic=assistant.engine.embedder.encode_query,
        passage=assistant.engine.passage,
        common={
            "question": question,
            "standalone_question": question,
            "settings": settings.public_dict(),
            "mode": "extractive",
        },
    )


def answer_change(
    question: str,
    *,
    home: Path,
    glossary: Glossary | None,
    corpus_dir: Path | None,
    embed_topic: Callable[[str], np.ndarray],
    passage: Callable[[str], Passage | None],
    common: dict[str, Any],
) -> Answer | None:
    """The answer to a change question about indexed series, or None when ``question`` is none
    (the caller answers it as any other question)."""
    shelf = Shelf.open(home, glossary=glossary, corpus_dir=corpus_dir)
    try:
        asked = read_change_question(question, shelf)
        if asked is None:
            return None
        writer = _Writer(passage)
        if asked.kind == "compare":
            comparison = shelf.compare(
                asked.old_id, asked.new_id, topic=asked.topic, embed_topic=embed_topic
            )
            vector = embed_topic(asked.topic) if asked.topic.strip() else None
            message = _compared(comparison, vector, writer)
        elif asked.series is not None:
            points = trend(shelf.ledger, asked.series, asked.topic, embed_topic=embed_topic)
            vector = embed_topic(asked.topic)
            message = _traced(asked, asked.series, points, vector, writer)
        else:
            return None
    except CompareError as exc:
        return Answer(answer=str(exc), abstained=True, citations=(), **_common(common))
    finally:
        shelf.ledger.close()
    text = " ".join([message, *(f"{s.text} [{s.citations[0]}]" for s in writer.sentences)])
    return Answer(
        answer=text.strip(),
        abstained=not writer.citations,
        citations=tuple(writer.citations),
        sentences=(AnswerSentence(message, ()), *writer.sentences),  # the counts, then the quotes
        **_common(common),
    )


def _common(common: dict[str, Any]) -> dict[str, Any]:
    return {**common, "form": "change", "evidence_score": 1.0}


class _Writer:
    """Quoted paragraphs and their numbered citations, in the order written."""

    def __init__(self, passage: Callable[[str], Passage | None]) -> None:
        self.passage = passage
        self.sentences: list[AnswerSentence] = []
        self.citations: list[Citation] = []

    def quote(self, lead: str, edition: Edition, paragraph: Paragraph) -> None:
        from assistant.answers.composer import citation_for

        first = self.passage(paragraph.passage_ids[0]) if paragraph.passage_ids else None
        if first is None:
            return
        n = len(self.citations) + 1
        self.citations.append(citation_for(Hit(first, 1.0, n), n))
        r = edition.record
        self.sentences.append(
            AnswerSentence(
                f"{lead} ({edition.name}, {r.date}, {paragraph.label}): {paragraph.text}",
                (n,),
                label=paragraph.label,
            )
        )


def _relevance(edition: Edition, topic: str, vector: np.ndarray | None) -> np.ndarray:
    """How much each paragraph is about ``topic``: cosine to its vector, +1 holding its words."""
    out = np.zeros(len(edition.paragraphs))
    if vector is not None and edition.vectors.size:
        out += edition.vectors @ (vector / (float(np.linalg.norm(vector)) or 1.0))
    words = content_words(topic)
    if words:
        out += [words <= content_words(p.text) for p in edition.paragraphs]
    return out


def _compared(comparison: Comparison, vector: np.ndarray | None, writer: _Writer) -> str:
    old, new = comparison.old, comparison.new
    rel_old = _relevance(old, comparison.topic, vector)
    rel_new = _relevance(new, comparison.topic, vector)

    def on_topic(row: Any) -> float:
        a = rel_old[row.old.index] if row.old else -9.0
        b = rel_new[row.new.index] if row.new else -9.0
        return -max(a, b) if comparison.topic else -row.pair.score

    rows = sorted(comparison.rows(), key=on_topic)
    paired = [r for r in rows if r.old is not None and r.new is not None]
    added = [r for r in rows if r.old is None]
    dropped = [r for r in rows if r.new is None]
    merged: dict[int, list[Any]] = {}  # a newer paragraph that took several older ones: once
    for row in paired:
        merged.setdefault(row.new.index, []).append(row)  # type: ignore[union-attr]
    for group in list(merged.values())[:PAIRS_SHOWN]:
        for row in group:
            status = "unchanged" if row.pair.status == "unchanged" else "revised"
            writer.quote(f"Before ({status})", old, row.old)
        after = "After" if len(group) == 1 else f"After (the {len(group)} paragraphs above, as one)"
        writer.quote(after, new, group[0].new)
    for row in added[:ONE_SIDE_SHOWN]:
        writer.quote(f"New in {new.name}", new, row.new)  # type: ignore[arg-type]
    for row in dropped[:ONE_SIDE_SHOWN]:
        writer.quote(f"Not carried into {new.name}", old, row.old)  # type: ignore[arg-type]
    counts = comparison.counts()
    about = f" on '{comparison.topic}'" if comparison.topic else ""
    if not comparison.pairs:
        return (
            f"Neither {old.name} ({old.record.date}) nor {new.name} ({new.record.date}) has a "
            f"paragraph{about}."
        )
    return (
        f"{old.name} ({old.record.date}) -> {new.name} ({new.record.date}){about}: "
        f"{counts['revised']} paragraphs revised, {counts['unchanged']} unchanged, "
        f"{counts['new']} new, {counts['dropped']} not carried over."
    )


def _traced(
    asked: ChangeQuestion,
    series: Series,
    points: Sequence[TrendPoint],
    vector: np.ndarray,
    writer: _Writer,
) -> str:
    first, final = first_mention(list(points)), last_mention(list(points))
    if first is None or final is None:
        return f"No report of the {series.name} has a paragraph on '{asked.topic}'."
    counts = ", ".join(
        f"{p.edition.name} ({p.edition.record.date}) {p.count}" for p in points if p.count
    )
    text = f"Paragraphs on '{asked.topic}' in the {series.name}: {counts}."
    writer.quote("First mentioned", first.edition, _best(first, asked.topic, vector))
    if asked.kind == "last":
        writer.quote("Last mentioned", final.edition, _best(final, asked.topic, vector))
        after = series.members[series.position(final.edition.record.doc_id) + 1 :]
        if after:
            text += f" None from {after[0].symbol or after[0].doc_id} ({after[0].date}) on."
        return text
    newest = points[-1]
    latest = newest if newest.count else final
    writer.quote("Latest", latest.edition, _best(latest, asked.topic, vector))
    return text


def _best(point: TrendPoint, topic: str, vector: np.ndarray | None) -> Paragraph:
    """Where ``point``'s report mentions ``topic``: its first paragraph holding the topic's
    words (a report states the facts in its body before its observations), else the paragraph
    closest to the topic's vector."""
    words = content_words(topic)
    held = [p for p in point.paragraphs if words and words <= content_words(p.text)]
    if held:
        return held[0]
    closeness = _relevance(point.edition, "", vector)
    return max(point.paragraphs, key=lambda p: closeness[p.index])
