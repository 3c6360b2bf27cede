"""The query side composed from a home and a corpus folder: glossary, catalogue, engine, assistant.

The catalogue joins the corpus manifest (documents pocdoc knows of, bundled or not) with the
ledger (documents indexed), so answers can say that a named document is not indexed and how to
add it. ``ui/`` and ``eval/`` call :func:`open_assistant`; tests may build the parts themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assistant.catalogue import Catalogue, CatalogueEntry
from assistant.glossary import GLOSSARY_FILE, Glossary, load_glossary
from assistant.manifest import load_manifest

if TYPE_CHECKING:
    from assistant.answers import MultilingualAssistant
    from assistant.index import DocumentEntry
    from assistant.settings import Settings


def load_catalogue(
    corpus_dir: Any, indexed: Mapping[str, DocumentEntry], glossary: Glossary | None
) -> Catalogue:
    """Every manifest record, marked indexed or not, plus indexed documents the manifest lacks
    (uploads), with their ledger records."""
    manifest = load_manifest(corpus_dir)
    entries = {
        d: CatalogueEntry(r, d in indexed, manifest.files.get(d, ""), manifest.aliases.get(d, ()))
        for d, r in manifest.records.items()
    }
    for doc_id, doc in indexed.items():
        entries.setdefault(doc_id, CatalogueEntry(doc.record, True))
    return Catalogue(entries.values(), glossary)


def open_glossary(settings: Settings) -> Glossary | None:
    """The corpus glossary, or None when the corpus has none."""
    path = settings.corpus_dir / GLOSSARY_FILE
    return load_glossary(path) if path.exists() else None


def open_assistant(
    settings: Settings, *, embedder: Any = None, llm: Any = None
) -> MultilingualAssistant:
    """An assistant over the index under ``settings.home``: one engine, glossary and catalogue.

    ``llm`` is built from ``settings.llm`` when generative mode is configured and none is given.
    """
    from assistant.answers import MultilingualAssistant
    from assistant.retrieval import Engine

    glossary = open_glossary(settings)
    engine = Engine.open(settings, embedder=embedder, glossary=glossary)
    if llm is None and settings.llm.provider != "none":
        from assistant.answers import build_llm

        llm = build_llm(settings.llm)
    catalogue = load_catalogue(settings.corpus_dir, engine.documents, glossary)
    return MultilingualAssistant(engine, glossary=glossary, catalogue=catalogue, llm=llm)
