"""Fixtures for the fault suite."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def token_counter():
    """The packaged MiniLM's word-piece counter, built once."""
    from assistant.settings import Settings
    from ingest.tokens import TokenCounter

    return TokenCounter.from_settings(Settings())
