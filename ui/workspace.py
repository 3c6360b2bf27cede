"""The users' work, kept under ``POCDOC_HOME``: conversations, briefings, feedback and upload jobs.

One SQLite file (``workspace.sqlite3``) is the single store; every session and the upload worker
process open it per operation (WAL, busy timeout), so a reload, a second tab or a server restart
finds the same work. There is no login: a user is a stable per-browser id (see
``ui.components.identity``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.paths import WORKSPACE_FILE
from assistant.settings import Settings
from ui.briefing import Briefing
from ui.codec import from_data, to_data
from ui.conversation import NEW_TITLE, ChatEntry, Conversation, ConversationSummary, new_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    conv_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, title TEXT NOT NULL,
    created REAL NOT NULL, updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_user ON conversations(user_id, updated);
CREATE TABLE IF NOT EXISTS entries (
    entry_id TEXT PRIMARY KEY,
    conv_id TEXT NOT NULL REFERENCES conversations(conv_id) ON DELETE CASCADE,
    position INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_conv ON entries(conv_id, position);
CREATE TABLE IF NOT EXISTS briefings (user_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL, user_id TEXT NOT NULL, vote TEXT, comment TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL, updated REAL NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE TABLE IF NOT EXISTS uploads (
    job_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL,
    state TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '', pid INTEGER, created REAL NOT NULL, updated REAL NOT NULL
);
"""


def workspace_path(settings: Settings) -> Path:
    """Where the workspace lives: beside the index, under ``settings.home``."""
    return Path(settings.home) / WORKSPACE_FILE


class Workspace:
    """Conversations and briefings of every browser; feedback and upload jobs use the same file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one operation, committed on success and closed after."""
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            with db:
                yield db
        finally:
            db.close()

    # -- conversations --------------------------------------------------------------------------
    def conversations(self, user_id: str) -> list[ConversationSummary]:
        """The user's conversations, most recently used first."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT c.conv_id, c.title, COUNT(e.entry_id), c.updated FROM conversations c "
                "LEFT JOIN entries e ON e.conv_id = c.conv_id WHERE c.user_id = ? "
                "GROUP BY c.conv_id ORDER BY c.updated DESC",
                (user_id,),
            ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def create(self, user_id: str, title: str = NEW_TITLE) -> Conversation:
        conv = Conversation(new_id(), user_id, title)
        with self.connect() as db:
            db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                (conv.conv_id, user_id, conv.title, conv.created, conv.updated),
            )
        return conv

    def load(self, conv_id: str, user_id: str) -> Conversation | None:
        """The conversation with its entries, or None when it is not this user's (or was deleted)."""
        with self.connect() as db:
            row = db.execute(
                "SELECT title, created, updated FROM conversations WHERE conv_id = ? AND user_id = ?",
                (conv_id, user_id),
            ).fetchone()
            if row is None:
                return None
            data = db.execute(
                "SELECT data FROM entries WHERE conv_id = ? ORDER BY position", (conv_id,)
            ).fetchall()
        entries = [ChatEntry.from_data(json.loads(d)) for (d,) in data]
        return Conversation(conv_id, user_id, row[0], entries, row[1], row[2])

    def append(self, conv: Conversation, entry: ChatEntry) -> None:
        """Add ``entry`` to ``conv`` (in memory and on disk); the first question titles it."""
        now = time.time()
        conv.add(entry, now)
        with self.connect() as db:
            db.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?)",
                (
                    entry.entry_id,
                    conv.conv_id,
                    len(conv.entries),
                    json.dumps(entry.to_data(), ensure_ascii=False),
                ),
            )
            db.execute(
                "UPDATE conversations SET title = ?, updated = ? WHERE conv_id = ?",
                (conv.title, now, conv.conv_id),
            )

    def rename(self, conv_id: str, user_id: str, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise ValueError("a conversation title cannot be blank: type a title")
        with self.connect() as db:
            db.execute(
                "UPDATE conversations SET title = ? WHERE conv_id = ? AND user_id = ?",
                (title, conv_id, user_id),
            )

    def delete(self, conv_id: str, user_id: str) -> None:
        """Delete the conversation and its entries (feedback on them keeps its own copy)."""
        with self.connect() as db:
            db.execute(
                "DELETE FROM conversations WHERE conv_id = ? AND user_id = ?", (conv_id, user_id)
            )

    # -- briefings ------------------------------------------------------------------------------
    def briefing(self, user_id: str) -> Briefing:
        """The user's briefing (an empty one when there is none yet)."""
        with self.connect() as db:
            row = db.execute("SELECT data FROM briefings WHERE user_id = ?", (user_id,)).fetchone()
        return from_data(Briefing, json.loads(row[0])) if row else Briefing()

    def save_briefing(self, user_id: str, briefing: Briefing) -> None:
        data = json.dumps(to_data(briefing), ensure_ascii=False)
        with self.connect() as db:
            db.execute(
                "INSERT INTO briefings VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET data = excluded.data, "
                "updated = excluded.updated",
                (user_id, data, time.time()),
            )
