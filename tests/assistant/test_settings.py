from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import load_settings


def test_precedence_defaults_file_env_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "pocdoc.toml"
    config.write_text(
        "[retrieval]\ntop_k = 7\ncandidates = 30\n[answer]\nmax_sentences = 3\n", encoding="utf-8"
    )
    assert load_settings().retrieval.top_k == 8  # default
    assert load_settings(config).retrieval.top_k == 7  # file beats default
    monkeypatch.setenv("POCDOC_RETRIEVAL__TOP_K", "9")
    s = load_settings(config)
    assert s.retrieval.top_k == 9  # env beats file
    assert s.retrieval.candidates == 30  # file values the env does not set survive
    assert load_settings(config, retrieval={"top_k": 11}).retrieval.top_k == 11  # flags beat env


def test_home_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POCDOC_HOME", str(tmp_path))
    s = load_settings()
    assert s.home == tmp_path
    assert s.chroma_dir == tmp_path / "chroma" and s.ledger_path.parent == tmp_path


def test_bad_value_names_the_field() -> None:
    with pytest.raises(ConfigError, match="retrieval.top_k"):
        load_settings(None, retrieval={"top_k": 0})


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[retrieval]\ntopk = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="topk"):
        load_settings(config)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[retrieval\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="c.toml"):
        load_settings(config)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_public_dict_hides_api_key() -> None:
    s = load_settings(None, llm={"api_key": "secret"})
    assert s.public_dict()["llm"]["api_key"] == "***"
