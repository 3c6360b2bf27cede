"""The names of what pocdoc keeps under ``POCDOC_HOME``, defined once (standard library only, so
the light `ask` client and the benchmarks can use them without loading settings).
"""

from __future__ import annotations

CHROMA_DIR = "chroma"
BM25_DIR = "bm25"
LEDGER_FILE = "ledger.sqlite3"
INGEST_LOCK = "ingest.lock"  # held by the one writer of the index
FEEDBACK_FILE = "feedback.jsonl"
WORKSPACE_FILE = "workspace.sqlite3"  # the UI's conversations, briefings, feedback and upload jobs
SOCKET_FILE = "pocdoc.sock"  # where `pocdoc serve` listens
UPLOADS_DIR = "uploads"
MODELS_DIR = "models"
