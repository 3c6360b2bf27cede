"""Acronyms and terms of POC doctrine: query expansion and the UI's glossary search.

The glossary is a TOML file (``corpus/glossary.toml``) of ``[[entry]]`` tables. An entry's
*short forms* (``term`` and ``aliases``: "UNISFA", "T/PCC", "A4P+") match case-sensitively as
whole words, with an optional plural "s"; its *long forms* (``full`` and ``variants``) and its
``places`` match case-insensitively, with spaces, hyphens and commas interchangeable.

:meth:`Glossary.expand` appends to a query the long form of every short form it mentions, the
short form of every long form, and (for missions) the short form of every place. Overlapping
mentions resolve to the longest, so "A4P+" is not also read as "A4P", nor "Additional Protocol
II" as "Additional Protocol I". Expansion runs to a fixed point, so expanding twice adds nothing.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.errors import ConfigError

GLOSSARY_FILE = "glossary.toml"
KINDS = ("concept", "mission", "entity", "law", "document", "initiative", "place")
_LIST_FIELDS = ("aliases", "variants", "places", "see_also")
_TEXT_FIELDS = ("source", "at", "reference")
_FIELDS = ("term", "full", "definition", "kind", *_TEXT_FIELDS, *_LIST_FIELDS)
CURATED = "curated"
_SEP = r"[\s,;:\-\u2010-\u2015]+"
_SPLIT = re.compile(_SEP)

Role = Literal["short", "long", "place"]


_EXPANDED_CACHE = 1024  # expanded queries remembered


@dataclass(frozen=True)
class GlossaryEntry:
    """One acronym or term, with its full form and a one-line definition."""

    term: str
    full: str
    definition: str
    kind: str = "concept"
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # countries or regions, for missions
    see_also: tuple[str, ...] = ()  # terms of related entries
    source: str = (
        CURATED  # the doc_id of a manifest document the definition comes from, or "curated"
    )
    at: str = ""  # where in that document: "p. 3", "para. 12", "Art. 79"
    reference: str = ""  # for curated entries: the public document(s) the definition follows

    @property
    def is_curated(self) -> bool:
        return self.source == CURATED


class Glossary:
    """The entries of a glossary and their compiled patterns. Build it with :func:`load_glossary`."""

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries)
        self._patterns: list[dict[Role, tuple[re.Pattern[str], ...]]] = [
            {
                "short": tuple(_short_pattern(f) for f in (e.term, *e.aliases)),
                "long": tuple(_long_pattern(f) for f in (e.full, *e.variants)),
                "place": tuple(_long_pattern(f) for f in e.places),
            }
            for e in self.entries
        ]
        self._by_term = {e.term: e for e in self.entries}
        self._expanded: dict[tuple[str, bool], str] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, term: str) -> GlossaryEntry | None:
        """The entry whose ``term`` is exactly ``term``."""
        return self._by_term.get(term)

    def patterns(self, term: str) -> tuple[re.Pattern[str], ...]:
        """Patterns of every form of the entry ``term`` (short forms, long forms), to find its uses."""
        for entry, patterns in zip(self.entries, self._patterns, strict=True):
            if entry.term == term:
                return (*patterns["short"], *patterns["long"])
        return ()

    def expand(self, query: str, *, link_places: bool = True) -> str:
        """``query`` with the missing short and long forms of the terms it mentions appended.

        The query's own text is kept as it is; additions follow it, separated by spaces, each
        at most once. ``link_places=False`` leaves place names (e.g. "Abyei") unlinked.
        """
        key = (query, link_places)
        if (known := self._expanded.get(key)) is not None:
            return known
        text = query
        # Each round adds only forms absent from the text, and an added form is then present,
        # so the loop ends within two rounds per entry; the bound only guards that invariant.
        for _ in range(2 * len(self.entries) + 1):
            additions = self._missing_forms(text, link_places)
            if not additions:
                break
            text = f"{text.rstrip()} {' '.join(additions)}"
        if len(self._expanded) >= _EXPANDED_CACHE:
            self._expanded.clear()
        self._expanded[key] = text  # a question is expanded for each search it makes
        return text

    def lookup(self, term: str, *, limit: int | None = None) -> list[GlossaryEntry]:
        """Entries matching ``term`` by prefix or substring of term, aliases, full forms or places,
        best first; close spellings when nothing matches. An empty ``term`` lists every entry."""
        key = _norm(term)
        if not key:
            found = sorted(self.entries, key=lambda e: e.term.casefold())
        else:
            scored = [
                (score, e.term.casefold(), i)
                for i, e in enumerate(self.entries)
                if (score := _score(e, key, term.casefold().strip())) is not None
            ]
            if not scored:
                scored = self._close_spellings(key)
            found = [self.entries[i] for _, _, i in sorted(scored)]
        return found[:limit] if limit is not None else found

    def _missing_forms(self, text: str, link_places: bool) -> list[str]:
        additions: list[str] = []
        for index, role in self._mentions(text, link_places):
            entry = self.entries[index]
            wanted: list[tuple[str, Role]] = []
            if role != "short":  # a long form or a place names the entry: add its short form
                wanted.append((entry.term, "short"))
            if role != "long":  # a short form or a place: add its full form
                wanted.append((entry.full, "long"))
            for form, form_role in wanted:
                if form not in additions and not self._present(index, form_role, text):
                    additions.append(form)
        return additions

    def _mentions(self, text: str, link_places: bool) -> list[tuple[int, Role]]:
        """(entry index, role) of every mention in ``text``, overlaps resolved to the longest."""
        return list(
            dict.fromkeys(
                (index, role)
                for index, role, _ in self.mention_spans(text, link_places=link_places)
            )
        )

    def mention_spans(
        self, text: str, *, link_places: bool = True
    ) -> list[tuple[int, Role, tuple[int, int]]]:
        """(entry index, role, span) of every mention in ``text`` in order, overlaps resolved to the longest."""
        found: list[tuple[int, int, int, Role]] = []
        for index, patterns in enumerate(self._patterns):
            for role, regexes in patterns.items():
                if role == "place" and not link_places:
                    continue
                for regex in regexes:
                    found.extend((m.start(), m.end(), index, role) for m in regex.finditer(text))
        kept: list[tuple[int, int, int, Role]] = []
        for start, end, index, role in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all((start, end) == (s, e) or end <= s or start >= e for s, e, _, _ in kept):
                kept.append((start, end, index, role))
        kept.sort()
        return [(index, role, (start, end)) for start, end, index, role in kept]

    def _present(self, index: int, role: Role, text: str) -> bool:
        return any(regex.search(text) for regex in self._patterns[index][role])

    def _close_spellings(self, key: str) -> list[tuple[int, str, int]]:
        names = {
            _norm(f): i for i, e in enumerate(self.entries) for f in (e.term, *e.aliases, e.full)
        }
        close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.75)
        return [
            (9 + rank, self.entries[names[name]].term.casefold(), names[name])
            for rank, name in enumerate(close)
        ]


def load_glossary(path: Path | str) -> Glossary:
    """Read and validate a glossary TOML file.

    Raises:
        ConfigError: the file is missing or not TOML (names the line), or entries are malformed
            (names each entry, its field and the fix, on one line).
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"glossary {path} does not exist: restore corpus/{GLOSSARY_FILE} or set retrieval.expand_glossary = false"
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise ConfigError(
            f"{where}: the glossary is not valid TOML ({exc}); fix the syntax there"
        ) from exc
    extra = sorted(set(data) - {"entry"})
    if extra or not isinstance(data.get("entry", []), list):
        raise ConfigError(
            f"{path}: a glossary holds only [[entry]] tables (found '{(extra or ['entry'])[0]}')"
        )
    entries, problems = _parse_entries(data.get("entry", []))
    if problems:
        count = f"{len(problems)} bad glossary entr{'y' if len(problems) == 1 else 'ies'}"
        raise ConfigError(f"{path}: {count}: " + " | ".join(problems))
    return Glossary(entries)


