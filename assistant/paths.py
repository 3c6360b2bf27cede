"""The names of what pocdoc keeps under ``POCDOC_HOME``, defined once, and where that home is
(standard library only, so the light `ask` client and the benchmarks can use them without loading
settings).
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMA_DIR = "chroma"
BM25_DIR = "bm25"
LEDGER_FILE = "ledger.sqlite3"
INGEST_LOCK = "ingest.lock"  # held by the one writer of the index
FEEDBACK_FILE = "feedback.jsonl"
WORKSPACE_FILE = "workspace.sqlite3"  # the UI's conversations, briefings, feedback and upload jobs
SERVER_FILE = "server.json"  # the url and pid of the running `pocdoc serve` (mode 0600)
UPLOADS_DIR = "uploads"
MODELS_DIR = "models"
EDITIONS_DIR = "editions"  # cached paragraph alignments, one file per pair of documents
KEYS_FILE = "keys.json"  # API keys, hashed (mode 0600)
TOKEN_FILE = "token"  # the owner's key, for the UI and the CLI (mode 0600)
AUDIT_FILE = "audit.jsonl"  # who asked, uploaded, exported or deleted what


def default_home() -> Path:
    """The home when nothing names one: ``~/.pocdoc`` (the ``home`` setting's default)."""
    return Path.home() / ".pocdoc"


def home_of(home_flag: Path | str | None = None) -> Path:
    """The home a command addresses, resolved without building settings (no pydantic import):
    ``--home``, else ``POCDOC_HOME``, else :func:`default_home`. A home set only in a config file
    is not seen here; such a command runs in its own process."""
    if home_flag is not None:
        return Path(home_flag)
    env = os.environ.get("POCDOC_HOME")
    return Path(env) if env else default_home()
