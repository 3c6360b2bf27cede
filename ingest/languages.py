"""After an ingest: each passage's language and, with pocdoc[multilingual], its multilingual vector.

:func:`index_languages` brings ``POCDOC_HOME/languages.npz`` (:mod:`assistant.index.passage_languages`)
up to the ledger's passages: a passage whose text is unchanged keeps its row, so an ingest that
adds one document reads and encodes that document only. Without the extra, languages are still
recorded (the language filter works) and the multilingual arm stays off. Run it by hand on a home
indexed before this existed: ``python -m ingest.languages`` (``POCDOC_HOME`` names the home).
"""

from __future__ import annotations

import logging
import sys
import time

from assistant.encoders import MultilingualEncoder, multilingual_available
from assistant.index import Ledger, update_languages
from assistant.language import text_language
from assistant.settings import Settings, load_settings
from assistant.types import Passage

log = logging.getLogger(__name__)
_READ = 4000  # characters of a document read for its language


def index_languages(settings: Settings, *, vectors: bool | None = None) -> str:
    """Update the home's languages file; returns one line saying what was done.

    ``vectors``: encode multilingual vectors (default: when the extra is installed).
    """
    started = time.perf_counter()
    encode = vectors if vectors is not None else multilingual_available()
    ledger = Ledger(settings.ledger_path, create=False)
    try:
        with ledger.reading():
            passages = list(ledger.passages())
    finally:
        ledger.close()
    by_document: dict[str, list[str]] = {}
    for passage in passages:
        by_document.setdefault(passage.doc_id, []).append(passage.text)
    languages: dict[str, str] = {}

    def detect(passage: Passage) -> str:
        # A document has one language (an SG report is published once per language); one
        # passage alone can mislead the model (a list of place names reads as Spanish).
        if passage.doc_id not in languages:
            languages[passage.doc_id] = text_language(" ".join(by_document[passage.doc_id])[:_READ])
        return languages[passage.doc_id]

    encoder = MultilingualEncoder(threads=settings.embedding.threads) if encode else None
    table, fresh = update_languages(
        settings.home,
        passages,
        detect=detect,
        encode=encoder.encode_passages if encoder is not None else None,
        encode_words=encoder.encode_queries if encoder is not None else None,
        model=encoder.name if encoder is not None else "",
        dimension=encoder.dimension if encoder is not None else 0,
        # the corpus's words are read only by the word matching: off (1), they are not encoded
        words=settings.language.word_threshold < 1,
    )
    counts: dict[str, int] = {}
    for language in table.languages:
        counts[language] = counts.get(language, 0) + 1
    spread = ", ".join(f"{n} {lang}" for lang, n in sorted(counts.items(), key=lambda c: -c[1]))
    kind = "languages and multilingual vectors" if encoder is not None else "languages"
    return (
        f"{kind}: {len(table.ids)} passages ({spread or 'none'}), {fresh} read anew "
        f"in {time.perf_counter() - started:.1f} s"
    )


def main() -> int:
    print(index_languages(load_settings()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
