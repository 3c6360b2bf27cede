"""The assistant: resolve the question, retrieve, check its anchors, answer with citations or abstain.

:class:`Assistant` is composed by its caller (``ui/``, ``eval/``) from a retrieval-only
:class:`~assistant.retrieval.engine.Engine`, the glossary, the document catalogue and, for generative mode,
an LLM. One question walks :meth:`Assistant.ask` top to bottom:

1. the follow-up is resolved against the conversation;
2. its form (:mod:`assistant.answers.questions`) and anchors (:mod:`assistant.answers.anchors`) are read
   (:mod:`assistant.answers.reading`);
3. a question that names a document the manifest lists but the index lacks is told so, with how
   to add it; one asked of an indexed document searches that document (only, if no hit is from
   it and it holds the question's key term);
4. the engine retrieves (and within the report of a month asked, :mod:`assistant.answers.dates`);
   passages that mention every anchor are the evidence (:mod:`assistant.answers.mentions`);
5. an anchor no passage mentions ("MINUSCA" when the corpus has MINUSTAH), or an evidence score
   under the calibrated threshold, abstains, saying what is missing (:mod:`.abstention`);
6. otherwise glossary definitions (with their sources) come first, then the composed passages
   (:mod:`assistant.answers.composer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.answers.abstention import (
    ABSTAIN_MESSAGE,
    absent_note,
    abstain,
    abstain_message,
    anchors_missing,
    describe_filters,
    no_value,
    not_held,
    not_indexed,
    other_year,
    unstated_value,
)
from assistant.answers.anchors import Anchor, AnchorKind
from assistant.answers.changes import change_answer
from assistant.answers.composer import Composer, render_answer
from assistant.answers.dates import of_the_month
from assistant.answers.evidence import (
    bears_for,
    defined,
    definitions_of,
    documents_defined,
    each_alternative,
    elsewhere_for,
    merged,
    score_evidence,
    term_uses,
)
from assistant.answers.focus import question_focus
from assistant.answers.generative import generated
from assistant.answers.holdings import after_coverage, refusal
from assistant.answers.mentions import best_anchored, missing_anchors, quoted_years_instead
from assistant.answers.questions import Form
from assistant.answers.reading import (
    Reading,
    alternatives_in,
    context_of,
    focus_of,
    named_documents,
    names_for,
    read_question,
    scope_of,
)
from assistant.answers.scoring import CachedEncoder, Observe
from assistant.answers.searching import pool_for
from assistant.catalogue import Catalogue
from assistant.errors import ConfigError, EndpointError
from assistant.glossary import Glossary
from assistant.modes import AnswerMode
from assistant.types import Answer, AnswerSentence, Citation, Definition, Filters, Hit, Turn

if TYPE_CHECKING:
    from assistant.retrieval import Engine

_POOL_FACTOR = 3  # the composer reads 3 x top_k passages; whether to answer is decided on top_k
_DATED_HITS = 2  # the best passages of the report of the question's month join the top_k


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
        self.names = names_for(engine, glossary, catalogue)  # read_question's name layer
        self.observe: Observe | None = None  # sees each question's scored units (eval fits on them)

    def ask(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        question = question_focus(question)  # the asking clause, without chatter around it
        mode = self._mode(mode)
        if changed := change_answer(self, question):  # "what changed between": pairs, both cited
            return changed
        reading, notice = read_question(
            question,
            history,
            filters,
            mode,
            llm=self.llm,
            glossary=self.glossary,
            catalogue=self.catalogue,
            indexed=self._indexed,
            names=self.names,
        )
        search_filters = scope_of(reading, self._indexed)
        k = top_k or self.settings.retrieval.top_k
        search_filters, pool = pool_for(
            self.engine, reading, search_filters, k=k, size=k * _POOL_FACTOR
        )
        hits = pool[:k]
        if (
            self.settings.retrieval.expand_glossary
            and self.engine.expand(reading.standalone) != reading.standalone
        ):
            # the expansion ("Haiti": 3 missions) can outweigh "homicides": the plain BM25 top_k joins
            plain = self.engine.retrieve(
                reading.standalone, top_k=k, method="bm25", filters=search_filters, expand=False
            )
            pool = merged(pool, plain)
        bears, elsewhere = bears_for(self.engine, reading), elsewhere_for(self.engine)
        hits, pool = each_alternative(self.engine, reading, hits, pool, k, search_filters, bears)
        dated = of_the_month(self.engine, reading, self.catalogue, k, search_filters)
        hits, pool = merged(hits, dated[:_DATED_HITS]), merged(pool, dated)
        evidence_hits = best_anchored(reading.anchors, hits, bears=bears, elsewhere=elsewhere)
        common: dict[str, Any] = {
            "question": reading.question,
            "standalone_question": reading.standalone,
            "evidence_score": self.evidence_score(
                focus_of(reading), evidence_hits, named=named_documents(reading)
            ),
            "filters": reading.filters.to_dict() if reading.filters else {},
            "settings": self.settings.public_dict(),
            "form": reading.form.form.value,
            "anchors": tuple(a.text for a in reading.anchors),
            "mode": mode.value,
            "notice": notice,
        }
        if why := refusal(reading, pool, catalogue=self.catalogue, glossary=self.glossary):
            return not_held(reading, why, hits, common)  # a document or report it does not hold
        # "What does the Future of POC note say about the HRDDP?" asks an indexed document about
        # one that is not: that is answered, and the missing one named, as is "What is the HRDDP?"
        if (
            reading.absent
            and reading.form.form is not Form.DEFINITION
            and not any(map(self._indexed_document, reading.anchors))
        ):
            return not_indexed(
                reading, hits, common, glossary=self.glossary, catalogue=self.catalogue
            )
        if reading.absent:  # asked what it is, or what an indexed document says of it: answer from what mentions it, and say so
            common["notice"] = " ".join(
                filter(None, [common["notice"], *(absent_note(e) for e in reading.absent)])
            )
        definitions = definitions_of(reading, self.glossary, self.catalogue)
        missing = missing_anchors(
            reading.anchors, [h.passage for h in hits], bears=bears, elsewhere=elsewhere
        )
        if missing and not (
            reading.form.form is Form.DEFINITION and defined(missing, definitions, self.glossary)
        ):
            if {d for a in missing for d in a.doc_ids} & reading.absent_ids:
                return not_indexed(
                    reading, hits, common, glossary=self.glossary, catalogue=self.catalogue
                )  # the document not indexed is what is missing: say so
            return anchors_missing(
                reading,
                missing,
                hits,
                common,
                glossary=self.glossary,
                indexed_document=self._indexed_document,
                coverage=after_coverage(reading.anchors, self.catalogue),
            )
        weak = (
            not evidence_hits or common["evidence_score"] < self.settings.answer.abstain_threshold
        )
        if weak:
            if not definitions:
                return abstain(hits, abstain_message(reading), common)
            # The glossary answers; the passages follow only where they use the defined term
            # (the composer keeps to those), however weakly they bear on the rest of the question.
            # Nothing is generated from such passages: they are quoted, or not shown.
            evidence_hits = list(hits)
        if mode is AnswerMode.GENERATIVE and not weak:
            try:
                return generated(
                    reading,
                    evidence_hits,
                    history,
                    definitions,
                    common,
                    llm=self.llm,
                    embedder=self.engine.embedder,
                    settings=self.settings.answer,
                )
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
            dated=tuple(dict.fromkeys(h.passage.doc_id for h in dated)),
        )

    def evidence_score(
        self, question: str, hits: Sequence[Hit], *, named: dict[str, str] | None = None
    ) -> float:
        """How strongly the corpus bears on the question, in [0, 1] (see ``score_evidence``)."""
        return score_evidence(self.engine, question, hits, named=named)

    def _mode(self, mode: str | None) -> AnswerMode:
        chosen = AnswerMode.parse(mode or self.settings.answer.mode)
        if chosen is AnswerMode.GENERATIVE and self.llm is None:
            raise ConfigError(
                "generative mode needs an endpoint: set llm.provider (openai_like or ollama) and llm.base_url"
            )
        return chosen

    def _indexed(self, doc_id: str) -> bool:
        return doc_id in self.engine.documents

    def _indexed_document(self, anchor: Anchor) -> bool:
        """Whether ``anchor`` names documents, all of them indexed."""
        return (
            anchor.kind is AnchorKind.DOCUMENT
            and bool(anchor.doc_ids)
            and all(self._indexed(d) for d in anchor.doc_ids)
        )

    # -- answers -----------------------------------------------------------------------------
    def _extractive(
        self,
        reading: Reading,
        evidence_hits: Sequence[Hit],
        history: Sequence[Turn],
        definitions: tuple[Definition, ...],
        hits: Sequence[Hit],
        common: dict[str, Any],
        dated: tuple[str, ...] = (),
    ) -> Answer:
        composer = Composer(
            tokens=self.engine.query_tokens,
            idf=self.engine.idf,
            encode=self._encode,
            max_units=self.settings.answer.max_sentences,
            stored=self.engine.unit_vectors,
            observe=self.observe,
            tuning=self.settings.answer.compose,
            expand=self.engine.expand,
        )
        said = [t.answer for t in history if t.answer]
        uses = term_uses(definitions, self.glossary)
        if (
            reading.absent and not definitions
        ):  # what an indexed document says of one that is not: the units that name it
            uses = tuple(
                p
                for a in reading.anchors
                if a.kind is AnchorKind.DOCUMENT and set(a.doc_ids) & reading.absent_ids
                for p in a.patterns
            )

        def composed(evidence: Sequence[Hit]) -> tuple[list[AnswerSentence], list[Citation]]:
            return composer.compose(
                focus_of(reading),
                reading.form,
                evidence,
                already_said=said,
                must_mention=uses,
                mentioned_in=documents_defined(definitions, self.catalogue, self._indexed),
                context=context_of(reading),
                articles=[a.article for a in reading.anchors if a.kind is AnchorKind.ARTICLE],
                following=self.engine.following,
                alternatives=alternatives_in(reading.anchors),
                scope=[a.text for a in reading.anchors if a.kind is AnchorKind.DOCUMENT],
            )

        sentences, citations = composed(evidence_hits)
        if not sentences and not definitions:
            return abstain(hits, abstain_message(reading), common)
        if (
            sentences
            and not definitions
            and (value := unstated_value(reading, sentences, self.engine))
        ):
            # Before saying the report the question's date picks does not state the figure, the
            # whole report is read: the paragraph that states it may share too few words with
            # the question to be retrieved ("how many civpol": "civilian police grew ... to
            # 1,270 officers").
            if len(dated) != 1:
                return no_value(reading, value, hits, common, glossary=self.glossary)
            report = self.engine.as_hits(
                list(self.engine.document_passages(dated[0])), reading.standalone
            )
            sentences, citations = composed(report)
            if not sentences or unstated_value(reading, sentences, self.engine):
                return no_value(reading, value, hits, common, glossary=self.glossary)
        if (
            sentences
            and not definitions
            and reading.form.form is Form.FACTOID
            and (years := quoted_years_instead(reading.anchors, sentences, citations))
        ):
            return other_year(reading, years, hits, common)
        common["mode"] = AnswerMode.EXTRACTIVE.value
        text = "\n".join(
            [*(absent_note(e) for e in reading.absent), render_answer(definitions, sentences)]
        )
        return Answer(
            answer=text,
            abstained=False,
            citations=tuple(citations),
            sentences=tuple(sentences),
            definitions=definitions,
            **common,
        )


__all__ = ["ABSTAIN_MESSAGE", "Assistant", "Citation", "describe_filters", "render_answer"]
