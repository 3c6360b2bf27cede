"""Quoted spans: how much of its passage each chosen unit's quote takes.

A passage gives one quoted span: its picked sentences (at most three apart, with what lies
between) and the neighbours that lean on them ("This ...", "However, ..."); a treaty article's
paragraphs from the first to the last that answers; a short answer to a question that asks for a
description goes on in its paragraphs; a list cut at the end of its passage goes on with the items
that open the next passage. A span whose words an earlier span holds is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import NamedTuple

from assistant.answers.questions import Form, QuestionForm
from assistant.answers.scoring import Candidate
from assistant.answers.unit_rules import Tokens
from assistant.answers.units import Unit, continues_list, leading_items, units_of
from assistant.settings_compose import ComposeSettings
from assistant.types import Hit, Passage

_JOINS_PREVIOUS = re.compile(
    r"^(?:This|These|That|Those|Such|It|They|Their|Its|However|Moreover|Furthermore|In addition|"
    r"Additionally|As a result|Accordingly|Consequently|Thus|Therefore|In particular|For example|"
    r"For instance|Similarly|Likewise|Instead|Nevertheless|Yet|Both|Neither|The latter|The former)\b"
)
# "In Abyei, for instance, UNISFA is ...": an example of what the sentence before says, its marker after a short lead
_JOINS_INSIDE = re.compile(
    r"^[^.;:,]{1,40},\s*(?:(?:for (?:instance|example)|in particular|however|moreover|therefore|thus|as a result)\b|e\.g\.)",
    re.I,
)
_DESCRIBED = frozenset({Form.DOCUMENT, Form.PROCEDURE, Form.GENERAL})


class Span(NamedTuple):
    """What one answer sentence quotes: ``hits[hit].passage.text[start:end]``."""

    hit: int
    start: int
    end: int
    label: str = ""
    continues: bool = False  # the items that carry on a list quoted from the passage before


def extend(
    chosen: list[Candidate],
    hits: Sequence[Hit],
    candidates: Sequence[Candidate],
    floor: float,
    *,
    tokens: Tokens,
    tuning: ComposeSettings,
    named: Collection[int] = frozenset(),
) -> list[Span]:
    """One span per passage in the order first chosen: its chosen sentences with what lies
    between and the neighbours that lean on them; an article's paragraph with the
    neighbouring paragraphs that also answer. A span whose words an earlier span already
    holds (``tuning.contained`` of them) is left out, unless it is there for an alternative the
    question names (``named``: "What do GC IV and the Additional Protocols say ...?" quotes AP
    II's "This Protocol shall be disseminated as widely as possible" after AP I's longer rule)."""
    groups: dict[int, list[Candidate]] = {}
    for c in chosen:
        groups.setdefault(c.hit_index, []).append(c)
    spans: list[Span] = []
    quoted: list[frozenset[str]] = []
    for hit_index, group in groups.items():
        c, u = group[0], group[0].unit
        start, end, label = u.start, u.end, u.label
        if u.kind in ("item", "list") and u.label.startswith("Art."):
            start, end, label = article_run(c, candidates, floor)
        elif (run := run_of(hits[hit_index].passage, group, tuning)) is not None:
            p = hits[hit_index].passage
            units, first, last = run
            first, last = _leaning(p.text, units, first, last, tuning.max_span_sentences)
            start, end = units[first].start, units[last].end
        words = frozenset(tokens(hits[hit_index].passage.text[start:end]))
        if hit_index not in named and any(
            len(words & other) >= tuning.contained * len(words) for other in quoted
        ):
            continue  # says again what an earlier quote says (AP II Art. 15 repeats AP I Art. 56(1))
        quoted.append(words)
        spans.append(Span(hit_index, start, end, label))
    return spans


def elaborated(
    spans: list[Span], hits: Sequence[Hit], form: QuestionForm, tuning: ComposeSettings
) -> list[Span]:
    """A short answer to a question that asks for a description (what a document says, how to
    proceed, anything else) goes on with what its quotes' paragraphs say next: the sentence that
    names the topic ("There was limited progress with respect to holding accountable ...") is
    followed by the one that gives the particulars ("final judgements had been rendered in seven
    cases ..."), which shares few of the question's words. While the answer is under
    ``tuning.elaborate_below`` words, each sentence run takes the sentences after it in its paragraph, up
    to ``tuning.max_span_sentences`` in all and the word budget. A factoid, a definition and an
    enumeration have their own unit and stay as chosen."""
    if form.form not in _DESCRIBED:
        return spans
    total = sum(len(hits[s.hit].passage.text[s.start : s.end].split()) for s in spans)
    out = []
    for span in spans:
        text, units = hits[span.hit].passage.text, units_of(hits[span.hit].passage)
        inside = [u for u in units if span.start <= u.start and u.end <= span.end]
        if (
            total < tuning.elaborate_below
            and inside
            and all(u.kind == "sentence" for u in inside)
            and not span.label.startswith("Art.")
        ):
            end, n = span.end, len(inside)
            for u in (
                u
                for u in units
                if u.kind == "sentence" and u.block == inside[-1].block and u.start >= span.end
            ):
                words = len(text[end : u.end].split())
                if n >= tuning.max_span_sentences or total + words > tuning.word_budget:
                    break
                end, n, total = u.end, n + 1, total + words
            span = span._replace(end=end)
        out.append(span)
    return out


def run_of(
    passage: Passage, group: Sequence[Candidate], tuning: ComposeSettings
) -> tuple[list[Unit], int, int] | None:
    """The block's sentences and the first and last index of ``group``'s sentences in it, when
    they are sentences of one block spanning at most ``tuning.max_span_sentences``; else None. The list
    a block's last sentence introduces counts as its last sentence: GC IV Art. 23's "free
    passage" sentences run on into "no serious reasons for fearing: (a) ... (b) ...".
    """
    block = group[0].unit.block
    kinds = ("sentence", "list")
    if any(c.unit.kind not in kinds or c.unit.block != block for c in group):
        return None
    units = [x for x in units_of(passage) if x.block == block and x.kind in kinds]
    starts = {x.start: k for k, x in enumerate(units)}
    at = [k for c in group if (k := starts.get(c.unit.start)) is not None]
    if len(at) < len(group) or max(at) - min(at) + 1 > tuning.max_span_sentences:
        return None
    return units, min(at), max(at)


def _leans(sentence: str) -> bool:
    return bool(_JOINS_PREVIOUS.match(sentence) or _JOINS_INSIDE.match(sentence))


def _leaning(text: str, units: Sequence[Unit], first: int, last: int, most: int) -> tuple[int, int]:
    """``first`` and ``last`` widened, up to ``most`` sentences, to the sentence
    before when the first leans on it ("This ...", "However, ...") and to the ones after that
    lean on the last."""
    if (
        first > 0
        and last - first + 1 < most
        and _leans(text[units[first].start : units[first].end])
    ):
        first -= 1
    while (
        last - first + 1 < most
        and last + 1 < len(units)
        and _leans(text[units[last + 1].start : units[last + 1].end])
    ):
        last += 1
    return first, last


def continued(
    spans: list[Span],
    hits: Sequence[Hit],
    following: Callable[[Passage], Passage | None],
    most_words: int,
) -> tuple[list[Hit], list[Span]]:
    """``spans`` with each list (an introduction with its items, or an introduction alone) that
    runs to the end of its passage followed by the items that open the next passage of its
    section (up to ``most_words``), as a span of that passage; ``hits`` with those
    passages added."""
    hits, out = list(hits), []
    for span in spans:
        out.append(span)
        hit_index, start, end = span.hit, span.start, span.end
        p = hits[hit_index].passage
        quoted = p.text[start:end]
        if p.text[end:].strip() or not (
            quoted.rstrip().endswith(":")
            or any(u.kind == "list" and u.end == end for u in units_of(p))
        ):
            continue  # only an introduced list goes on; an article's next paragraph is not more of its answer
        after = following(p)
        if (
            after is None
            or after.is_footnote
            or after.section != p.section
            or not continues_list(quoted, after.text)
        ):
            continue
        if not (items := _leading_items(after, most_words)):
            continue
        at = next((k for k, h in enumerate(hits) if h.passage.passage_id == after.passage_id), None)
        if at is not None and any(other.hit == at for other in spans):
            continue  # already quoted in this answer
        if at is None:
            hits.append(replace(hits[hit_index], passage=after))
            at = len(hits) - 1
        out.append(Span(at, items[0].start, items[-1].end, items[0].label, continues=True))
    return hits, out


def _leading_items(passage: Passage, most_words: int) -> list[Unit]:
    """The items a passage opens with (a list going on from the passage before), up to
    ``most_words``; none when it opens with prose."""
    items: list[Unit] = []
    words = 0
    for u in leading_items(passage.text):
        words += len(passage.text[u.start : u.end].split())
        if items and words > most_words:
            break
        items.append(u)
    return items


def article_run(
    c: Candidate, candidates: Sequence[Candidate], floor: float
) -> tuple[int, int, str]:
    """The paragraphs of one article from the first to the last that scores above the floor
    (those between come too, so the quote reads whole), as one span: "Art. 79(1)-(3)"."""
    same = sorted(
        (x for x in candidates if x.hit_index == c.hit_index and x.unit.label.startswith("Art.")),
        key=lambda x: x.unit.start,
    )
    above = [k for k, x in enumerate(same) if x.score >= floor or x.unit.start == c.unit.start]
    a, b = same[above[0]].unit, same[above[-1]].unit
    if a == b or "(" not in b.label:
        return a.start, b.end, a.label
    return a.start, b.end, f"{a.label}-({b.label.rsplit('(', 1)[-1]}"
