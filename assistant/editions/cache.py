"""Alignments kept under the home, one JSON file per pair of documents.

A file is named by the two doc_ids and is valid while both documents' content hashes (from the
ledger) and the alignment's settings are those it was made with: a re-ingested or edited document
makes its pairs stale, and they are recomputed on the next comparison. A cache file that cannot be
read is recomputed and overwritten (and counted in :attr:`AlignmentCache.unreadable`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from assistant.editions.alignment import AlignedPair, AlignmentConfig
from assistant.paths import EDITIONS_DIR

VERSION = 2  # bumped when the alignment changes in a way old files should not survive


class AlignmentCache:
    """Per-pair alignments under ``home``/editions."""

    def __init__(self, home: Path) -> None:
        self.folder = Path(home) / EDITIONS_DIR
        self.unreadable = 0

    def path(self, old_id: str, new_id: str) -> Path:
        digest = hashlib.sha1(f"{old_id}\0{new_id}".encode()).hexdigest()[:10]
        return self.folder / f"{old_id[:60]}--{new_id[:60]}-{digest}.json"

    @staticmethod
    def key(old_hash: str, new_hash: str, config: AlignmentConfig) -> str:
        return json.dumps([VERSION, old_hash, new_hash, config.to_dict()], sort_keys=True)

    def get(self, old_id: str, new_id: str, key: str) -> tuple[AlignedPair, ...] | None:
        """The cached alignment, or None when there is none or it is stale."""
        path = self.path(old_id, new_id)
        if not path.exists():
            return None
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            return tuple(AlignedPair.from_dict(p) for p in data["pairs"])
        except (OSError, ValueError, KeyError, TypeError):
            self.unreadable += 1
            return None

    def put(self, old_id: str, new_id: str, key: str, pairs: tuple[AlignedPair, ...]) -> None:
        """Write atomically: a reader sees the old file or the new one, never half of one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(old_id, new_id)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        data = {"key": key, "old": old_id, "new": new_id, "pairs": [p.to_dict() for p in pairs]}
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
