"""Phrases of the documents, as data: ``data/phrases.toml`` (cover-note openers, the frames a
question asks through, tier markers), compiled once and read by the rules that match them.

Each key of the file is a list of regular expressions, joined as alternatives and matched ignoring
case. A file that cannot be read, lacks a key or holds a pattern that does not compile is refused
with the file, the key and the fix.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from assistant.errors import ConfigError

PHRASES_PATH = Path(__file__).parent / "data" / "phrases.toml"
KEYS = ("cover_note", "frame", "tier_marker")


@functools.cache
def phrase_pattern(key: str, path: Path = PHRASES_PATH) -> re.Pattern[str]:
    """The phrases of ``key`` as one case-insensitive pattern (alternatives in file order)."""
    items = _load(path).get(key)
    if not isinstance(items, list) or not items or not all(isinstance(x, str) for x in items):
        raise ConfigError(
            f"{path}: key '{key}' must be a non-empty list of regular expressions, "
            f"not {items!r}; restore it from git"
        )
    try:
        return re.compile("|".join(items), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            f"{path}: key '{key}' holds a pattern that does not compile ({exc})"
        ) from exc


@functools.cache
def _load(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"cannot read the answer phrases {path} ({exc}); restore it from git"
        ) from exc
