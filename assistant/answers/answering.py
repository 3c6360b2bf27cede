"""The assistant: resolve the question, retrieve, check its anchors, answer with citations or abstain.

:class:`Assistant` is composed by its caller (``ui/``, ``eval/``) from a retrieval-only
:class:`~assistant.retrieval.engine.Engine`, the glossary, the document catalogue and, for generative mode,
an LLM. One question walks :meth:`Assistant.ask` top to bottom:

1. the follow-up is resolved against the conversation;
2. its form (:mod:`assistant.answers.questions`) and anchors (:mod:`assistant.answers.anchors`) are read;
3. a question that names a document the manifest lists but the index lacks is told so, with how
   to add it; a document-scoped question about an indexed document searches that document only;
4. the engine retrieves; passages that mention every anchor are the evidence;
5. an anchor no passage mentions ("MINUSCA" when the corpus has MINUSTAH), or an evidence score
   under the calibrated threshold, abstains, saying what is missing and which filters were on;
6. otherwise glossary definitions (with their sources) come first, then the composed passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.answers.anchors import Anchor, AnchorKind, by_kind, find_anchors
from assistant.answers.composer import Composer, citation_for, render_answer
from assistant.answers.conversation import follow_up_focus, is_follow_up, resolve_follow_up
from assistant.answers.definitions import authorship, definitions_for
from assistant.answers.mentions import (
    best_anchored,
    explained,
    mentions_all,
    missing_anchors,
    missions_in,
    years_instead,
)
from assistant.answers.questions import (
    Expect,
    Form,
    QuestionForm,
    classify,
    counted_noun,
    parts,
    strip_frame,
)
from assistant.answers.scoring import CachedEncoder
from assistant.answers.unit_rules import coverage, question_weights, unstated
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.errors import ConfigError, EndpointError
from assistant.glossary import Glossary
from assistant.modes import AnswerMode
from assistant.symbols import SYMBOL_RE
from assistant.text import content_words, without_phrases
from assistant.types import (
    Answer,
    AnswerSentence,
    Citation,
    Definition,
    Filters,
    Hit,
    Turn,
)

if TYPE_CHECKING:
    from assistant.retrieval import Engine
    from assistant.types import Passage

ABSTAIN_MESSAGE = (
    "The indexed corpus does not address this question. "
    "The closest passages are listed below as related material, not as an answer."
)
_RELATED = 3
# The composer reads this many times top_k passages: the sentence that answers a factoid often sits
# in a paragraph ranked below passages that share the question's topic words (a report's
# introduction, its financial aspects). Whether to answer is still decided on the top_k alone.
_POOL_FACTOR = 3
_EVIDENCE_DEPTH = 3
_SEARCHED_APART = (
    AnchorKind.MISSION,
    AnchorKind.PLACE,
    AnchorKind.YEAR,
)  # alternatives each searched when the hits lack one
_ALTERNATIVE_HITS = 3
NOTE_COVERAGE = (
    0.3  # a footnote's names count when it holds this share of the question's other words
)
# A factoid asking for one of these is answered only by a passage that states one.
_VALUES = {
    Expect.AMOUNT: "an amount",
    Expect.NUMBER: "a figure",
    Expect.SHARE: "a share or percentage",
    Expect.DATE: "a date",
    Expect.FREQUENCY: "a frequency",
}


@dataclass(frozen=True)
class _Reading:
    """What the assistant read off one question before retrieving."""

    question: str
    standalone: str
    form: QuestionForm
    anchors: tuple[Anchor, ...]
    filters: Filters | None
    absent: tuple[CatalogueEntry, ...]  # named documents the manifest lists but the index lacks
    focus: str = (
        ""  # what a follow-up adds to the conversation ("which tier involves physical protection")
    )

    @property
    def absent_ids(self) -> set[str]:
        return {e.record.doc_id for e in self.absent}


class Assistant:
    """Cited answers over one engine. Thread-safe as the engine is (every call is read-only)."""

    def __init__(
        self,
        engine: Engine,
        *,
        glossary: Glossary | None = None,
        catalogue: Catalogue | None = None,
        llm: Any = None,
    ) -> None:
        self.engine, self.glossary, self.catalogue, self.llm = engine, glossary, catalogue, llm
        self.settings = engine.settings
        self._encode = CachedEncoder(engine.embedder.encode_queries)

    def ask(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        mode = self._mode(mode)
        reading, notice = self._read(question, history, filters, mode)
        search_filters = self._scope(reading)
        k = top_k or self.settings.retrieval.top_k
        pool = self.engine.retrieve(
            reading.standalone, top_k=k * _POOL_FACTOR, filters=search_filters
        )
        hits = pool[:k]
        if (
            self.settings.retrieval.expand_glossary
            and self.engine.expand(reading.standalone) != reading.standalone
        ):
            # The glossary's expansion ("Haiti" -> three missions' full names) can outweigh the word
            # that matters ("homicides"): the unexpanded question's lexical top_k joins the pool.
            plain = self.engine.retrieve(
                reading.standalone, top_k=k, method="bm25", filters=search_filters, expand=False
            )
            pool = _merged(pool, plain)
        bears, elsewhere = self._bears(reading), self._elsewhere()
        hits, pool = self._each_alternative(reading, hits, pool, k, search_filters, bears)
        evidence_hits = best_anchored(reading.anchors, hits, bears=bears, elsewhere=elsewhere)
        common = {
            "question": reading.question,
            "standalone_question": reading.standalone,
            "evidence_score": self.evidence_score(
                _focus(reading), evidence_hits, named=_named_documents(reading)
            ),
            "filters": reading.filters.to_dict() if reading.filters else {},
            "settings": self.settings.public_dict(),
            "form": reading.form.form.value,
            "anchors": tuple(a.text for a in reading.anchors),
            "mode": mode.value,
            "notice": notice,
        }
        # "What does the Future of POC note say about the HRDDP?" asks an indexed document about
        # one that is not: that is answered, and the missing one named, as is "What is the HRDDP?"
        if (
            reading.absent
            and reading.form.form is not Form.DEFINITION
            and not any(map(self._indexed_document, reading.anchors))
        ):
            return self._not_indexed(reading, hits, common)
        if reading.absent:  # asked what it is, or what an indexed document says of it: answer from what mentions it, and say so
            common["notice"] = " ".join(
                filter(None, [common["notice"], *(_absent_note(e) for e in reading.absent)])
            )
        asked = reading.focus or reading.standalone
        definitions = tuple(
            definitions_for(
                asked,
                classify(asked) if reading.focus else reading.form,
                self.glossary,
                self.catalogue,
            )
        )
        if reading.form.expect is Expect.AUTHOR and self.catalogue:
            named = [
                e
                for a in reading.anchors
                if a.kind is AnchorKind.DOCUMENT
                for d in a.doc_ids
                if (e := self.catalogue.get(d))
            ]
            named = named or self.catalogue.described_in(reading.standalone)
            definitions = (*authorship(named), *definitions)
        missing = missing_anchors(
            reading.anchors, [h.passage for h in hits], bears=bears, elsewhere=elsewhere
        )
        if missing and not (
            reading.form.form is Form.DEFINITION and self._defined(missing, definitions)
        ):
            if {d for a in missing for d in a.doc_ids} & reading.absent_ids:
                return self._not_indexed(
                    reading, hits, common
                )  # the document not indexed is what is missing: say so
            return self._missing(reading, missing, hits, common)
        weak = (
            not evidence_hits or common["evidence_score"] < self.settings.answer.abstain_threshold
        )
        if weak:
            if not definitions:
                return _abstain(hits, self._abstain_message(reading), common)
            # The glossary answers; the passages follow only where they use the defined term
            # (the composer keeps to those), however weakly they bear on the rest of the question.
            # Nothing is generated from such passages: they are quoted, or not shown.
            evidence_hits = list(hits)
        if mode is AnswerMode.GENERATIVE and not weak:
            try:
                return self._generative(reading, evidence_hits, history, definitions, common)
            except EndpointError as exc:
                common["notice"] = (
                    f"the LLM endpoint failed ({exc}); showing the extractive answer instead"
                )
                common["mode"] = AnswerMode.EXTRACTIVE.value
        return self._extractive(
            reading,
            best_anchored(reading.anchors, pool, bears=bears, elsewhere=elsewhere)
            if evidence_hits
            else [],
            history,
            definitions,
            hits,
            common,
        )

    def evidence_score(
        self, question: str, hits: Sequence[Hit], *, named: dict[str, str] | None = None
    ) -> float:
        """How strongly the corpus bears on the question, in [0, 1].

        The minimum of two signals over the top passages: the best cosine similarity between the
        question and a passage (low for off-domain questions), and the best IDF-weighted share of
        the question's terms that one passage contains (low when the corpus lacks the question's
        specific subject). The threshold is calibrated by `pocdoc eval` (see eval/RESULTS.md).
        ``named``: the names the question gives indexed documents, by doc_id; a passage of a named
        document covers its name, which its text seldom repeats ("the Fourth Geneva Convention").
        """
        top = hits[:_EVIDENCE_DEPTH]
        dense = max((h.dense_score for h in top if h.dense_score is not None), default=0.0)
        named = named or {}
        texts = [
            set(self.engine.query_tokens(f"{h.passage.text} {named.get(h.passage.doc_id, '')}"))
            for h in top
        ]
        covered = 0.0
        for part in parts(
            question
        ):  # a question asking two things is covered as well as its best-covered part
            weights = question_weights(part, tokens=self.engine.query_tokens, idf=self.engine.idf)
            covered = max([covered, *(coverage(weights, t) for t in texts)])
        return min(dense, covered)

    # -- reading the question ----------------------------------------------------------------
    def _mode(self, mode: str | None) -> AnswerMode:
        chosen = AnswerMode.parse(mode or self.settings.answer.mode)
        if chosen is AnswerMode.GENERATIVE and self.llm is None:
            raise ConfigError(
                "generative mode needs an endpoint: set llm.provider (openai_like or ollama) and llm.base_url"
            )
        return chosen

    def _read(
        self, question: str, history: Sequence[Turn], filters: Filters | None, mode: AnswerMode
    ) -> tuple[_Reading, str]:
        question = question.strip()
        if not question:
            raise ConfigError("the question is empty: ask something")
        standalone, filters = resolve_follow_up(question, history, filters)
        notice = ""
        if mode is AnswerMode.GENERATIVE and history:
            from assistant.answers.generation import condense_question

            try:
                standalone = condense_question(history, question, llm=self.llm)
            except EndpointError as exc:
                notice = f"the LLM endpoint failed while condensing the conversation ({exc}); used the plain follow-up"
        anchors = tuple(find_anchors(standalone, glossary=self.glossary, catalogue=self.catalogue))
        named = dict.fromkeys(
            d for a in anchors for d in a.doc_ids
        )  # in the question's order, every run the same
        absent = (
            tuple(
                entry
                for d in named
                if (entry := self.catalogue.get(d)) is not None and not self._indexed(d)
            )
            if self.catalogue
            else ()
        )
        focus = follow_up_focus(question) if history and is_follow_up(question) else ""
        return _Reading(
            question, standalone, classify(standalone), anchors, filters, absent, focus
        ), notice

    def _each_alternative(
        self, reading: _Reading, hits: list[Hit], pool: list[Hit], k: int, filters, bears
    ) -> tuple[list[Hit], list[Hit]]:
        """Hits and pool with passages on each thing the question names side by side: "Timor-Leste
        in 2012 or Haiti in 2017?" retrieves Timor-Leste's passages only, so each alternative no hit
        mentions is searched again, the question without the other alternatives, and its best
        ``_ALTERNATIVE_HITS`` passages that mention it join the hits. A phrase the question quotes
        that no hit holds is looked for in the pool first (its passages are scored for the
        question), then searched for by its own words."""
        groups = [
            g
            for kind, g in by_kind(reading.anchors).items()
            if len(g) > 1 and kind in _SEARCHED_APART
        ]
        found = [e for h in hits if (e := explained(h.passage, bears)) is not None]
        extra: list[Hit] = []
        for anchor in (a for a in reading.anchors if a.kind is AnchorKind.PHRASE):
            if not any(anchor.mentioned_in(p) for p in found):
                # "What's 'Securing the future' ...?": the pool's passages that quote it, scored for
                # the question; failing those, a search for the quoted words themselves
                quoting = [
                    h for h in pool if not h.passage.is_footnote and anchor.mentioned_in(h.passage)
                ]
                if not quoting:
                    more = self.engine.retrieve(anchor.text, top_k=k, filters=filters)
                    quoting = [
                        h
                        for h in more
                        if not h.passage.is_footnote and anchor.mentioned_in(h.passage)
                    ]
                extra.extend(quoting[:_ALTERNATIVE_HITS])
        for group in groups:
            for anchor in group:
                if any(anchor.mentioned_in(p) for p in found):
                    continue
                others = [
                    a.text for g in groups for a in g if a is not anchor
                ]  # "Haiti in 2017": the pairs are not known
                more = self.engine.retrieve(
                    without_phrases(reading.standalone, others), top_k=k, filters=filters
                )
                extra.extend(
                    [
                        h
                        for h in more
                        if (e := explained(h.passage, bears)) is not None and anchor.mentioned_in(e)
                    ][:_ALTERNATIVE_HITS]
                )
        if not extra:
            return hits, pool
        return _merged(hits, extra), _merged(pool, extra)

    def _bears(self, reading: _Reading) -> Callable[[Passage], bool]:
        """Whether a footnote bears on the question beyond its anchors: it holds ``NOTE_COVERAGE``
        of the weight of the question's other words. Only then do the names it explains count.
        Each footnote is read once: the hits, the pool and the searches for alternatives ask again."""
        tokens = self.engine.query_tokens
        anchored = {t for a in reading.anchors for t in tokens(a.text)}
        weights = {
            t: w
            for t, w in question_weights(
                strip_frame(_focus(reading)), tokens=tokens, idf=self.engine.idf
            ).items()
            if t not in anchored
        }
        total = sum(weights.values())
        seen: dict[str, bool] = {}

        def bears(passage: Passage) -> bool:
            if passage.passage_id not in seen:
                seen[passage.passage_id] = (
                    total > 0 and coverage(weights, tokens(passage.text)) >= NOTE_COVERAGE * total
                )
            return seen[passage.passage_id]

        return bears

    def _elsewhere(self) -> Callable[[Anchor, str], bool]:
        """Whether a document names an anchor in one of its prose passages (each pair read once
        per question): a name or place is what a document is about, not a word every paragraph
        repeats."""
        seen: dict[tuple[str, str], bool] = {}

        def elsewhere(anchor: Anchor, doc_id: str) -> bool:
            key = (anchor.text, doc_id)
            if key not in seen:
                seen[key] = any(
                    not p.is_footnote and anchor.mentioned_in(p)
                    for p in self.engine.document_passages(doc_id)
                )
            return seen[key]

        return elsewhere

    def _defined(self, anchors: Sequence[Anchor], definitions: Sequence[Definition]) -> bool:
        """Whether the glossary defines every one of ``anchors`` ("A4P?" when no passage names
        A4P): a definition question is then answered from the glossary, with its source."""
        patterns = self._uses(definitions)
        return bool(patterns) and all(any(p.search(a.text) for p in patterns) for a in anchors)

    def _uses(self, definitions: Sequence[Definition]) -> tuple[re.Pattern[str], ...]:
        """The forms of the defined terms, as the glossary finds their uses in text."""
        return (
            tuple(p for d in definitions for p in self.glossary.patterns(d.term))
            if self.glossary
            else ()
        )

    def _defines_document(self, definitions: Sequence[Definition]) -> frozenset[str]:
        """The indexed documents that definitions define ("AP II" is sourced to AP II itself):
        each of their passages is a use of the term, though it says "this Protocol"."""
        if not self.catalogue:
            return frozenset()
        return frozenset(
            d.doc_id
            for d in definitions
            if d.doc_id
            and self._indexed(d.doc_id)
            and any(p.search(d.term) for p in self.catalogue.name_patterns(d.doc_id))
        )

    def _indexed(self, doc_id: str) -> bool:
        return doc_id in self.engine.documents

    def _indexed_document(self, anchor: Anchor) -> bool:
        """Whether ``anchor`` names documents, all of them indexed."""
        return (
            anchor.kind is AnchorKind.DOCUMENT
            and bool(anchor.doc_ids)
            and all(self._indexed(d) for d in anchor.doc_ids)
        )

    def _scope(self, reading: _Reading) -> Filters | None:
        """A document-scoped question ("what does / how does <document> define ...", "who are X
        under <document>"), or one naming an article of a document, about indexed documents
        searches those documents only."""
        articles = any(a.kind is AnchorKind.ARTICLE for a in reading.anchors)
        scoped = (
            reading.form.form is Form.DOCUMENT
            or bool(reading.form.document)
            or reading.form.expect is Expect.AUTHOR
        )
        # "Who are 'protected persons' under the Fourth Geneva Convention?": a term of that document
        scoped = scoped or (
            reading.form.form is Form.DEFINITION
            and any(
                a.kind is AnchorKind.DOCUMENT and a.text not in reading.form.subject
                for a in reading.anchors
            )
        )
        if (not scoped and not articles) or (reading.filters and not reading.filters.is_empty()):
            return reading.filters
        docs = tuple(
            d
            for a in reading.anchors
            if a.kind is AnchorKind.DOCUMENT
            for d in a.doc_ids
            if self._indexed(d)
        )
        return Filters(doc_ids=docs) if docs else reading.filters

    # -- answers -----------------------------------------------------------------------------
    def _extractive(self, reading, evidence_hits, history, definitions, hits, common) -> Answer:
        composer = Composer(
            tokens=self.engine.query_tokens,
            idf=self.engine.idf,
            encode=self._encode,
            max_units=self.settings.answer.max_sentences,
        )
        said = [t.answer for t in history if t.answer]
        uses = self._uses(definitions)
        if (
            reading.absent and not definitions
        ):  # what an indexed document says of one that is not: the units that name it
            uses = tuple(
                p
                for a in reading.anchors
                if a.kind is AnchorKind.DOCUMENT and set(a.doc_ids) & reading.absent_ids
                for p in a.patterns
            )
        sentences, citations = composer.compose(
            _focus(reading),
            reading.form,
            evidence_hits,
            already_said=said,
            must_mention=uses,
            mentioned_in=self._defines_document(definitions),
            context=_context(reading),
            articles=[a.article for a in reading.anchors if a.kind is AnchorKind.ARTICLE],
            following=self.engine.following,
            alternatives=_alternatives(reading.anchors),
            scope=[a.text for a in reading.anchors if a.kind is AnchorKind.DOCUMENT],
        )
        if not sentences and not definitions:
            return _abstain(hits, self._abstain_message(reading), common)
        if sentences and not definitions and (value := self._unstated(reading, sentences)):
            return self._no_value(reading, value, hits, common)
        if (
            sentences
            and not definitions
            and reading.form.form is Form.FACTOID
            and (years := years_instead(reading.anchors, [s.text for s in sentences]))
        ):
            return self._other_year(reading, years, hits, common)
        common["mode"] = AnswerMode.EXTRACTIVE.value
        text = "\n".join(
            [*(_absent_note(e) for e in reading.absent), render_answer(definitions, sentences)]
        )
        return Answer(
            answer=text,
            abstained=False,
            citations=tuple(citations),
            sentences=tuple(sentences),
            definitions=definitions,
            **common,
        )

    def _unstated(self, reading: _Reading, sentences: Sequence[AnswerSentence]) -> str:
        """What a factoid asks for that none of ``sentences`` states ("an amount", "a number of
        troops"); "" when one of them states it."""
        asked, noun, expect = (
            content_words(reading.standalone),
            counted_noun(reading.standalone),
            reading.form.expect,
        )
        misses = [
            unstated(expect, s.text, asked=asked, noun=noun, tokens=self.engine.query_tokens)
            for s in sentences
        ]
        if (value := _VALUES.get(expect)) and all(m == "value" for m in misses):
            return value
        if noun and all(misses):  # a count implies a value: none counts the noun
            return f"a number of {noun}"
        return ""

    def _generative(self, reading, hits, history, definitions, common) -> Answer:
        from assistant.answers.generation import generate_answer

        result = generate_answer(
            reading.standalone,
            hits,
            llm=self.llm,
            embedder=self.engine.embedder,
            settings=self.settings.answer,
            history=history,
        )
        if result.abstained:
            return _abstain(hits, self._abstain_message(reading), common)
        cited = sorted({n for s in result.sentences for n in s.citations if 1 <= n <= len(hits)})
        citations = tuple(citation_for(hits[n - 1], n) for n in cited)
        text = render_answer(definitions, ()) + ("\n\n" if definitions else "") + result.text
        return Answer(
            answer=text,
            abstained=False,
            citations=citations,
            sentences=tuple(result.sentences),
            definitions=definitions,
            **common,
        )

    # -- abstaining --------------------------------------------------------------------------
    def _not_indexed(self, reading: _Reading, hits: Sequence[Hit], common: dict) -> Answer:
        lines = []
        for entry in reading.absent:
            lines.append(_absent_note(entry))
        mentioning = [
            h
            for h in hits
            if mentions_all(
                [a for a in reading.anchors if a.kind is AnchorKind.DOCUMENT], h.passage
            )
        ]
        it = "them" if any(_plural_title(e.label) for e in reading.absent) else "it"
        if mentioning:
            lines.append(
                f"Indexed documents that mention {it} are listed below as related material."
            )
        else:
            lines.append(
                f"No indexed passage mentions {it}; the closest passages are listed below as related material."
            )
        definitions = tuple(
            definitions_for(
                reading.standalone,
                QuestionForm(Form.DEFINITION, subject=a.text),
                self.glossary,
                self.catalogue,
            )
            for a in reading.anchors
            if a.kind is AnchorKind.DOCUMENT
        )
        flat = tuple(d for ds in definitions for d in ds)
        missing = tuple(e.label for e in reading.absent)
        return _abstain(
            mentioning or hits, " ".join(lines), {**common, "missing": missing}, definitions=flat
        )

    def _missing(
        self, reading: _Reading, missing: list[Anchor], hits: Sequence[Hit], common: dict
    ) -> Answer:
        names = _and([a.text for a in missing])
        concern = _and(
            missions_in([h.passage for h in hits[:_RELATED]], self.glossary)[:2]
        ) or _and(
            list(dict.fromkeys(h.passage.symbol or h.passage.title for h in hits[:_RELATED]))[:2]
        )
        it = "it" if len(missing) == 1 else "them"
        notes = [
            h
            for h in hits
            if h.passage.is_footnote and all(a.mentioned_in(h.passage) for a in missing)
        ]
        if notes:  # footnotes never answer, but the reader should know where the name is
            message = f"The indexed corpus has nothing on {names} for this question outside a footnote: only a footnote mentions {it}, listed first below."
            hits = [*notes, *(h for h in hits if h not in notes)]
        elif all(map(self._indexed_document, missing)):
            message = f"{names[:1].upper()}{names[1:]} is indexed, but none of the passages that best match this question is from it."
        else:
            message = f"The indexed corpus has nothing on {names} for this question: no retrieved passage mentions {it}."
        if concern:
            message += f" The closest passages concern {concern}; they are listed below as related material, not as an answer."
        message += self._filter_note(reading)
        return _abstain(hits, message, {**common, "missing": tuple(a.text for a in missing)})

    def _no_value(self, reading: _Reading, value: str, hits: Sequence[Hit], common: dict) -> Answer:
        """A factoid whose best passages hold no value of the kind asked ("What was UNMIK's budget
        for 2018-2019?" over reports that never state it): on topic, and still no answer."""
        concern = _and(missions_in([h.passage for h in hits[:_RELATED]], self.glossary)[:2])
        message = f"The indexed corpus does not state {value} for this question: the passages that bear on it give none."
        if concern:
            message += f" The closest passages concern {concern}."
        message += (
            " They are listed below as related material, not as an answer."
            + self._filter_note(reading)
        )
        return _abstain(hits, message, {**common, "missing": (value,)})

    def _other_year(
        self, reading: _Reading, years: Sequence[str], hits: Sequence[Hit], common: dict
    ) -> Answer:
        """A factoid about one year whose passages state the value for other years only."""
        asked = _and([a.text for a in reading.anchors if a.kind is AnchorKind.YEAR])
        message = (
            f"The indexed corpus has nothing on this for {asked}: the closest passages are about {_and(list(years[:3]))}."
            " They are listed below as related material, not as an answer."
            + self._filter_note(reading)
        )
        return _abstain(hits, message, {**common, "missing": (asked,)})

    def _abstain_message(self, reading: _Reading) -> str:
        return ABSTAIN_MESSAGE + self._filter_note(reading)

    def _filter_note(self, reading: _Reading) -> str:
        if not reading.filters or reading.filters.is_empty():
            return ""
        return f" Only passages within the active filters ({describe_filters(reading.filters)}) were searched; clear them to search the whole corpus."


def _merged(hits: Sequence[Hit], more: Sequence[Hit]) -> list[Hit]:
    """``hits`` then the passages of ``more`` they lack, in order, scored below the last of
    ``hits`` (their own scores are on another scale: the composer reads scores as a rank prior)."""
    seen = {h.passage.passage_id for h in hits}
    extra = [h for h in more if h.passage.passage_id not in seen]
    if not hits or not extra:
        return [*hits, *extra]
    floor, top = hits[-1].score, max(h.score for h in extra) or 1.0
    return [*hits, *(replace(h, score=floor * h.score / top) for h in extra)]


def _absent_note(entry: CatalogueEntry) -> str:
    label = entry.label
    name = (
        label if label.casefold().startswith("the ") or SYMBOL_RE.match(label) else f"The {label}"
    )  # not "The S/RES/1265 (1999)"
    are, them = ("are", "them") if _plural_title(label) else ("is", "it")
    return f"{name} {are} listed in the corpus manifest but not indexed, so pocdoc cannot quote {them}. {entry.how_to_add()}"


def _plural_title(label: str) -> bool:
    """Whether a document's name is plural: "The Kigali Principles are listed ..."."""
    return bool(
        re.search(
            r"(?:Principles|Guidelines|Conventions|Protocols|Rules|Standards)\b(?:\s*\(.*\))?$",
            label,
        )
    )


def _alternatives(anchors: Sequence[Anchor]) -> list[list[Callable[[Passage], bool]]]:
    """What the question names side by side, each as a test of whether a passage is about it: the
    documents of one anchor ("the Additional Protocols"), and anchors of one kind where there are
    two or more ("in 2017 and in 2019", "MINUSTAH and MINUJUSTH", each by name: both are in
    Haiti). The answer covers each."""
    out: list[list[Callable[[Passage], bool]]] = [
        [a.named_in for a in group] for group in by_kind(anchors).values() if len(group) > 1
    ]
    out += [[_of_document(d) for d in a.doc_ids] for a in anchors if len(a.doc_ids) > 1]
    return out


def _of_document(doc_id: str) -> Callable[[Passage], bool]:
    return lambda passage: passage.doc_id == doc_id


def _context(reading: _Reading) -> list[str]:
    """The anchors that chose the passages, which scoring discounts; not the term a definition
    question asks about ("What does the marking 'IC' mean ...?" is answered by the unit on IC)."""
    form = reading.form
    defined = form.subject if form.form is Form.DEFINITION else ""
    return [
        a.text
        for a in reading.anchors
        if not (defined and a.text in defined) and a.kind is not AnchorKind.PHRASE
    ]


def _named_documents(reading: _Reading) -> dict[str, str]:
    """The names the question gives the documents it names, by doc_id (only an indexed one has
    passages to cover them)."""
    out: dict[str, str] = {}
    for a in reading.anchors:
        if a.kind is AnchorKind.DOCUMENT:
            for d in a.doc_ids:
                out[d] = f"{out.get(d, '')} {a.text}".strip()
    return out


def _focus(reading: _Reading) -> str:
    """What the passages must answer: a document-scoped question's subject ("protection of
    journalists"), as the document itself is the search's scope; else the whole question."""
    if reading.form.form is Form.DOCUMENT and len(reading.form.subject.split()) >= 1:
        return reading.form.subject
    return reading.standalone


def describe_filters(filters: Filters) -> str:
    """Filters in words: "document = gc-iv-1949; type = treaty; from 1977"."""
    parts = []
    if filters.doc_ids:
        parts.append("document = " + ", ".join(filters.doc_ids))
    if filters.doc_types:
        parts.append("type = " + ", ".join(filters.doc_types))
    if filters.issuing_bodies:
        parts.append("issued by " + ", ".join(filters.issuing_bodies))
    if filters.date_from:
        parts.append(f"from {filters.date_from}")
    if filters.date_to:
        parts.append(f"to {filters.date_to}")
    return "; ".join(parts)


def _abstain(
    hits: Sequence[Hit], message: str, common: dict, *, definitions: tuple[Definition, ...] = ()
) -> Answer:
    related = tuple(citation_for(h, n) for n, h in enumerate(hits[:_RELATED], 1))
    return Answer(
        answer=message,
        abstained=True,
        citations=(),
        related=related,
        definitions=definitions,
        **common,
    )


def _and(names: Sequence[str]) -> str:
    names = [n for n in names if n]
    return (
        names[0]
        if len(names) == 1
        else ", ".join(names[:-1]) + " and " + names[-1]
        if names
        else ""
    )


__all__ = ["ABSTAIN_MESSAGE", "Assistant", "Citation", "describe_filters", "render_answer"]
