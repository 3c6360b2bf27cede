"""Glossary definitions for a question, with their sources named as a reader can follow them.

- A definition question ("What is tier 3 of POC?") gets the entry its subject names first.
- An enumeration of a term family ("What are the three tiers of POC?") gets every entry whose
  term is the family's head noun plus a numeral ("Tier I", "Tier II", "Tier III").
- Any other question gets an entry only when the entry's term and full form hold most of the
  question's content words ("Which tier involves physical protection?" -> Tier II).
- "Who wrote <document>?" gets the authors of the document's manifest record (:func:`authorship`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answers.questions import Form, QuestionForm
from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import Glossary, GlossaryEntry
from assistant.text import content_words
from assistant.types import Definition

_FAMILY_MEMBER = r"(?:[IVX]{1,4}|\d{1,2}|[A-Z])"
_MATCH_SHARE = 0.7  # share of the question's content words an entry must hold to be offered
_MIN_WORDS = 2
_MAX_DEFINITIONS = 4
# Words of the question that ask rather than name.
_ASKING = frozenset(
    content_words(
        "which what involves involve include includes concerns concern refers mean means stand"
    )
)


def definitions_for(
    question: str, form: QuestionForm, glossary: Glossary | None, catalogue: Catalogue | None
) -> list[Definition]:
    """The glossary definitions to show before the passages, best first (none when none fits)."""
    if glossary is None:
        return []
    entries: list[GlossaryEntry] = []
    if form.form is Form.ENUMERATION and form.head:
        entries = _family(glossary, form.head)
    if not entries and form.form in (Form.DEFINITION, Form.ENUMERATION):
        named = _named(glossary, form.subject)
        # "What is tier 3 of POC?" is about the terms it names; "What is MONUSCO's budget?" is not
        # about MONUSCO as such, and a definition of MONUSCO would not answer it.
        entries = named[:1] if named and _covers(named, form.subject) else []
    if not entries and form.form not in (Form.DOCUMENT, Form.PROCEDURE):
        entries = _closest(glossary, question)
        if form.form is Form.DEFINITION:
            # "Who are 'protected persons' under the Fourth Geneva Convention?" asks for a term of
            # GC IV, not for GC IV: an entry the question names outside its subject is its scope.
            scope = [
                e for e in _named(glossary, question) if e not in _named(glossary, form.subject)
            ]
            entries = [e for e in entries if e not in scope]
    return [to_definition(e, catalogue) for e in entries[:_MAX_DEFINITIONS]]


def authorship(entries: Sequence[CatalogueEntry]) -> list[Definition]:
    """ "Who wrote <document>?": the authors its manifest record names, shown first like a
    definition, the manifest as the source (a byline is never answer text, so no passage can say
    it)."""
    out = []
    for entry in entries:
        r = entry.record
        if r.authors:
            detail = ", ".join(filter(None, (r.doc_type, r.date[:4])))
            out.append(
                Definition(
                    entry.label,
                    "",
                    f"by {_joined(r.authors)}" + (f" ({detail})" if detail else ""),
                    "corpus manifest",
                    r.doc_id,
                )
            )
    return out


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def to_definition(entry: GlossaryEntry, catalogue: Catalogue | None) -> Definition:
    """The entry as a definition, its source named by the manifest's title when it has one."""
    if entry.is_curated:
        return Definition(
            entry.term,
            entry.full,
            entry.definition,
            f"pocdoc glossary, curated after {entry.reference}",
        )
    doc = catalogue.get(entry.source) if catalogue else None
    name = doc.label if doc else entry.source
    where = f", {entry.at}" if entry.at else ""
    status = "" if doc is None or doc.indexed else " (not indexed)"
    return Definition(
        entry.term,
        entry.full,
        entry.definition,
        f"pocdoc glossary, after {name}{where}{status}",
        entry.source,
        entry.at,
    )


def _family(glossary: Glossary, head: str) -> list[GlossaryEntry]:
    pattern = re.compile(rf"^{re.escape(head)}\s+{_FAMILY_MEMBER}$", re.IGNORECASE)
    members = [e for e in glossary.entries if pattern.match(e.term)]
    return members if len(members) >= 2 else []


def _named(glossary: Glossary, subject: str) -> list[GlossaryEntry]:
    """Entries the subject mentions, the first-mentioned (the subject's head) first."""
    seen: dict[int, None] = {}
    for index, _, _ in glossary.mention_spans(subject, link_places=False):
        seen.setdefault(index, None)
    return [glossary.entries[i] for i in seen]


def _covers(entries: list[GlossaryEntry], subject: str) -> bool:
    wanted = content_words(subject)
    names = set().union(
        *(content_words(" ".join((e.term, e.full, *e.aliases, *e.variants))) for e in entries)
    )
    return not wanted or len(wanted & names) / len(wanted) >= _MATCH_SHARE


def _closest(glossary: Glossary, question: str) -> list[GlossaryEntry]:
    wanted = content_words(question) - _ASKING
    if len(wanted) < _MIN_WORDS:
        return []
    scored = []
    for entry in glossary.entries:
        words = content_words(" ".join((entry.term, entry.full, *entry.aliases, *entry.variants)))
        share = len(wanted & words) / len(wanted)
        if share >= _MATCH_SHARE:
            scored.append((share, entry))
    scored.sort(key=lambda pair: -pair[0])
    return [scored[0][1]] if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]) else []
