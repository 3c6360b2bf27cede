"""Shared fixtures. The model loads once per session; the bundled corpus is indexed once."""

from __future__ import annotations

import os

# Before anything imports huggingface_hub: nothing may download during tests.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session", autouse=True)
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ONNX export for the whole session: every settings object a test builds (and every
    `pocdoc` subprocess it starts) reads the exported encoder from this folder, never ~/.pocdoc."""
    folder = tmp_path_factory.mktemp("models")
    os.environ["POCDOC_EMBEDDING__MODELS_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def embedder(models_dir: Path):
    """The packaged all-MiniLM-L6-v2 on the default (onnx) back end, exported and loaded once."""
    from assistant.encoders import Embedder
    from assistant.settings import load_settings

    emb = Embedder.from_settings(load_settings())
    emb.encode_query("warm up")
    return emb


def passage_hit(text: str, doc_id: str, date: str = "", **fields):
    """A hit on a one-passage document written by the test (``fields``: other Passage fields)."""
    from assistant.types import Hit, Passage

    p = Passage(
        passage_id=f"{doc_id}:{abs(hash(text))}",
        doc_id=doc_id,
        text=text,
        ordinal=1,
        char_start=0,
        char_end=len(text),
        date=date,
        **fields,
    )
    return Hit(passage=p, score=1.0, rank=1, dense_score=0.5)


def make_settings(home: Path, **overrides):
    from assistant.settings import load_settings

    overrides.setdefault("corpus_dir", CORPUS)
    return load_settings(None, home=home, **overrides)


@pytest.fixture
def settings(tmp_path: Path):
    """Settings with a fresh home folder (POCDOC_HOME) for one test."""
    return make_settings(tmp_path / "home")


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, embedder):
    """Settings whose home holds the bundled corpus, indexed once for the whole session."""
    from ingest.pipeline import ingest_paths

    home = tmp_path_factory.mktemp("corpus-home")
    s = make_settings(home)
    summary = ingest_paths(s, [CORPUS], progress=False, embedder=embedder)
    assert summary.ok, [str(f) for f in summary.failed]
    return s


@pytest.fixture(scope="session")
def engine(assistant):
    """The retrieval Engine over the indexed bundled corpus (the assistant's), shared by the session."""
    return assistant.engine


@pytest.fixture(scope="session")
def assistant(corpus_settings, embedder):
    """The assistant (engine, glossary, catalogue) over the indexed bundled corpus, shared by the session."""
    from assistant.open import open_assistant

    return open_assistant(corpus_settings, embedder=embedder)


EDITION_HEAD = "Report of the Secretary-General on the United Nations Mission in Fooland\n\n"
OLDER_EDITION = EDITION_HEAD + (
    "1. The security situation remained tense in the north, where 42 civilians were killed.\n\n"
    "2. Cholera remained a serious concern, with 1,200 suspected cases in the capital.\n\n"
    "3. I thank my Special Representative and all Mission personnel for their dedication.\n"
)
NEWER_EDITION = EDITION_HEAD + (
    "1. The security situation remained tense in the north, where 57 civilians were killed.\n\n"
    "2. Floods displaced 20,000 people in the southern provinces.\n\n"
    "3. I thank my Special Representative and all Mission personnel for their dedication.\n"
)


@pytest.fixture(scope="session")
def ingest_editions(tmp_path_factory: pytest.TempPathFactory, embedder):
    """Two editions of one mission's report (UNFOO S/2020/100, then S/2020/300) ingested by the
    real pipeline, once per pair of texts: ``ingest_editions(older, newer)`` returns settings
    whose home holds them and whose corpus folder is theirs."""
    from ingest.pipeline import ingest_paths

    made = {}

    def ingest(older: str = OLDER_EDITION, newer: str = NEWER_EDITION):
        if (older, newer) not in made:
            root = tmp_path_factory.mktemp("editions")
            corpus = root / "corpus"
            corpus.mkdir()
            (corpus / "UNFOO_S_2020_100.txt").write_text(older, encoding="utf-8")
            (corpus / "UNFOO_S_2020_300.txt").write_text(newer, encoding="utf-8")
            settings = make_settings(root / "home", corpus_dir=corpus)
            summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
            assert summary.ok, [str(f) for f in summary.failed]
            made[(older, newer)] = settings
        return made[(older, newer)]

    return ingest


@pytest.fixture(scope="session")
def two_editions(ingest_editions):
    """Settings whose home holds the two small editions above (OLDER_EDITION, NEWER_EDITION)."""
    return ingest_editions()
