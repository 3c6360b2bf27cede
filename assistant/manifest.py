"""The corpus manifest: one bibliographic record per document, read from ``corpus/manifest.toml``.

The manifest holds a ``[[document]]`` table per document, with the fields of
:class:`~assistant.types.DocumentRecord` plus two that only the manifest knows:

- ``file``: the file name a document is expected under when a user drops it into the corpus
  folder (or when ``pocdoc fetch`` downloads it), for documents that are not bundled;
- ``note``: free text on provenance or on how certain a field is.

An ``[ingest]`` table lists ``exclude`` glob patterns that the directory walk skips. A pattern
without a slash matches any path component (``README.md``, ``.*``); a pattern with a slash
matches the path relative to the corpus folder (``uploads/*``). Matching ignores case.

Loading never stops at a bad record: :func:`load_manifest` keeps the valid records and returns
one :class:`ManifestRecordError` per bad record in :attr:`Manifest.errors`, so ingest can report
each on one line and go on. Only a file that is not TOML, or whose top level is malformed, is fatal.

A record's own fields are checked by a pydantic model (:class:`ManifestEntry`), whose errors are
turned into one line per field with its fix; checks across records (duplicates, ``superseded_by``
chains) are done here. UN symbols and dates are parsed by :mod:`assistant.symbols`. Matching a
file to its record (:class:`Manifest`) is in :mod:`assistant.manifest_matching`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.errors import ManifestError
from assistant.glossary import GLOSSARY_FILE
from assistant.manifest_entry import DOC_ID_RE, ManifestEntry, parse_record
from assistant.manifest_matching import (
    DEFAULT_EXCLUDE,
    MANIFEST_NAME,
    Manifest,
    infer_record,
    slugify,
)
from assistant.symbols import split_symbols, symbol_key
from assistant.types import DocumentRecord

__all__ = [
    "DEFAULT_EXCLUDE",
    "MANIFEST_NAME",
    "Manifest",
    "ManifestRecordError",
    "infer_record",
    "load_manifest",
    "slugify",
    "validate_manifest",
]


class ManifestRecordError(ManifestError):
    """One malformed ``[[document]]`` record: names the file, the record, each bad field and its fix."""

    def __init__(
        self, source: object, index: int, doc_id: str, problems: list[tuple[str, str]]
    ) -> None:
        self.source = str(source)
        self.index = index
        self.doc_id = doc_id
        self.problems = tuple(problems)  # (field, "what is wrong; how to fix it")
        where = f"[[document]] #{index}" + (f" (doc_id '{doc_id}')" if doc_id else " (no doc_id)")
        details = "; ".join(f"field '{name}': {text}" for name, text in problems)
        super().__init__(f"{self.source}: {where}: {details}")

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.problems)


def load_manifest(corpus_dir: Path | str) -> Manifest:
    """Read ``corpus_dir/manifest.toml``; a corpus without one gets an empty manifest.

    Bad records are left out and reported in :attr:`Manifest.errors` (one error per record).

    Raises:
        ManifestError: the file is not valid TOML (names file and line), or its top level is
            malformed (an unknown table such as ``[[documents]]``, or a bad ``[ingest]`` table).
    """
    corpus_dir = Path(corpus_dir)
    source = corpus_dir / MANIFEST_NAME
    if not source.is_file():
        return Manifest(corpus_dir=corpus_dir)
    data = _read_toml(source)
    return _build(data, source, corpus_dir)


def validate_manifest(source: Path | str) -> list[ManifestError]:
    """Every problem in a manifest file, fatal or per record; empty when the file is valid."""
    source = Path(source)
    try:
        data = _read_toml(source)
        return list(_build(data, source, source.parent).errors)
    except ManifestError as exc:
        return [exc]


# -- reading and validating ---------------------------------------------------------------


def _read_toml(source: Path) -> dict[str, Any]:
    try:
        with source.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{source}:{line.group(1)}" if line else str(source)
        raise ManifestError(
            f"{where}: not valid TOML ({exc}); fix the syntax on that line"
        ) from exc
    except OSError as exc:
        raise ManifestError(
            f"{source}: cannot be read ({exc.strerror}); check the file exists and is readable"
        ) from exc


def _build(data: dict[str, Any], source: Path, corpus_dir: Path) -> Manifest:
    exclude = _read_ingest_table(data, source)
    raw_records = data.get("document", [])
    if not isinstance(raw_records, list):
        raise ManifestError(
            f"{source}: 'document' must be an array of tables; write each record under [[document]]"
        )
    entries: dict[int, dict[str, Any]] = {}
    valid: dict[int, ManifestEntry] = {}
    problems: dict[int, list[tuple[str, str]]] = {}
    for index, raw in enumerate(raw_records, start=1):
        entry, entries[index], found = parse_record(raw)
        if entry is not None:
            valid[index] = entry
        if found:
            problems[index] = found
    for index, found in _check_across(entries).items():
        problems.setdefault(index, []).extend(found)
    errors = tuple(
        ManifestRecordError(source, index, entries[index].get("doc_id", ""), problems[index])
        for index in sorted(problems)
    )
    records: dict[str, DocumentRecord] = {}
    files: dict[str, str] = {}
    notes: dict[str, str] = {}
    series: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for index, entry in valid.items():
        if index in problems:
            continue
        records[entry.doc_id] = entry.record()
        if entry.file:
            files[entry.doc_id] = entry.file
        if entry.note:
            notes[entry.doc_id] = entry.note
        if entry.series:
            series[entry.doc_id] = entry.series
        if entry.aliases:
            aliases[entry.doc_id] = entry.aliases
    return Manifest(
        corpus_dir, records, files, notes, exclude, errors, source, aliases, series=series
    )


def _read_ingest_table(data: dict[str, Any], source: Path) -> tuple[str, ...]:
    unknown = sorted(set(data) - {"ingest", "document"})
    if unknown:
        hint = difflib.get_close_matches(unknown[0], ["document", "ingest"], n=1)
        fix = (
            f"did you mean '{hint[0]}'?"
            if hint
            else "the manifest has only [ingest] and [[document]] tables"
        )
        raise ManifestError(f"{source}: unknown top-level key '{unknown[0]}'; {fix}")
    ingest = data.get("ingest", {})
    if not isinstance(ingest, dict) or set(ingest) - {"exclude"}:
        raise ManifestError(f"{source}: [ingest] may hold only 'exclude', a list of glob patterns")
    exclude = ingest.get("exclude", list(DEFAULT_EXCLUDE))
    if not isinstance(exclude, list) or not all(isinstance(p, str) and p.strip() for p in exclude):
        raise ManifestError(
            f'{source}: [ingest] exclude must be a list of non-empty glob strings, e.g. ["README.md"]'
        )
    return tuple(dict.fromkeys([*exclude, MANIFEST_NAME, GLOSSARY_FILE]))  # never documents


def _check_across(entries: dict[int, dict[str, Any]]) -> dict[int, list[tuple[str, str]]]:
    """Duplicate ids, paths, file hints and symbols; superseded_by naming an unknown id or a cycle."""
    problems: dict[int, list[tuple[str, str]]] = {}
    first_use: dict[tuple[str, str], int] = {}
    declared = [p["doc_id"] for p in entries.values() if DOC_ID_RE.fullmatch(p.get("doc_id", ""))]
    for index, parsed in entries.items():
        values = [
            ("doc_id", parsed.get("doc_id", "")),
            ("path", parsed.get("path", "")),
            ("file", parsed.get("file", "")),
        ]
        values += [("symbol", s) for s in split_symbols(parsed.get("symbol", ""))]
        for name, value in values:
            key = symbol_key(value) if name == "symbol" else value.casefold()
            first = first_use.setdefault((name, key), index) if key else index
            if first != index:
                problems.setdefault(index, []).append(
                    (
                        name,
                        f"'{value}' is already used by [[document]] #{first}; give each record its own {name}",
                    )
                )
        target = parsed.get("superseded_by", "")
        if target and target != parsed.get("doc_id") and target not in declared:
            hint = difflib.get_close_matches(target, declared, n=1)
            fix = (
                f"did you mean '{hint[0]}'?"
                if hint
                else "name the doc_id of a record in this manifest"
            )
            problems.setdefault(index, []).append(
                ("superseded_by", f"'{target}' is not a doc_id here; {fix}")
            )
    chains = {p["doc_id"]: p.get("superseded_by", "") for p in entries.values() if p.get("doc_id")}
    for index, parsed in entries.items():
        if parsed.get("superseded_by") != parsed.get("doc_id") and _in_cycle(
            parsed.get("doc_id", ""), chains
        ):
            problems.setdefault(index, []).append(
                (
                    "superseded_by",
                    "the superseded_by links form a cycle; the newest document must have none",
                )
            )
    return problems


def _in_cycle(doc_id: str, chains: Mapping[str, str]) -> bool:
    seen: set[str] = set()
    current = chains.get(doc_id, "")
    while current and current not in seen:
        if current == doc_id:
            return True
        seen.add(current)
        current = chains.get(current, "")
    return False
