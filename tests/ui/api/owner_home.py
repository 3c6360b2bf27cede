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


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port in a thread; yields its url once its
    home is open, and stops it after."""
    import socket
    import threading
    import time

    import httpx
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        while not httpx.get(f"{url}/v1/health").json().get("ready"):
            assert time.monotonic() < deadline, "the app's home did not open"
            time.sleep(0.1)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def serving(settings: Any, embedder: Any, **kwargs: Any) -> Iterator[str]:
    """The app over ``settings.home``, served (:func:`serve_app`) and recorded in the home's
    server file as `pocdoc serve` records itself, so the UI and the CLI find it."""
    from ui.api.app import create_app
    from ui.api.serverfile import remove_server_file, write_server_file

    with serve_app(create_app(settings, embedder=embedder, **kwargs)) as url:
        write_server_file(Path(settings.home), url)
        try:
            yield url
        finally:
            remove_server_file(Path(settings.home))
