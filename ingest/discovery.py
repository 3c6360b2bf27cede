"""Which files an ingest reads: the paths given, folders walked in sorted order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

UNNAMED = "the file name is not UTF-8 text (the index keeps names as UTF-8): rename the file"


def has_utf8_name(path: Path) -> bool:
    """Whether ``path`` can be kept in the ledger: a name of bytes that are not UTF-8 cannot."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Excludes(Protocol):
    def is_excluded(self, path: Path) -> bool: ...


def discover(paths: Sequence[Path], manifest: _Excludes) -> tuple[list[Path], list[Path]]:
    """(files to read, given paths that do not exist).

    A file named explicitly is always read (an unsupported type then fails with its own
    message); a folder contributes only files of supported types that the manifest does not
    exclude, skipping hidden files and folders.
    """
    from ingest.loaders import SUPPORTED_SUFFIXES

    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            missing.append(path)
            continue
        if path.is_file():
            candidates = [path]
        else:
            candidates = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not manifest.is_excluded(p)
            ]
        for p in candidates:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                files.append(p)
    return files, missing
