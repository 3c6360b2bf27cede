"""Reading the lines of a dataset file (JSONL or TSV) so that every error names the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import DatasetError


def read_lines(file: Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, text), decoding each line as UTF-8 so an error can name its line."""
    try:
        fh = file.open("rb")
    except FileNotFoundError as exc:
        raise DatasetError(f"{file}: file not found") from exc
    except OSError as exc:
        raise DatasetError(f"{file}: cannot be read ({exc.strerror})") from exc
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                yield lineno, raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise DatasetError(f"{file}:{lineno}: not UTF-8 text ({exc.reason})") from exc


def read_jsonl(file: Path) -> Iterator[tuple[int, dict]]:
    for lineno, line in read_lines(file):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                f"{file}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})"
            ) from exc
        if not isinstance(record, dict):
            raise DatasetError(
                f"{file}:{lineno}: expected a JSON object, got {type(record).__name__}"
            )
        yield lineno, record
