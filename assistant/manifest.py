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
chains) are done here. UN symbols and dates are parsed by :mod:`assistant.symbols`.
"""

from __future__ import annotations

import dataclasses
import difflib
import fnmatch
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from assistant.errors import ManifestError
from assistant.glossary import GLOSSARY_FILE
from assistant.manifest_entry import DOC_ID_RE, ManifestEntry, parse_record
from assistant.symbols import (
    NAME_SYMBOL,
    doc_type_for_symbol,
    parse_date_hint,
    split_symbols,
    symbol_from_name,
    symbol_key,
    year_of_symbol,
)
from assistant.types import DocumentRecord

MANIFEST_NAME = "manifest.toml"
DEFAULT_EXCLUDE = ("README.md", "SOURCE.md", "NOTICE*", MANIFEST_NAME, GLOSSARY_FILE, ".*")


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


@dataclass(frozen=True)
class Manifest:
    """The valid records of a corpus manifest, with what is needed to match files to them."""

    corpus_dir: Path
    records: Mapping[str, DocumentRecord] = field(default_factory=dict)  # by doc_id
    files: Mapping[str, str] = field(default_factory=dict)  # doc_id -> expected file name
    notes: Mapping[str, str] = field(default_factory=dict)  # doc_id -> provenance note
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    errors: tuple[ManifestError, ...] = ()
    source: Path | None = None  # the manifest file; None when the corpus has none
    _by_path: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_name: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_symbol: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        base_names: dict[str, list[str]] = {}
        for doc_id, record in self.records.items():
            if record.path:
                self._by_path[record.path.casefold()] = doc_id
                base_names.setdefault(PurePosixPath(record.path).name.casefold(), []).append(doc_id)
            for symbol in split_symbols(record.symbol):
                self._by_symbol[symbol_key(symbol)] = doc_id
        for name, ids in base_names.items():
            if len(ids) == 1:  # a bundled file moved to another folder still finds its record
                self._by_name[name] = ids[0]
        for doc_id, name in self.files.items():
            self._by_name[name.casefold()] = doc_id  # an explicit file hint wins over a base name

    def relative_path(self, path: Path | str) -> str:
        """``path`` relative to the corpus folder, as a POSIX string.

        A relative ``path`` is taken from the working directory when that lands inside the
        corpus folder, else from the corpus folder itself. A path outside it gives its name alone.
        """
        path = Path(path)
        root = self.corpus_dir.resolve()
        try:
            return (
                (path if path.is_absolute() else Path.cwd() / path)
                .resolve()
                .relative_to(root)
                .as_posix()
            )
        except ValueError:
            pass
        if not path.is_absolute() and ".." not in path.parts:
            return PurePosixPath(*path.parts).as_posix()
        return path.name

    def is_excluded(self, path: Path | str) -> bool:
        """Whether the directory walk should skip ``path`` (see the module docstring for the rules)."""
        rel = self.relative_path(path).casefold()
        parts = rel.split("/")
        for pattern in self.exclude:
            pat = pattern.casefold().rstrip("/")
            if "/" in pat:
                if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(rel, pat + "/*"):
                    return True
            elif any(fnmatch.fnmatchcase(part, pat) for part in parts):
                return True
        return False

    def record_for(
        self, path: Path | str, *, title_hint: str = "", symbol_hint: str = "", date_hint: str = ""
    ) -> DocumentRecord:
        """The record for a file: by its path, its ``file`` hint name, or its UN symbol; else inferred.

        Matching order: the exact path relative to the corpus folder; the file name against the
        ``file`` hints (and against bundled paths moved elsewhere); ``symbol_hint``; a UN symbol
        in the file name (``MINUJUSTH_S_2019_805.pdf`` -> ``S/2019/805``). A matched record is
        returned with ``path`` set to where the file actually is. With no match a record is
        inferred: see :func:`infer_record`.
        """
        rel = self.relative_path(path)
        doc_id = self._by_path.get(rel.casefold()) or self._by_name.get(
            PurePosixPath(rel).name.casefold()
        )
        if doc_id is None:
            for symbol in (*split_symbols(symbol_hint), symbol_from_name(rel)):
                doc_id = self._by_symbol.get(symbol_key(symbol)) if symbol else None
                if doc_id:
                    break
        if doc_id is not None:
            record = self.records[doc_id]
            return record if record.path == rel else dataclasses.replace(record, path=rel)
        record = infer_record(
            rel, title_hint=title_hint, symbol_hint=symbol_hint, date_hint=date_hint
        )
        if record.doc_id in self.records:  # never let an unknown file take over a known id
            digest = hashlib.sha1(rel.encode("utf-8")).hexdigest()[:6]
            record = dataclasses.replace(record, doc_id=f"{record.doc_id}-{digest}")
        return record


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


def infer_record(
    rel_path: str, *, title_hint: str = "", symbol_hint: str = "", date_hint: str = ""
) -> DocumentRecord:
    """A record for a file the manifest does not know, from its name and the loader's hints.

    ``doc_id`` is a slug of the file name (stable across runs); ``doc_type`` is ``report`` for a
    UN S/ document, ``resolution`` for S/RES/ and A/RES/, else ``document``; ``date`` is the
    hint when it parses, else the year in the symbol.
    """
    name = PurePosixPath(rel_path)
    symbol = (split_symbols(symbol_hint) or [""])[0] or symbol_from_name(name.name)
    return DocumentRecord(
        doc_id=slugify(name.stem),
        title=" ".join(title_hint.split()) or _title_from_name(name.stem, symbol),
        doc_type=doc_type_for_symbol(symbol),
        date=parse_date_hint(date_hint) or year_of_symbol(symbol),
        symbol=symbol,
        path=rel_path,
    )


def slugify(text: str) -> str:
    """A lowercase ASCII slug: ``MINUJUSTH_S_2019_805`` -> ``minujusth-s-2019-805``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "document-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


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
    for index, entry in valid.items():
        if index in problems:
            continue
        records[entry.doc_id] = entry.record()
        if entry.file:
            files[entry.doc_id] = entry.file
        if entry.note:
            notes[entry.doc_id] = entry.note
    return Manifest(corpus_dir, records, files, notes, exclude, errors, source)


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


def _title_from_name(stem: str, symbol: str) -> str:
    match = NAME_SYMBOL.search(stem) if symbol else None
    if match is not None:
        before = stem[: match.start()].replace("_", " ").replace("-", " ").split()
        return " ".join([*before, symbol])
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or stem
