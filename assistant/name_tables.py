"""Files of names in other languages: TOML tables ``[language] key = ["name", ...]``.

The glossary's names (:mod:`assistant.term_names`, key a glossary term) and the word list
(:mod:`assistant.word_names`, key an English word) are both such files, read by
:func:`read_name_tables`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from assistant.errors import ConfigError

NameTables = dict[str, dict[str, tuple[str, ...]]]


def read_name_tables(path: Path, *, what: str, key: str, example: str) -> NameTables | None:
    """Each language's table of names in the file at ``path``, or None when there is no file.

    ``what`` names the file in errors ("the word list"), ``key`` what each table maps ("English
    word") and ``example`` shows one entry.

    Raises:
        ConfigError: the file is not TOML, or a table maps a key to something other than a
            non-empty list of names.
    """
    if not path.exists():
        return None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc}") from exc
    tables: NameTables = {}
    for language, table in raw.items():
        if not isinstance(table, dict) or not all(
            isinstance(v, list) and v and all(isinstance(n, str) and n.strip() for n in v)
            for v in table.values()
        ):
            raise ConfigError(
                f"{path}: [{language}] must map each {key} to a list of names, e.g. {example}"
            )
        tables[language] = {k: tuple(v) for k, v in table.items()}
    return tables
