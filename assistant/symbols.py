"""UN document symbols and dates: how they are written, found, split and parsed.

One place for the patterns the PDF loader (mastheads, running heads), the manifest (file names,
validation), the catalogue and question anchors (``S/2019/805`` in a question) and the CLI
(``--filter from=2019``) all use.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

_SYMBOL_TAIL = (
    r"(?:/[A-Z]{2,6}(?:\.\d+)?)*/\d{1,5}(?:/\d{1,5})?(?:/(?:Add|Rev|Corr|Amend)\.\s?\d+)*"
)
# S/2019/805, S/25085/Add.1, A/70/95, S/PRST/2008/44, A/HRC/31/59, S/RES/1265, ST/SGB/2003/13
SYMBOL = rf"(?:A|S|E|ST){_SYMBOL_TAIL}"
SYMBOL_RE = re.compile(rf"(?<![\w/]){SYMBOL}(?![\w/])")
OCR_SYMBOL_RE = re.compile(
    rf"(?<![\w/])[ase]{_SYMBOL_TAIL}(?![\w/])"
)  # "s/21194" in a scanned masthead
# A resolution as documents and questions write it: "S/RES/1265 (1999)", year optional.
RESOLUTION_RE = re.compile(r"[SA]/RES/(\d{1,4})(?:/\w+)?(?:\s?\((\d{4})\))?")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = "|".join(MONTH_NAMES)  # a regex alternation
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
DATE_RE = re.compile(
    rf"\b(\d{{1,2}}) ({MONTHS}),? (\d{{4}})\b|\b({MONTHS}) (\d{{1,2}}),? (\d{{4}})\b"
)

_ONE_SYMBOL = re.compile(r"[A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?:\s?\(\d{4}\))?")
_JOINT = re.compile(r"\s*[–—]\s*|\s+-\s+|-(?=[A-Z]{1,6}/)")
# A symbol in a file name: MINUJUSTH_S_2019_805.pdf, S-RES-1265.pdf, A_70_95.pdf, S_2019_805_Add.1.pdf
NAME_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?P<s>S)[_-](?:(?P<skind>RES|PRST)[_-])?(?P<srest>(?:19|20)\d\d[_-]\d{1,5}|\d{4,5})"
    r"|(?P<a>A)[_-](?:(?P<akind>RES)[_-])?(?P<arest>\d{1,2}[_-]\d{1,5})"
    r")(?:[_-](?P<add>Add|Corr|Rev)\.?[_-]?(?P<addn>\d+))?(?![0-9])",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# --- symbols ------------------------------------------------------------------------------------


def split_symbols(symbol: str) -> list[str]:
    """The parts of a joint symbol: ``A/70/95–S/2015/446`` -> ``['A/70/95', 'S/2015/446']``."""
    return [part.strip() for part in _JOINT.split(symbol.strip()) if part.strip()]


def is_valid_symbol(symbol: str) -> bool:
    """Whether ``symbol`` is a well-formed UN document symbol (or a joint one)."""
    parts = split_symbols(symbol)
    return bool(parts) and all(_ONE_SYMBOL.fullmatch(part) for part in parts)


def symbol_key(symbol: str) -> str:
    """How two spellings of one symbol compare: no spaces, no trailing "(1999)", any case."""
    return re.sub(r"\(\d{4}\)$", "", re.sub(r"\s+", "", symbol)).casefold()


def symbol_from_name(name: str) -> str:
    """The UN symbol in a file name: ``UNMIK_S_2018_981.pdf`` -> ``S/2018/981``; ``''`` if none."""
    match = NAME_SYMBOL.search(PurePosixPath(name).name)
    return _name_symbol(match) if match else ""


def symbols_from_name(name: str) -> list[str]:
    """Every UN symbol in a file name, a joint one's parts in order:
    ``UNGOMAP_A_44_661&S_20911.pdf`` -> ``["A/44/661", "S/20911"]``."""
    return [_name_symbol(m) for m in NAME_SYMBOL.finditer(PurePosixPath(name).name)]


def _name_symbol(match: re.Match[str]) -> str:
    if match["s"]:
        parts = [
            "S",
            *([match["skind"].upper()] if match["skind"] else []),
            *re.split(r"[_-]", match["srest"]),
        ]
    else:
        parts = [
            "A",
            *([match["akind"].upper()] if match["akind"] else []),
            *re.split(r"[_-]", match["arest"]),
        ]
    if match["add"]:
        parts.append(f"{match['add'].capitalize()}.{match['addn']}")
    return "/".join(parts)


def year_of_symbol(symbol: str) -> str:
    """The year a symbol carries, ``''`` for one without: ``S/2019/805`` -> ``2019``, and for a
    resolution the year after its number (``S/RES/1265 (1999)``, ``S/RES/2098/2013``), never the
    number itself."""
    if match := re.search(r"\(((?:19|20)\d\d)\)$", symbol):
        return match.group(1)
    if re.match(r"[SA]/RES/", symbol):
        match = re.fullmatch(r"[SA]/RES/\d+/((?:19|20)\d\d)", symbol)
    else:
        match = re.match(r"[A-Z]+(?:/PRST)?/((?:19|20)\d\d)/", symbol)
    return match.group(1) if match else ""


def doc_type_for_symbol(symbol: str) -> str:
    """``resolution`` for S/RES/ and A/RES/, ``report`` for other S/ documents, else ``document``."""
    if re.match(r"[SA]/RES/", symbol):
        return "resolution"
    if symbol.startswith("S/") and not symbol.startswith("S/PRST/"):
        return "report"
    return "document"


# --- dates --------------------------------------------------------------------------------------


def is_iso_date(value: str) -> bool:
    """Whether ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and a real date."""
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def parse_date_hint(hint: str) -> str:
    """An ISO date from a loader's hint (ISO, ``9 October 2019``, ``October 9, 2019``, PDF ``D:2019…``)."""
    hint = " ".join(hint.split())
    if not hint:
        return ""
    iso = hint[:10] if re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", hint) else hint
    if is_iso_date(iso):
        return iso
    if match := re.match(r"D:(\d{4})(\d{2})(\d{2})", hint):
        candidate = "-".join(match.groups())
        return candidate if is_iso_date(candidate) else ""
    match = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+),? (\d{4})", hint) or re.fullmatch(
        r"([A-Za-z]+) (\d{1,2}),? (\d{4})", hint
    )
    if match is None:
        return ""
    first, second, year = match.groups()
    day, month_name = (first, second) if first.isdigit() else (second, first)
    month = _MONTH_NUMBER.get(month_name.lower())
    candidate = f"{year}-{month:02d}-{int(day):02d}" if month else ""
    return candidate if candidate and is_iso_date(candidate) else ""


# --- dates among words ---------------------------------------------------------------------------

_A_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_A_DAY = re.compile(r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
_A_MONTH = re.compile(rf"(?i)(?:{MONTHS})")


def date_part(bare: Sequence[str], i: int) -> bool:
    """Whether the number at ``i`` of the lower-cased words ``bare`` is part of a date, which
    counts nothing: a year ("In 2016, 32 killings"), a day beside its month ("1 September",
    "September 1")."""
    if _A_YEAR.fullmatch(bare[i]):
        return True
    return bool(_A_DAY.fullmatch(bare[i])) and any(  # "December, 46,691 people" is no day
        0 <= j < len(bare) and _A_MONTH.fullmatch(bare[j]) for j in (i - 1, i + 1)
    )
