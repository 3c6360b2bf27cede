"""Counting word pieces the way the embedding model sees them, without loading the model.

Only the Rust ``tokenizers`` library and the model folder's ``tokenizer.json`` are used, so this
stays light (no torch, no transformers). The packaged MiniLM's ``tokenizer.json`` truncates to 128
and pads to 128; both are switched off here, or every long text would count as 128. Counts leave
out the special tokens ([CLS], [SEP]).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tokenizers import Tokenizer

from assistant.errors import ConfigError
from assistant.settings import Settings


class TokenCounter:
    """Word-piece counts for passage sizing."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self._tokenizer = tokenizer

    @classmethod
    def from_model_path(cls, model_path: Path | str) -> TokenCounter:
        """The tokenizer of a sentence-transformers model folder.

        Raises:
            ConfigError: the folder has no readable ``tokenizer.json``.
        """
        path = Path(model_path) / "tokenizer.json"
        if not path.is_file():
            raise ConfigError(
                f"embedding model folder {model_path} has no tokenizer.json: point embedding.model_path "
                "at a sentence-transformers model folder (or leave it empty for the packaged MiniLM)"
            )
        try:
            tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:  # the Rust library raises a plain Exception for malformed files
            raise ConfigError(
                f"{path} is not a readable tokenizer file ({exc}): re-install the model folder"
            ) from exc
        return cls(tokenizer)

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenCounter:
        """The tokenizer of the embedding model the settings name (the packaged MiniLM by default)."""
        return cls.from_model_path(settings.resolved_model_path())

    def count(self, text: str) -> int:
        """Word pieces in ``text``, special tokens excluded."""
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def count_batch(self, texts: Sequence[str]) -> list[int]:
        """Word pieces in each text, in order (one call into the tokenizer for all of them)."""
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encodings]
