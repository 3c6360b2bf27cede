"""One ``[[document]]`` record of the corpus manifest as written, validated by pydantic.

:class:`ManifestEntry` checks each field and says what is wrong and how to fix it;
:func:`parse_record` turns pydantic's errors into (field, message) pairs, one per field, so
:mod:`assistant.manifest` can report a bad record on one line and keep the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import typing
from pathlib import PurePosixPath
from typing import Any

from pydantic import ConfigDict, Field, ValidationError, create_model, field_validator

from assistant.symbols import is_iso_date, is_valid_symbol
from assistant.types import DOC_TYPES, DocumentRecord

MANIFEST_ONLY_FIELDS = ("file", "note", "aliases", "series")
DOC_ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")


def _record_fields() -> dict[str, Any]:
    """:class:`DocumentRecord`'s fields as pydantic field definitions: a document's record is
    declared once, in :mod:`assistant.types`, and the manifest's model is made from it."""
    hints = typing.get_type_hints(DocumentRecord)
    special = {
        # missing ones are reported by the validators below, each with its fix
        "doc_id": Field("", validate_default=True),
        "title": Field("", validate_default=True),
        "authors": Field((), strict=False),  # a TOML array is a list
    }
    return {
        f.name: (hints[f.name], special.get(f.name, f.default))
        for f in dataclasses.fields(DocumentRecord)
    }


_Record = create_model(
    "_Record",
    __config__=ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=True),
    **_record_fields(),
)


class ManifestEntry(_Record):  # type: ignore[misc,valid-type]  # a base made from DocumentRecord
    """One ``[[document]]`` table as written: :class:`DocumentRecord`'s fields plus ``file``,
    ``note`` and ``aliases`` (other names people give it: "the side event", "GC4").

    Each validator's message says what is wrong and how to fix it; :func:`_problems` turns a
    :class:`~pydantic.ValidationError` into (field, message) pairs.
    """

    file: str = ""
    note: str = ""
    series: str = ""  # the series it is an edition of: "DPO POC policy", "MINUSTAH reports"
    aliases: tuple[str, ...] = Field((), strict=False)  # how people name it: "the side event"

    @field_validator("date", mode="before")
    @classmethod
    def _toml_date(cls, value: object) -> object:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()  # an unquoted TOML date
        return value

    @field_validator("doc_id")
    @classmethod
    def _doc_id(cls, value: str) -> str:
        if not value:
            raise ValueError(
                "missing; add doc_id = \"a-short-slug\" (lowercase letters, digits, '-')"
            )
        if not DOC_ID_RE.fullmatch(value):
            raise ValueError(
                f"'{value}' is not a slug; use lowercase letters, digits, '-', '.' or '_'"
            )
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value:
            raise ValueError('missing; add title = "the document\'s full title"')
        return value

    @field_validator("authors")
    @classmethod
    def _authors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not all(value):
            raise ValueError(_AUTHORS_FIX)
        return value

    @field_validator("doc_type")
    @classmethod
    def _doc_type(cls, value: str) -> str:
        if value not in DOC_TYPES:
            raise ValueError(
                f"'{value}' is not a document type; use one of: " + ", ".join(DOC_TYPES)
            )
        return value

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        if value and not is_iso_date(value):
            raise ValueError(f"'{value}' is not an ISO date; write YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    @field_validator("symbol")
    @classmethod
    def _symbol(cls, value: str) -> str:
        if value and not is_valid_symbol(value):
            raise ValueError(
                f"'{value}' is not a UN document symbol; write e.g. S/2019/805 or A/70/95–S/2015/446"
            )
        return value

    @field_validator("source_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.match(r"https?://[^\s/]+", value):
            raise ValueError(f"'{value}' is not an http(s) URL; write the full https://... address")
        return value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if value and (
            "\\" in value
            or value.startswith("/")
            or ".." in PurePosixPath(value).parts
            or re.match(r"[A-Za-z]:", value)
        ):
            raise ValueError(
                f"'{value}' must be relative to the corpus folder, with '/' and no '..'"
            )
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not all(a.strip() for a in value):
            raise ValueError('has an empty name; write aliases = ["the side event", ...]')
        return tuple(a.strip() for a in value)

    @field_validator("file")
    @classmethod
    def _file(cls, value: str) -> str:
        if "/" in value or "\\" in value:
            raise ValueError(f"'{value}' must be a bare file name; put folders in 'path' instead")
        return value

    def record(self) -> DocumentRecord:
        return DocumentRecord(**self.model_dump(exclude=set(MANIFEST_ONLY_FIELDS)))


_AUTHORS_FIX = 'is not a list of names; write authors = ["First Author", ...]'


def parse_record(raw: object) -> tuple[ManifestEntry | None, dict[str, Any], list[tuple[str, str]]]:
    """The validated entry (None when invalid), the raw fields for checks across records, and the
    problems as (field, message-with-fix)."""
    if not isinstance(raw, dict):
        return (
            None,
            {},
            [
                (
                    "document",
                    "is not a table; write the record as key = value lines under [[document]]",
                )
            ],
        )
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in raw.items()}
    problems = []
    try:
        entry = ManifestEntry.model_validate(raw)
    except ValidationError as exc:
        entry, problems = None, _problems(exc, raw)
    if entry is not None and entry.superseded_by and entry.superseded_by == entry.doc_id:
        entry, problems = (
            None,
            [("superseded_by", "names the record itself; name the doc_id of the newer document")],
        )
    return entry, fields, problems


def _problems(exc: ValidationError, raw: dict[str, Any]) -> list[tuple[str, str]]:
    problems: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0])
        if name in problems:
            continue
        if error["type"] == "extra_forbidden":
            hint = difflib.get_close_matches(name, ALLOWED_FIELDS, n=1)
            problems[name] = "unknown field; " + (
                f"did you mean '{hint[0]}'?"
                if hint
                else "allowed fields: " + ", ".join(ALLOWED_FIELDS)
            )
        elif error["type"] == "value_error":
            problems[name] = str(error["ctx"]["error"])
        elif name == "authors":
            problems[name] = f"{raw[name]!r} {_AUTHORS_FIX}"
        elif name == "aliases":
            problems[name] = f"{raw[name]!r} {_ALIASES_FIX}"
        else:
            problems[name] = f"{raw[name]!r} is not a string; put the value in double quotes"
    return list(problems.items())


ALLOWED_FIELDS = tuple(ManifestEntry.model_fields)
_ALIASES_FIX = 'is not a list of names; write aliases = ["the side event", "GC4"]'
