"""A small home for the API's edge tests (keys, OpenAI-compatible, MCP): a two-page PDF report
and a Markdown note, indexed once per module, and the app over it, on a real loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPORT = [
    [
        ("Report of the Secretary-General on the Patrol Mission", 14.0),
        "",
        ("I. Patrols", 12.0),
        "",
        "1. Night patrols near displaced persons camps deter attacks on civilians in",
        "the northern districts, where most incidents were reported.",
    ],
    [
        ("II. Early warning", 12.0),
        "",
        "2. Community alert networks let villagers warn the mission of imminent",
        "attacks; the mission answered 40 alerts with patrols within two hours.",
    ],
]
NOTE = (
    "# Protection tiers\n\n"
    "## The three tiers\n\n"
    "Tier I is protection through dialogue and engagement with the parties.\n\n"
    "Tier II is the provision of physical protection by peacekeepers.\n\n"
    "Tier III is the establishment of a protective environment.\n"
)


def build_pdf(pages: list) -> bytes:
    """The ingest tests' hand-written PDF builder (tests/ingest/conftest.py), loaded by path:
    `tests` is not a package, and that conftest is not loaded when only these tests run."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "ingest" / "conftest.py"
    spec = importlib.util.spec_from_file_location("pocdoc_ingest_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return bytes(module.build_pdf(pages))


@pytest.fixture(scope="module")
def api_settings(tmp_path_factory: pytest.TempPathFactory, embedder):
    from assistant.settings import load_settings
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("api-home")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "patrols.pdf").write_bytes(build_pdf(REPORT))
    (corpus / "tiers.md").write_text(NOTE, encoding="utf-8")
    settings = load_settings(None, home=root / "home", corpus_dir=corpus)
    summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
    assert summary.ok, [str(f) for f in summary.failed]
    return settings


@pytest.fixture(scope="module")
def api_app(api_settings, embedder):
    from ui.api.app import create_app

    return create_app(api_settings, embedder=embedder)


@pytest.fixture(scope="module")
def api_url(api_app) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 (a free port), for the module."""
    from tests.ui.api.owner_home import serve_app

    with serve_app(api_app) as url:
        yield url


@pytest.fixture(scope="module")
def owner_key(api_settings) -> str:
    from ui.api.keys import ensure_owner_token

    return ensure_owner_token(api_settings.home)


def home_of(settings) -> Path:
    return Path(settings.home)