def _parse_entries(raw_entries: list[Any]) -> tuple[list[GlossaryEntry], list[str]]:
    entries: list[GlossaryEntry] = []
    problems: list[str] = []
    owner: dict[tuple[str, str], tuple[int, str]] = {}  # (role, form) -> (entry number, term)
    for number, raw in enumerate(raw_entries, start=1):
        entry, found = _parse_entry(raw)
        where = f"entry #{number}" + (
            f" ('{raw.get('term')}')" if isinstance(raw, dict) and raw.get("term") else ""
        )
        if entry is not None:
            forms = [("short", f) for f in (entry.term, *entry.aliases)]
            forms += [("long", f.casefold()) for f in (entry.full, *entry.variants)]
            for role, form in forms:
                first, first_term = owner.setdefault((role, form), (number, entry.term))
                if first != number:
                    found.append(
                        f"'{form}' is already a form of '{first_term}' (entry #{first}); keep it in one entry only"
                    )
        if found:
            problems.append(f"{where}: " + "; ".join(found))
        if entry is not None and not found:
            entries.append(entry)
    terms = {e.term for e in entries}
    for entry in entries:
        for name in entry.see_also:
            if name not in terms:
                problems.append(
                    f"entry '{entry.term}': field 'see_also': '{name}' is not a term in this glossary"
                )
    return entries, problems


