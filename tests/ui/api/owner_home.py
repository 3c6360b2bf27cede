"""A tiny home for the owner's tests: two short documents indexed in a second, the app over it
(helpers, not fixtures: tests/ui/api/conftest.py holds the edge tests' fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ALERTS = (
    "# Community alert networks\n\n"
    "Community alert networks let villagers warn the mission of imminent attacks by telephone. "
    "Peacekeepers then deploy a patrol to deter the armed group.\n"
)
PATROLS = (
    "# Night patrols\n\n"
    "Night patrols near the camps reduced sexual violence against women collecting firewood. "
    "The battalion ran them with the local police.\n"
)
# Words found only in the document an upload or an ingest adds: a question about them is answered
# from the new document, or not at all.
MANGROVE = (
    "# Mangrove rangers\n\n"
    "The Zorvath mangrove rangers escort fishing boats through the Kelmir delta at dawn. "
    "Each ranger team carries a satellite beacon to call the quick reaction force.\n"
)
MANGROVE_QUESTION = "Who escorts fishing boats through the Kelmir delta?"


def tiny_home(root: Path, embedder: Any, files: dict[str, str] | None = None) -> Any:
    """Settings for a home under ``root`` whose corpus folder holds ``files``, all indexed."""
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings

    files = {"alerts.md": ALERTS, "patrols.md": PATROLS} if files is None else files
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(root / "home", corpus_dir=corpus)
    if files:
        summary = ingest_paths(settings, [corpus], progress=False, embedder=embedder)
        assert summary.ok and summary.documents_total == len(files), summary.line()
    return settings


@contextmanager
def api_client(settings: Any, embedder: Any, **kwargs: Any) -> Iterator[Any]:
    """A TestClient on the app over ``settings.home``, sending the owner's key."""
    from fastapi.testclient import TestClient

    from ui.api.app import create_app
    from ui.api.auth import client_headers

    app = create_app(settings, embedder=embedder, **kwargs)
    with TestClient(app) as client:
        client.headers.update(client_headers(settings.home))
        yield client
