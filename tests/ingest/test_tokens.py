"""Word-piece counting with the packaged MiniLM tokenizer (tokenizers only, no model load)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import Settings
from ingest.tokens import TokenCounter


def test_counts_word_pieces_without_special_tokens(token_counter: TokenCounter) -> None:
    assert token_counter.count("Hello world") == 2
    assert token_counter.count("countr y") == 3  # count ##r y
    assert token_counter.count("") == 0


def test_long_text_is_not_truncated_at_the_files_128(token_counter: TokenCounter) -> None:
    text = " ".join(["protection"] * 300)
    assert token_counter.count(text) == 300


def test_batch_counts_match_single_counts(token_counter: TokenCounter) -> None:
    texts = [
        "Protected persons are entitled, in all circumstances, to respect.",
        "",
        "GC IV, Art. 27",
        "a " * 200,
    ]
    assert token_counter.count_batch(texts) == [token_counter.count(t) for t in texts]
    assert token_counter.count_batch([]) == []


def test_short_texts_in_a_batch_are_not_padded(token_counter: TokenCounter) -> None:
    assert token_counter.count_batch(["one", "one two three four five six"]) == [1, 6]


def test_counter_comes_from_the_settings_model_folder() -> None:
    counter = TokenCounter.from_settings(Settings())
    assert counter.count("civilians") == 1


def test_folder_without_tokenizer_json_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"has no tokenizer\.json: point embedding\.model_path"):
        TokenCounter.from_model_path(tmp_path)


def test_malformed_tokenizer_json_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "tokenizer.json").write_text(json.dumps({"not": "a tokenizer"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="is not a readable tokenizer file"):
        TokenCounter.from_model_path(tmp_path)


def test_a_copied_model_folder_counts_the_same(tmp_path: Path, token_counter: TokenCounter) -> None:
    shutil.copy(Settings().resolved_model_path() / "tokenizer.json", tmp_path / "tokenizer.json")
    counter = TokenCounter.from_model_path(tmp_path)
    text = "The Security Council extended the mandate of MINUJUSTH until 15 October 2019."
    assert counter.count(text) == token_counter.count(text)


def test_counting_does_not_import_the_model_libraries() -> None:
    # ingest.tokens must stay light: no torch, transformers or sentence_transformers
    import subprocess

    code = (
        "import sys; from ingest.tokens import TokenCounter; from assistant.settings import Settings; "
        "TokenCounter.from_settings(Settings()).count('x'); "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"
