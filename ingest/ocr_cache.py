"""The OCR cache: one JSON file per (file content, languages and resolution) under ``home/ocr``.

Keyed by the SHA-256 of the file's bytes, not its path, so a moved or copied scan is not read
again. Pages are added as they are read and the file is replaced atomically (write to a
temporary file, then ``os.replace``), so two ingests reading the same scan at once at worst
both OCR a page; neither sees a half-written file. A cache file that cannot be parsed is ignored
(and rewritten), since it only saves time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

OCR_DIR = "ocr"  # under POCDOC_HOME

_WRITE_LOCK = threading.Lock()


class OcrCache:
    """The cached pages of one file; a no-op without a cache folder."""

    def __init__(self, folder: Path | None, path: Path, variant: str) -> None:
        self.file: Path | None = None
        self.pages: dict[str, dict[str, object]] = {}
        if folder is None:
            return
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        self.file = Path(folder) / f"{digest}-{variant}.json"
        self.pages = self._read()

    def get(self, number: int) -> tuple[str, float] | None:
        """Page ``number``'s text and mean word confidence, if cached."""
        entry = self.pages.get(str(number))
        if entry is None:
            return None
        return str(entry["text"]), float(entry["confidence"])  # type: ignore[arg-type]

    def put(self, number: int, text: str, confidence: float) -> None:
        if self.file is None:
            return
        with _WRITE_LOCK:
            self.pages = {**self._read(), **self.pages}
            self.pages[str(number)] = {"text": text, "confidence": confidence}
            self._write(self.file)

    def _read(self) -> dict[str, dict[str, object]]:
        if self.file is None or not self.file.exists():
            return {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            return {str(k): dict(v) for k, v in data["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            log.warning("unreadable OCR cache file %s: it will be rewritten", self.file)
            return {}

    def _write(self, file: Path) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ocr-", suffix=".tmp", dir=file.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"pages": self.pages}, fh, ensure_ascii=False)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
