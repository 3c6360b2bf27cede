"""Phrases of the documents as data (phrases.py, data/phrases.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answers.phrases import KEYS, phrase_pattern
from assistant.errors import ConfigError


def test_every_key_of_the_shipped_file_compiles() -> None:
    for key in KEYS:
        assert phrase_pattern(key).pattern


def test_the_shipped_phrases_match_what_they_describe() -> None:
    assert phrase_pattern("cover_note").match("Attached is an advance copy of the report")
    assert not phrase_pattern("cover_note").match("The mission is attached to the report")
    assert phrase_pattern("frame").search("What does the Secretary-General's report say about it")
    assert phrase_pattern("tier_marker").search("protection through dialogue (tier 1)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('cover_note = "one string"\n', "key 'cover_note' must be a non-empty list"),
        ("frame = []\n", "key 'cover_note' must be a non-empty list"),
        ("cover_note = ['(unclosed']\n", "does not compile"),
        ("cover_note = [\n", "cannot read the answer phrases"),
    ],
)
def test_a_broken_phrases_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "phrases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        phrase_pattern("cover_note", path)
    assert str(path) in str(caught.value)
