"""assistant.name_tables: the one reader of the glossary names and the word list."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.name_tables import read_name_tables


def test_each_language_maps_keys_to_tuples_of_names(tmp_path: Path) -> None:
    path = tmp_path / "names.toml"
    path.write_text('[fr]\ntrend = ["tendance", "évolution"]\n[es]\ntrend = ["tendencia"]\n')
    assert read_name_tables(path, what="w", key="k", example="e") == {
        "fr": {"trend": ("tendance", "évolution")},
        "es": {"trend": ("tendencia",)},
    }


def test_no_file_is_none(tmp_path: Path) -> None:
    assert read_name_tables(tmp_path / "none.toml", what="w", key="k", example="e") is None


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("[fr\n", "cannot read the list"),
        ("[fr]\nUNIFIL = []\n", "[fr] must map each term to a list of names, e.g. X"),
        ('[fr]\nUNIFIL = ["  "]\n', "[fr] must map each term to a list of names, e.g. X"),
        ('fr = "FINUL"\n', "[fr] must map each term to a list of names, e.g. X"),
    ],
)
def test_a_broken_file_is_refused_naming_it_and_what_is_wrong(
    tmp_path: Path, body: str, why: str
) -> None:
    path = tmp_path / "names.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_name_tables(path, what="the list", key="term", example="X")
    assert str(path) in str(err.value) and why in str(err.value)
