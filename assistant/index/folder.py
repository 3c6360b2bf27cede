"""The identity of a home folder: what a copy (`cp -a`, a restored backup) does not carry over.

A copy keeps every byte and timestamp of the ledger, but not the folder's inode. So a ledger
records the folder it was made in (device, inode and real path) and a writer compares it with the
folder it finds itself in (:mod:`assistant.index.home`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FolderIdentity:
    path: str
    device: int
    inode: int

    @classmethod
    def of(cls, folder: Path) -> FolderIdentity:
        st = os.stat(folder)
        return cls(os.path.realpath(folder), st.st_dev, st.st_ino)

    def same_folder(self, other: FolderIdentity) -> bool:
        """The same folder, perhaps moved on its file system (same inode, same device) or on a
        device renumbered by a remount or a container restart (same inode, same path)."""
        return self.inode == other.inode and (
            self.device == other.device or self.path == other.path
        )

    def dumps(self) -> str:
        return json.dumps({"path": self.path, "device": self.device, "inode": self.inode})

    @classmethod
    def loads(cls, text: str) -> FolderIdentity | None:
        """The recorded identity (None for "" or a value this version cannot read)."""
        try:
            data = json.loads(text)
            return cls(str(data["path"]), int(data["device"]), int(data["inode"]))
        except (ValueError, TypeError, KeyError):
            return None
