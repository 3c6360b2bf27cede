"""Matching files to the records of the corpus manifest, and records for files it does not know.

:class:`Manifest` holds the valid records :func:`assistant.manifest.load_manifest` read and finds
a file's record by its path, its ``file`` hint or its UN symbol (:meth:`Manifest.record_for`); a
file that no record matches gets one inferred from its name (:func:`infer_record`).

The directory walk skips what the ``exclude`` glob patterns of the manifest's ``[ingest]`` table
match. A pattern without a slash matches any path component (``README.md``, ``.*``); a pattern
with a slash matches the path relative to the corpus folder (``uploads/*``). Matching ignores case.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assistant.errors import ManifestError
from assistant.glossary import GLOSSARY_FILE
from assistant.symbols import (
    NAME_SYMBOL,
    doc_type_for_symbol,
    parse_date_hint,
    split_symbols,
    symbol_from_name,
    symbol_key,
    symbols_from_name,
    year_of_symbol,
)
from assistant.types import DocumentRecord

MANIFEST_NAME = "manifest.toml"
DEFAULT_EXCLUDE = ("README.md", "SOURCE.md", "NOTICE*", MANIFEST_NAME, GLOSSARY_FILE, ".*")


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
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # doc_id -> other names
    series: Mapping[str, str] = field(default_factory=dict)  # doc_id -> its named series
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


def infer_record(
    rel_path: str, *, title_hint: str = "", symbol_hint: str = "", date_hint: str = ""
) -> DocumentRecord:
    """A record for a file the manifest does not know, from its name and the loader's hints.

    ``doc_id`` is a slug of the file name (stable across runs); ``doc_type`` is ``report`` for a
    UN S/ document, ``resolution`` for S/RES/ and A/RES/, else ``document``; ``date`` is the
    hint when it parses, else the year in the symbol.
    """
    name = PurePosixPath(rel_path)
    printed, named = (split_symbols(symbol_hint) or [""])[0], symbol_from_name(name.name)
    date = parse_date_hint(date_hint)
    confirmed = bool(year_of_symbol(printed)) and year_of_symbol(printed) == date[:4]
    if named and (
        named.startswith(f"{printed}/")  # cut short: "S/1997 /631" read as "S/1997"
        or not (
            printed == named
            or printed.startswith(f"{named}/")
            or printed in symbols_from_name(name.name)
            or confirmed
        )
    ):
        # The file name's symbol wins where the printed one differs and cannot be checked: a
        # scan misreads digits ("s/21509" for S/21909), or the first symbol found is one the
        # report cites ("S/21274"). A printed symbol whose year is the report's own date's is a
        # clean masthead and wins over a misnamed file (S/2006/707 in "UNMIK_S_2007_707.pdf").
        # Kept too: one that extends the file name's ("S/1994/529/Add.1") or that a joint file
        # name also states ("A/44/661-S/20911").
        printed = ""
    if not _plausible_year(year_of_symbol(printed)):
        printed = ""  # misread, and no file name to correct it: "S/1935/987"
    symbol = printed or named
    return DocumentRecord(
        doc_id=slugify(name.stem),
        title=" ".join(title_hint.split()) or _title_from_name(name.stem, symbol),
        doc_type=doc_type_for_symbol(symbol),
        date=date or year_of_symbol(symbol),
        symbol=symbol,
        path=rel_path,
    )


def _plausible_year(year: str) -> bool:
    """Whether a symbol's year can be a UN document's: none stated, or 1946 (the first
    documents) or after."""
    return not year or int(year) >= _FIRST_UN_YEAR


_FIRST_UN_YEAR = 1946


def slugify(text: str) -> str:
    """A lowercase ASCII slug: ``MINUJUSTH_S_2019_805`` -> ``minujusth-s-2019-805``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "document-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _title_from_name(stem: str, symbol: str) -> str:
    match = NAME_SYMBOL.search(stem) if symbol else None
    if match is not None:
        before = stem[: match.start()].replace("_", " ").replace("-", " ").split()
        return " ".join([*before, symbol])
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or stem
