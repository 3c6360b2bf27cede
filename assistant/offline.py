"""The environment that keeps every library offline and quiet, set in one place.

Nothing may download at import, ingest, query or test time: the Hugging Face hub and
transformers must never be asked, Chroma must not send telemetry, and the tokenizers library must
not fork its own thread pool under ours. Entry points call :func:`go_offline` before importing
anything heavy; a subprocess gets :func:`offline_env`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping

OFFLINE_ENV: Mapping[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def go_offline(environ: MutableMapping[str, str] | None = None) -> None:
    """Set each offline flag in ``environ`` (default: this process's) unless it is already set.
    Must run before huggingface_hub, transformers or chromadb is first imported."""
    environ = os.environ if environ is None else environ
    for key, value in OFFLINE_ENV.items():
        environ.setdefault(key, value)


def offline_env(base: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """An environment for a child process: ``base`` (default: this process's), the offline flags
    forced on, then ``extra``."""
    return {**(os.environ if base is None else base), **OFFLINE_ENV, **extra}