def _parse_entry(raw: object) -> tuple[GlossaryEntry | None, list[str]]:
    if not isinstance(raw, dict):
        return None, ["is not a table; write it as key = value lines under [[entry]]"]
    found = []
    for key in raw:
        if key not in _FIELDS:
            hint = difflib.get_close_matches(key, _FIELDS, n=1)
            found.append(
                f"field '{key}': unknown; "
                + (f"did you mean '{hint[0]}'?" if hint else "allowed: " + ", ".join(_FIELDS))
            )
    for key in ("term", "full", "definition"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            found.append(f"field '{key}': missing or empty; add {key} = \"...\"")
    kind = raw.get("kind", "concept")
    if kind not in KINDS:
        found.append(f"field 'kind': '{kind}' is not one of {', '.join(KINDS)}")
    found.extend(_source_problems(raw))
    for key in _LIST_FIELDS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            found.append(
                f"field '{key}': must be a list of non-empty strings, e.g. {key} = [\"...\"]"
            )
    if found:
        return None, found
    optional: dict[str, Any] = {
        **{key: tuple(v.strip() for v in raw.get(key, [])) for key in _LIST_FIELDS},
        **{key: " ".join(raw.get(key, "").split()) for key in _TEXT_FIELDS},
    }
    entry = GlossaryEntry(
        term=raw["term"].strip(),
        full=raw["full"].strip(),
        definition=" ".join(raw["definition"].split()),
        kind=kind,
        **optional,
    )
    for form in (entry.term, *entry.aliases):
        if not form[0].isalnum():  # a form like "-" or "+" would match punctuation everywhere
            found.append(f"'{form}' cannot be matched as a word; start it with a letter or digit")
    return entry, found


def _source_problems(raw: dict[str, Any]) -> list[str]:
    """Every entry names its source: a manifest doc_id (with ``at``), or "curated" with a reference."""
    for key in _TEXT_FIELDS:
        if key in raw and not isinstance(raw[key], str):
            return [f"field '{key}': must be a string"]
    source = raw.get("source", "").strip()
    if not source:
        return [
            'field \'source\': missing; add source = "<doc_id>" (with at = "p. 3") or source = "curated" (with reference = "...")'
        ]
    if source == CURATED and not raw.get("reference", "").strip():
        return [
            "field 'reference': a curated entry names the public document it follows; add reference = \"...\""
        ]
    if source != CURATED and raw.get("reference", "").strip():
        return [
            f"field 'reference': only curated entries take a reference; '{source}' is cited with at = \"...\""
        ]
    return []


def _short_pattern(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/]){re.escape(form)}(?:s|['’]s)?(?![\w+])")


def _long_pattern(form: str) -> re.Pattern[str]:
    words = [re.escape(w.replace("’", "'")).replace("'", "['’]") for w in _SPLIT.split(form) if w]
    return re.compile(rf"(?<!\w){_SEP.join(words)}(?:e?s)?(?!\w)", re.IGNORECASE)


def _norm(text: str) -> str:
    return re.sub(r"[^\w+]", "", text.casefold())


def _score(entry: GlossaryEntry, key: str, raw: str) -> int | None:
    """Lower is better; None when ``key`` does not match the entry at all."""
    shorts = [_norm(f) for f in (entry.term, *entry.aliases)]
    longs = [_norm(f) for f in (entry.full, *entry.variants)]
    words = [w for f in (entry.full, *entry.variants) for w in re.findall(r"[\w+]+", f.casefold())]
    checks = (
        key in shorts,
        any(s.startswith(key) for s in shorts),
        any(f.startswith(key) for f in longs),
        any(w.startswith(key) for w in words),
        any(key in f for f in (*shorts, *longs)),
        any(key in _norm(p) for p in entry.places),
        len(key) >= 3 and raw in entry.definition.casefold(),
    )
    return next((rank for rank, hit in enumerate(checks) if hit), None)
