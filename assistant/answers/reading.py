"""Reading a question: what the assistant reads off it before retrieving, and what that reading
asks of the search and of the composer.

The follow-up is resolved against the conversation (and condensed by the LLM in generative mode);
its form (:mod:`assistant.answers.questions`) and anchors (:mod:`assistant.answers.anchors`) are
read, and the documents it names that the manifest lists but the index lacks. A document-scoped
question about indexed documents searches those documents only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.answers.anchors import Anchor, AnchorKind, by_kind, find_anchors
from assistant.answers.conversation import follow_up_focus, is_follow_up, resolve_follow_up
from assistant.answers.edition_years import editions, without_editions
from assistant.answers.kinds import counted_documents
from assistant.answers.questions import Expect, Form, QuestionForm, classify
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.errors import ConfigError, EndpointError
from assistant.glossary import Glossary
from assistant.modes import AnswerMode
from assistant.names import NameIndex, build_name_index
from assistant.names_corpus import vocabulary
from assistant.types import Filters, Turn

if TYPE_CHECKING:
    from assistant.retrieval import Engine
    from assistant.types import Passage

Indexed = Callable[[str], bool]  # whether the index holds a document (by doc_id)


@dataclass(frozen=True)
class Reading:
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


def names_for(engine: Engine, glossary: Glossary | None, catalogue: Catalogue | None) -> NameIndex:
    """The name layer for questions over ``engine``'s corpus: the glossary's and catalogue's names,
    and those its passages write with capitals."""
    return build_name_index(
        glossary,
        catalogue,
        fuzzy_threshold=engine.settings.answer.name_fuzzy_threshold,
        texts=(p.text for p in engine.passages()),
        words=vocabulary(engine.settings.resolved_model_path()),
    )


def read_question(
    question: str,
    history: Sequence[Turn],
    filters: Filters | None,
    mode: AnswerMode,
    *,
    llm: Any,
    glossary: Glossary | None,
    catalogue: Catalogue | None,
    indexed: Indexed,
    names: NameIndex | None = None,
) -> tuple[Reading, str]:
    """The question's reading, and a notice for the answer ("" unless condensing it failed)."""
    question = question.strip()
    if not question:
        raise ConfigError("the question is empty: ask something")
    # Names as the documents write them ("timor leste" -> "Timor-Leste", "gc4" -> "GC4", "Sept
    # 2009" -> "September 2009"): every anchor kind below is read off the same text.
    written = names.canonical(question) if names is not None else question
    standalone, filters = resolve_follow_up(written, history, filters)
    notice = ""
    if mode is AnswerMode.GENERATIVE and history:
        from assistant.answers.generation import condense_question

        try:
            standalone = condense_question(history, question, llm=llm)
        except EndpointError as exc:
            notice = f"the LLM endpoint failed while condensing the conversation ({exc}); used the plain follow-up"
    anchors = tuple(find_anchors(standalone, glossary=glossary, catalogue=catalogue, names=names))
    anchors += tuple(counted_documents(standalone, catalogue, indexed, anchors))  # "the two papers"
    own = [e for e in editions(standalone, anchors, catalogue) if e.own] if catalogue else []
    if own:  # "the 1949 Fourth Geneva Convention" is the Fourth Geneva Convention
        standalone = without_editions(standalone, own)
        years = {e.year for e in own}
        anchors = tuple(a for a in anchors if not (a.kind is AnchorKind.YEAR and a.text in years))
    named = dict.fromkeys(
        d for a in anchors for d in a.doc_ids
    )  # in the question's order, every run the same
    absent = (
        tuple(entry for d in named if (entry := catalogue.get(d)) is not None and not indexed(d))
        if catalogue
        else ()
    )
    focus = follow_up_focus(question) if history and is_follow_up(question) else ""
    return Reading(
        question, standalone, classify(standalone), anchors, filters, absent, focus
    ), notice


def scope_of(reading: Reading, indexed: Indexed) -> Filters | None:
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
        d for a in reading.anchors if a.kind is AnchorKind.DOCUMENT for d in a.doc_ids if indexed(d)
    )
    return Filters(doc_ids=docs) if docs else reading.filters


def alternatives_in(anchors: Sequence[Anchor]) -> list[list[Callable[[Passage], bool]]]:
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


def context_of(reading: Reading) -> list[str]:
    """The anchors that chose the passages, which scoring discounts; not the term a definition
    question asks about ("What does the marking 'IC' mean ...?" is answered by the unit on IC)."""
    form = reading.form
    defined = form.subject if form.form is Form.DEFINITION else ""
    return [
        a.text
        for a in reading.anchors
        if not (defined and a.text in defined) and a.kind is not AnchorKind.PHRASE
    ]


def named_documents(reading: Reading) -> dict[str, str]:
    """The names the question gives the documents it names, by doc_id (only an indexed one has
    passages to cover them)."""
    out: dict[str, str] = {}
    for a in reading.anchors:
        if a.kind is AnchorKind.DOCUMENT:
            for d in a.doc_ids:
                out[d] = f"{out.get(d, '')} {a.text}".strip()
    return out


def focus_of(reading: Reading) -> str:
    """What the passages must answer: a document-scoped question's subject ("protection of
    journalists"), as the document itself is the search's scope; else the whole question."""
    if reading.form.form is Form.DOCUMENT and len(reading.form.subject.split()) >= 1:
        return reading.form.subject
    return reading.standalone
