"""Extractive answers: the answer units that best answer the question, each quoted and cited.

Units (:mod:`assistant.answers.units`) of the candidate passages are scored
(:mod:`assistant.answers.scoring`), the best picked (:mod:`assistant.answers.selection`) and
quoted as spans of their passages (:mod:`assistant.answers.spans`); the composer runs those steps
and renders the answer sentences with their citations. The encoder reads the question without the
documents it names.

Every answer sentence is a verbatim span of the passage it cites (offsets in the citation),
shown through :func:`assistant.text.display_text`, so nothing uncited reaches the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answers.questions import QuestionForm
from assistant.answers.scoring import (
    LEADING_NUMBER,
    Candidate,
    Encode,
    Observe,
    Scorer,
    Stored,
    span_text,
)
from assistant.answers.selection import covering, part_tests, repeats, select
from assistant.answers.spans import Span, continued, elaborated, extend, run_of
from assistant.answers.table_rows import with_caption
from assistant.answers.unit_rules import Idf, Tokens, content_weights
from assistant.lexicon import BULLET
from assistant.settings_compose import ComposeSettings
from assistant.text import content_words, display_text, opens_with_bullet, without_phrases
from assistant.types import AnswerSentence, Citation, Definition, Hit, Passage


class Composer(Scorer):
    """Extractive composition over one index's tokeniser, IDF and the packaged encoder."""

    def __init__(
        self,
        *,
        tokens: Tokens,
        idf: Idf,
        encode: Encode | None,
        max_units: int,
        stored: Stored | None = None,
        observe: Observe | None = None,
        tuning: ComposeSettings | None = None,
        expand: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(
            tokens=tokens, idf=idf, encode=encode, stored=stored, observe=observe, expand=expand
        )
        self.max_units = max_units
        self.tuning = tuning if tuning is not None else ComposeSettings()  # answer.compose

    def compose(
        self,
        question: str,
        form: QuestionForm,
        hits: Sequence[Hit],
        *,
        already_said: Sequence[str] = (),
        must_mention: Sequence[re.Pattern[str]] = (),
        mentioned_in: frozenset[str] = frozenset(),
        context: Sequence[str] = (),
        articles: Sequence[str] = (),
        following: Callable[[Passage], Passage | None] | None = None,
        alternatives: Sequence[Sequence[Callable[[Passage], bool]]] = (),
        scope: Sequence[str] = (),
    ) -> tuple[list[AnswerSentence], list[Citation]]:
        """The answer sentences and the citations they use (numbered 1.. in order of use).

        ``must_mention``: when given, only units matching one of the patterns compete (after a
        glossary definition, the passages that use the defined term); every unit of a document in
        ``mentioned_in`` counts as matching (the definition defines that document).
        ``context``: the question's anchors (mission, place, year), which chose the passages; in a
        unit they count for little, so the unit that holds what is asked about them wins.
        ``articles``: the treaty articles the question names ("Art. 27"); an article opens with
        its rule and goes on to qualify it, so its units get the form's bonus, less the further on
        they stand.
        ``following``: the passage after a passage in its document; a quoted list that the chunker
        cut at the end of its passage goes on with the items that open the next one, quoted and
        cited there.
        ``alternatives``: groups of things the question names side by side ("the Additional
        Protocols", "in 2017 and in 2019"), each a test of whether a passage is about it; an answer
        that leaves one out gets the best unit of a passage about it, when that unit scores at
        least ``tuning.cover_share`` of the best.
        ``scope``: the documents the question names; the encoder reads the question without them.
        """
        weights = content_weights(question, context, tokens=self.tokens, idf=self.idf)
        candidates = self._candidates(weights, form, hits, question)
        if must_mention:
            candidates = [
                c
                for c in candidates
                if hits[c.hit_index].passage.doc_id in mentioned_in
                or any(p.search(span_text(hits, c)) for p in must_mention)
            ]
        said = [content_words(text) for text in already_said]
        candidates = [c for c in candidates if not repeats(hits, c, said, self.tuning.repeat_at)]
        if not candidates:
            return [], []
        self._score_semantic(
            _without(question, scope), hits, candidates, form, frozenset(articles), context
        )
        tuning = self.tuning
        chosen, floor = select(candidates, form, hits, max_units=self.max_units, tuning=tuning)
        chosen = covering(
            chosen,
            candidates,
            part_tests(question, context, candidates, hits, tokens=self.tokens, idf=self.idf),
            share=tuning.cover_share,
            joins=lambda c, mates: (
                not mates or run_of(hits[c.hit_index].passage, [*mates, c], tuning) is not None
            ),
        )
        covered = covering(
            chosen,
            candidates,
            [_about(about, hits) for group in alternatives for about in group],
            share=tuning.cover_share,
        )
        spans = extend(
            covered,
            hits,
            candidates,
            floor,
            tokens=self.tokens,
            tuning=tuning,
            named={c.hit_index for c in covered[len(chosen) :]},
        )
        spans = elaborated(spans, hits, form, tuning)
        if following is not None:
            hits, spans = continued(spans, hits, following, tuning.continuation_words)
        return _render(spans, hits)


def _about(test: Callable[[Passage], bool], hits: Sequence[Hit]) -> Callable[[Candidate], bool]:
    """Whether a unit's passage passes ``test`` (is about one thing the question names)."""
    return lambda c: test(hits[c.hit_index].passage)


def _without(question: str, documents: Sequence[str]) -> str:
    """The question as the encoder reads it: without the documents it names, which chose the
    passages and which every candidate is in. Left in, "... of the Fourth Geneva Convention,
    Additional Protocol I or Additional Protocol II" draws the encoder to each protocol's scope
    article, not to the rule asked about. A mission or year stays: "the end of MINUSTAH" is what
    is asked."""
    out = without_phrases(question, documents, article=True)
    return out if len(content_words(out)) >= 2 else question


def citation_for(hit: Hit, n: int, *, quote: tuple[int, int] | None = None) -> Citation:
    p = hit.passage
    start, end = quote if quote else (None, None)
    return Citation(
        n=n,
        passage_id=p.passage_id,
        doc_id=p.doc_id,
        title=p.title,
        doc_type=p.doc_type,
        date=p.date,
        symbol=p.symbol,
        page=p.page,
        section=p.section_label,
        paragraph=p.paragraph,
        source=p.source,
        text=p.text,
        score=round(hit.score, 6),
        quote=p.text[start:end] if quote else "",
        quote_start=start,
        quote_end=end,
        ocr_confidence=p.ocr_confidence,
    )


def _is_list(span: str) -> bool:
    return span.count("\n") > 0 and bool(
        re.search(rf"\n\s*(?:{BULLET}|\(?[a-z0-9]{{1,3}}[.)])\s", span)
    )


def _render(spans: list[Span], hits: Sequence[Hit]) -> tuple[list[AnswerSentence], list[Citation]]:
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for hit_index, start, end, label, continues in spans:
        hit = hits[hit_index]
        numbers[hit_index] = len(numbers) + 1
        citations.append(citation_for(hit, numbers[hit_index], quote=(start, end)))
        quote = hit.passage.text[start:end]
        text = display_text(quote, lines=_is_list(quote))
        if continues:  # a list's continuation, one item a line; bulleted items keep a bullet, or they read as fragments
            bullet = "- " if opens_with_bullet(quote) else ""
            text = "\n".join(
                f"{bullet}{line}" for line in display_text(quote, lines=True).splitlines()
            )
        if label and "\n" not in text:  # the label carries the number ("Art. 79(1)", "para. 61")
            text = LEADING_NUMBER.sub("", text, count=1)
        text = with_caption(hit.passage, quote, text)  # a table row says what it counts
        sentences.append(AnswerSentence(text=text, citations=(numbers[hit_index],), label=label))
    return sentences, citations


def render_answer(definitions: Sequence[Definition], sentences: Sequence[AnswerSentence]) -> str:
    """The answer text: definitions (with their sources) first, then the cited sentences."""
    lines = [d.line for d in definitions]
    body = " ".join(f"{s.text} [{', '.join(map(str, s.citations))}]" for s in sentences)
    return "\n".join([*lines, body] if body else lines)
