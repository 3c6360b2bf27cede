"""What a stored vector depends on, as one short string kept beside it in the ledger."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from assistant.encoders.embeddings import vector_space

if TYPE_CHECKING:
    from assistant.settings import Settings


def encoder_fingerprint(settings: Settings) -> str:
    """The model's files and window, and the back end's vector space: two vectors with the same
    fingerprint were made by the same encoder (a vector is reused only then)."""
    model = settings.resolved_model_path()
    config = model / "config.json"
    data = {
        "model": str(model.resolve()),
        "model_config": hashlib.sha256(config.read_bytes()).hexdigest() if config.exists() else "",
        "max_seq_length": settings.embedding.max_seq_length,
        "vectors": vector_space(settings.embedding.backend),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
