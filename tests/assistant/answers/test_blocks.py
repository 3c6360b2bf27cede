"""Blocks: what a passage's blocks are, and which read as headings rather than statements."""

from __future__ import annotations

from assistant.answers.blocks import is_heading_like


def test_heading_like() -> None:
    assert is_heading_like("PART I — SCOPE OF THIS PROTOCOL")
    assert is_heading_like("Article 79 — Measures of protection for journalists")
    assert is_heading_like("Civilian-oriented missions")
    assert not is_heading_like("The taking of hostages is prohibited.")
