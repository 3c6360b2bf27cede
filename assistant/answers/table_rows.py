"""Table rows as answers: a row the question names, and a row quoted with its table's caption.

Ingest writes each table row as one block that names its column headers ("Country: India; Formed
police units, Men: 439"), and gives the rows of a table their caption as their innermost section
(:mod:`ingest.loaders.pdf_blocks`). A question that asks a figure a table holds names the row by
its label ("India", "Indian", "the total") and the measure by words of the row's headers or the
table's caption ("formed police", "troops", "strength"). Such a row answers it better than prose
that shares the question's words, so :func:`favour_named_rows` puts the rows the question names
first, best fitting headers first; and :func:`with_caption` renders a quoted row after its
caption, so that the figure says what it counts and when.

A question that asks a figure of the whole ("how many police officers did UNMIK have in October
2018?") names no row: it is answered by the table's summarising row (``Total``, with its ``Grand
total``), when it names no row of that table and no place the table does not hold either
(in :func:`favour_named_rows`). A row's words, for matching the question, take in its caption's
(:func:`row_caption`): "Country: Total; Women: 3; Men: 8; Total: 11" counts police officers only
through "Composition and strength of the police component ...".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Any

from assistant.answers.blocks import is_table_row
from assistant.answers.questions import Expect, Form, QuestionForm
from assistant.demonyms import DEMONYMS, PLACE_NAMES
from assistant.symbols import MONTH_NAMES
from assistant.text import tokens
from assistant.types import Hit, Passage

ROW_LEAD = 1e-3  # a named row's score over the best other unit, per place in the named rows' order
WHOLE_SHARE = 0.5  # a Total row answers a question more than this share of whose words its table
# says (its headers, its caption's common words): the question is about what the table counts
_FIGURES = frozenset({Expect.NUMBER, Expect.AMOUNT, Expect.SHARE, Expect.ANY})
_CAPTION = "Table: "
_CELL_SEP = re.compile(r": ")
_TOTAL = re.compile(r"(?:grand\s+)?total\b", re.IGNORECASE)  # not "Subtotal": a part, not the whole
_ASKING = frozenset(
    tokens("how many how much the number of")
)  # that a figure is asked, not of what
_PLACES = frozenset({*DEMONYMS.values(), *PLACE_NAMES, *PLACE_NAMES.values()})


def is_row(text: str) -> bool:
    """Whether ``text`` is one table row as ingest writes it: ``Header: cell; Header: cell``."""
    return is_table_row(text)


def row_label(text: str) -> str:
    """The row's label: its first cell ("Country: India; ..." -> "India")."""
    first = text.strip().split("; ", 1)[0]
    return first.split(": ", 1)[1] if ": " in first else first


def row_headers(text: str) -> str:
    """The row's column headers but the label's, one string ("Formed police units, Men ...")."""
    return " ".join(part.split(": ", 1)[0] for part in text.strip().split("; ")[1:] if ": " in part)


def caption_of(passage: Passage) -> str:
    """The caption of the table a row of ``passage`` belongs to: its innermost section."""
    return passage.section[-1] if passage.section else ""


def asks_figure(form: QuestionForm) -> bool:
    """A question a table row may answer: one that asks a figure, or a question of no particular
    form ("jordan FPU strength in MINUSTAH 2017?")."""
    return form.form is Form.GENERAL or (form.form is Form.FACTOID and form.expect in _FIGURES)


def question_words(question: str) -> set[str]:
    """The question's tokens, with the places its demonyms name ("Bangladeshi" -> bangladesh) and
    the other names of places it names ("Czechia" -> czech republic)."""
    words = set(tokens(question))
    for word in re.findall(r"[A-Za-z][\w-]*", question):
        place = DEMONYMS.get(word[:1].upper() + word[1:].lower())
        if place:
            words |= set(tokens(place))
    for other, place in PLACE_NAMES.items():
        if set(tokens(place)) <= words or set(tokens(other)) <= words:
            words |= set(tokens(place)) | set(tokens(other))
    return words


def names_row(words: set[str], text: str) -> bool:
    """Whether question ``words`` name the row: every word of its label."""
    label = set(tokens(row_label(text)))
    return bool(label) and label <= words


def measure_share(words: set[str], text: str, caption: str, label: str) -> float:
    """The share of the question's words (less the row's label) in the row's headers and caption."""
    rest = words - set(tokens(label))
    if not rest:
        return 0.0
    return len(rest & set(tokens(f"{row_headers(text)} {caption}"))) / len(rest)


def favour_named_rows(
    question: str,
    form: QuestionForm,
    texts: Sequence[str],
    candidates: list[Any],  # the scorer's Candidates (the scorer imports this module)
    hits: Sequence[Hit],
) -> list[Any]:
    """``candidates`` with the table rows the question names first (see the module docstring):
    a row counts when the question asks a figure, names its label and shares a word with its
    headers or caption; those rows score just over the best other unit, in order of that share
    (then of their own score), and state the value asked for. When the question names no row,
    each table's ``Total`` row may stand first (:func:`_whole_rows`). Other candidates are
    unchanged."""
    if not candidates or not asks_figure(form):
        return candidates
    words = question_words(question)
    named: list[tuple[float, float, int]] = []
    for k, (c, text) in enumerate(zip(candidates, texts, strict=True)):
        if is_row(text) and names_row(words, text):
            share = measure_share(
                words, text, caption_of(hits[c.hit_index].passage), row_label(text)
            )
            if share > 0:
                named.append((share, c.score, k))
    if not named:
        named = _whole_rows(words, texts, candidates, hits)
    if not named:
        return candidates
    return _lead(candidates, named)


