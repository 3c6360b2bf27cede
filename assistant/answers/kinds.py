"""Documents a question names by their kind and number: "the two POC papers", "both reports".

People compare documents without naming them when the collection makes plain which they mean:
"how do the two POC papers differ on ..." over a corpus that holds two papers besides its treaties
and reports. Such a phrase names the indexed documents of its kind when the catalogue holds
exactly as many as it counts; then each is an alternative the answer quotes (as "the Additional
Protocols" names both protocols). A count that does not match names nothing: guessing which two
of five reports are meant would quote the wrong ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answers.anchors import Anchor, AnchorKind
from assistant.catalogue import Catalogue
from assistant.lexicon import NUMBER_WORDS

# What a kind of document is called (a fact of English and of document types): a treaty is also a
# convention or a protocol; a report is a report; any other prose document is a paper.
_NOUNS = {
    "papers": "paper",
    "notes": "paper",
    "documents": "paper",
    "summaries": "paper",
    "publications": "paper",
    "reports": "report",
    "treaties": "treaty",
    "conventions": "treaty",
    "protocols": "treaty",
}
_TYPES = {"report": "report", "treaty": "treaty"}  # any other doc_type is a paper
_COUNTED = re.compile(
    r"\b(?P<count>both|two|three|four|five)\s+(?:[\w-]+\s+){0,2}?(?P<noun>"
    + "|".join(_NOUNS)
    + r")\b",
    re.IGNORECASE,
)


def kind_of(doc_type: str) -> str:
    """The kind a question calls a document of ``doc_type`` by: "report", "treaty" or "paper"."""
    return _TYPES.get(doc_type.casefold(), "paper")


def counted_documents(
    question: str,
    catalogue: Catalogue | None,
    indexed: Callable[[str], bool],
    anchors: Sequence[Anchor] = (),
) -> list[Anchor]:
    """One document anchor per phrase of ``question`` that counts documents of a kind ("the two
    POC papers") when exactly that many indexed documents are of that kind; none where the
    question already names documents side by side."""
    if catalogue is None or any(
        a.kind is AnchorKind.DOCUMENT and len(a.doc_ids) > 1 for a in anchors
    ):
        return []
    out: list[Anchor] = []
    for m in _COUNTED.finditer(question):
        word = m.group("count").casefold()
        count = 2 if word == "both" else NUMBER_WORDS[word]
        kind = _NOUNS[m.group("noun").casefold()]
        docs = [
            doc_id
            for doc_id, entry in catalogue.entries.items()
            if entry.indexed and indexed(doc_id) and kind_of(entry.record.doc_type) == kind
        ]
        if len(docs) != count:
            continue
        patterns = tuple(p for d in docs for p in catalogue.name_patterns(d))
        out.append(Anchor(AnchorKind.DOCUMENT, m.group(), patterns, doc_ids=tuple(docs)))
    return out
