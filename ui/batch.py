"""The batch interface of `pocdoc ask --questions FILE.jsonl`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import ConfigError


def read_questions(path: Path) -> Iterator[tuple[str, str, str]]:
    """(id, question, error) per non-empty line; a bad line yields an error naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read questions file {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield "", "", f"{where}: not valid JSON ({exc.msg})"
            continue
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("question"), str)
            or not item["question"].strip()
        ):
            yield "", "", f'{where}: each line needs a non-empty "question" string'
            continue
        qid = item.get("id", number)
        yield str(qid), item["question"], ""