def _whole_rows(
    words: set[str], texts: Sequence[str], candidates: list[Any], hits: Sequence[Hit]
) -> list[tuple[float, float, int]]:
    """(share, score, index) of each table's ``Total`` row among the candidates whose headers and
    caption's common words say more than ``WHOLE_SHARE`` of the question's words, when the
    question names no row of that table (among the candidates) and no place that the table's
    caption does not name."""
    tables: dict[str, list[int]] = {}
    for k, (c, text) in enumerate(zip(candidates, texts, strict=True)):
        if is_row(text):
            tables.setdefault(caption_of(hits[c.hit_index].passage), []).append(k)
    out: list[tuple[float, float, int]] = []
    for caption, members in tables.items():
        if any(names_row(words, texts[k]) for k in members if not _is_total(texts[k])):
            continue  # a row of this table is named: the whole is not asked
        held = set(tokens(caption)) | {w for k in members for w in tokens(row_label(texts[k]))}
        if any(
            (place := set(tokens(name))) and place <= words and not place <= held
            for name in _PLACES
        ):
            continue  # a place the table does not hold ("how many Fijian police ..."): not its total
        for k in members:
            if _is_total(texts[k]):
                share = measure_share(
                    words - _ASKING, texts[k], _common(caption), row_label(texts[k])
                )
                if share > WHOLE_SHARE:
                    out.append((share, candidates[k].score, k))
    return out


def _common(caption: str) -> str:
    """The caption's words that say what and when a table counts, not whose or where: its
    lower-case words, numbers and months ("strength of the police component ... 1 October
    2018"), not "United Nations" or "Haiti" ("the Haitian National Police" is not the UN's)."""
    words = re.findall(r"[\w-]+", caption)
    return " ".join(w for w in words if w[:1].islower() or w[:1].isdigit() or w in MONTH_NAMES)


def _is_total(text: str) -> bool:
    return bool(_TOTAL.fullmatch(row_label(text).strip()))


def _lead(candidates: list[Any], named: list[tuple[float, float, int]]) -> list[Any]:
    """The ``named`` candidates just over the best other one, in order, each stating its value."""
    best = max(c.score for c in candidates)
    out = list(candidates)
    for place, (_, _, k) in enumerate(sorted(named, reverse=True)):
        out[k] = replace(out[k], score=best + ROW_LEAD * (len(named) - place), value=1.0)
    return out


def row_caption(passage: Passage, text: str) -> str:
    """The caption of a table row ``text`` of ``passage`` (its words are the row's too: "police"
    in "Composition and strength of the police component"); ``""`` for any other unit."""
    return caption_of(passage).removeprefix(_CAPTION) if is_row(text) else ""


def with_caption(passage: Passage, quote: str, text: str) -> str:
    """A quoted row's display text after its table's caption ("Annex III. Countries providing
    ... as at 31 January 2017: Country: Uruguay; Troops, Men: 220; Total: 239"); other quotes
    as they are."""
    caption = caption_of(passage)
    rows = [line for line in quote.strip().split("\n") if line.strip()]
    if not caption or not rows or not all(is_row(r) for r in rows) or text.startswith(caption):
        return text
    return f"{caption.removeprefix(_CAPTION)}: {text}"


def quoted_row(text: str) -> tuple[str, str] | None:
    """A quoted table row, alone or after its caption, as (caption with its ": ", row); ``None``
    for any other text ("Annex III. Countries ... 2017: Country: Uruguay; Total: 239")."""
    if is_row(text):
        return "", text
    start = next((m.end() for m in _CELL_SEP.finditer(text) if is_row(text[m.end() :])), None)
    return None if start is None else (text[:start], text[start:])


def counts_in_row(text: str, asked: AbstractSet[str], tokens: Callable[[str], list[str]]) -> bool:
    """Whether a quoted table row (alone, or after its caption) counts what the question asks:
    its figures count what its headers and its caption's common words name ("police",
    "military liaison", "formed police units"), so a question sharing one of those words
    (``asked``: its tokens) is answered by the row's figures though no figure stands beside the
    question's noun ("how many police officers" over "Composition ... of the police component:
    Country: Total; Women: 3; Men: 8; Total: 11"). Proper names in the caption (the mission, the
    country) do not count."""
    if not (parts := quoted_row(text)):
        return False
    caption, row = parts
    common = " ".join(w for w in re.findall(r"[\w-]+", caption) if w[:1].islower())
    measure = set(tokens(f"{row_headers(row)} {common}")) - set(tokens(row_label(row)))
    return bool(measure & set(asked))
