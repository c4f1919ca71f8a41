"""The event store's SQLite schema: numbered migrations (PRAGMA user_version) and the message hash.

Kept apart from store.py so the schema's history reads in one place; the store runs `migrate` on open.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

from dingconsole.core.errors import DingError


def _migration_1(conn: sqlite3.Connection) -> None:
    """The first schema: one row per exchange, request and reply inline."""
    conn.execute(
        """CREATE TABLE exchanges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at REAL NOT NULL,
            remote TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '',
            path TEXT NOT NULL DEFAULT '',
            query TEXT NOT NULL DEFAULT '{}',
            headers TEXT NOT NULL DEFAULT '{}',
            body BLOB NOT NULL DEFAULT x'',
            body_truncated INTEGER NOT NULL DEFAULT 0,
            profile TEXT,
            outcome TEXT NOT NULL,
            error_code TEXT,
            error_message TEXT,
            diagnosis TEXT,
            message TEXT,
            event_type TEXT,
            event_id TEXT,
            reply_status INTEGER,
            reply_body BLOB NOT NULL DEFAULT x'',
            handling_ms REAL NOT NULL DEFAULT 0
        )"""
    )
    conn.execute("CREATE INDEX ix_exchanges_received_at ON exchanges (received_at)")


def _migration_2(conn: sqlite3.Connection) -> None:
    """Transport (stream/imports), repeat detection (repeat_of, message_hash) and the lookup indexes."""
    conn.execute("ALTER TABLE exchanges ADD COLUMN transport TEXT NOT NULL DEFAULT 'http'")
    conn.execute("ALTER TABLE exchanges ADD COLUMN repeat_of INTEGER")
    conn.execute("ALTER TABLE exchanges ADD COLUMN message_hash TEXT")
    rows = conn.execute("SELECT id, message FROM exchanges WHERE message IS NOT NULL").fetchall()
    conn.executemany("UPDATE exchanges SET message_hash = ? WHERE id = ?", [(message_hash(m), i) for i, m in rows])
    conn.execute("CREATE INDEX ix_exchanges_event_id ON exchanges (event_id)")
    conn.execute("CREATE INDEX ix_exchanges_event_type ON exchanges (event_type)")
    conn.execute("CREATE INDEX ix_exchanges_message_hash ON exchanges (message_hash)")


def _migration_3(conn: sqlite3.Connection) -> None:
    """Search indexes (core/store/search.py), pinning, a key/value table, and filter indexes in time order.

    Existing rows are indexed after opening, in the background (`indexed_upto` starts at 0)."""
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID")
    conn.execute("INSERT INTO meta (key, value) VALUES ('indexed_upto', 0)")
    conn.execute(
        "CREATE VIRTUAL TABLE search_tri USING fts5(body, content='', detail=none, columnsize=0,"
        " tokenize='trigram case_sensitive 0')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE search_cjk USING fts5(grams, content='', detail=none, columnsize=0, tokenize='ascii')"
    )
    conn.execute("ALTER TABLE exchanges ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")
    conn.execute("CREATE INDEX ix_exchanges_pinned ON exchanges (pinned) WHERE pinned")
    # a type or outcome filter reads its first page straight off the index, newest first
    conn.execute("DROP INDEX IF EXISTS ix_exchanges_event_type")
    conn.execute("CREATE INDEX ix_exchanges_type_time ON exchanges (event_type, received_at)")
    conn.execute("CREATE INDEX ix_exchanges_outcome_time ON exchanges (outcome, received_at)")


def _migration_4(conn: sqlite3.Connection) -> None:
    """The headers of our reply (the Reply tab and HAR exports showed none)."""
    conn.execute("ALTER TABLE exchanges ADD COLUMN reply_headers TEXT NOT NULL DEFAULT '{}'")


def _migration_5(conn: sqlite3.Connection) -> None:
    """Request bodies stored compactly (core/store/bodies.py): existing rows keep theirs as they are (form 0)."""
    conn.execute("ALTER TABLE exchanges ADD COLUMN body_form INTEGER NOT NULL DEFAULT 0")


def _migration_6(conn: sqlite3.Connection) -> None:
    """One search index instead of two, tuned for writing in bulk.

    Documents now end in two newlines, so every character starts a trigram and 1-2 character CJK text
    is found through the trigram index's vocabulary (core/store/search.py): the CJK index, and the
    Python tokenising it cost every row, are gone. The trigram index is emptied and rebuilt in the
    background (`indexed_upto` back to 0). Its terms now collect in memory up to 64 MiB before a
    segment is written, so an import batch is one segment rather than one per MiB, and segments
    merge eight at a time instead of four (bench/store_scale.py: indexing a million exchanges took
    77 s, now 56; a search reads a few more segments, 0.5 -> 0.9 ms)."""
    conn.execute("DROP TABLE search_cjk")
    conn.execute("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
    conn.execute("UPDATE meta SET value = 0 WHERE key = 'indexed_upto'")
    conn.execute("CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_tri, 'row')")
    conn.execute(f"INSERT INTO search_tri(search_tri, rank) VALUES ('hashsize', {64 * 1024 * 1024})")
    conn.execute("INSERT INTO search_tri(search_tri, rank) VALUES ('automerge', 8)")


# What the listener recorded before any signature verified, told apart by the outcome and error code it
# stored: not a push at all (invalid), a status-page GET (info), or a push or robot message refused at or
# before its signature check. A failure behind a valid signature (padding, owner key, a signed robot
# message with a bad body) needed the token or the AppSecret; an unknown code stays the user's.
UNAUTHENTICATED_CODES = (
    "missing_parameter",
    "bad_request",
    "signature_mismatch",
    "robot_missing_headers",
    "robot_bad_timestamp",
    "robot_stale_timestamp",
    "robot_bad_sign",
)


def _migration_7(conn: sqlite3.Connection) -> None:
    """Unauthenticated rows (Exchange.unauthenticated) get a flag, and retention a quota for them
    (core/store/retention.py): existing listener rows are classified by what they recorded."""
    conn.execute("ALTER TABLE exchanges ADD COLUMN unauthenticated INTEGER NOT NULL DEFAULT 0")
    marks = ", ".join("?" * len(UNAUTHENTICATED_CODES))
    conn.execute(
        "UPDATE exchanges SET unauthenticated = 1 WHERE transport = 'http'"
        f" AND (outcome IN ('invalid', 'info') OR (outcome = 'failed' AND error_code IN ({marks})))",
        UNAUTHENTICATED_CODES,
    )
    # the quota reads its rows newest first off this index: a few hundred entries, however big the store
    conn.execute(
        "CREATE INDEX ix_exchanges_unauthenticated ON exchanges (unauthenticated)"
        " WHERE unauthenticated = 1 AND pinned = 0"
    )


# Index i brings a file from user_version i to i + 1. Append only; never edit a released step.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(DingError):
    """The file is not an event store this version can use (e.g. written by a newer DingConsole)."""

    code = "store_error"


class StoreFull(StoreError):
    """The disk (or the file system's quota) is full: nothing new can be written until space is freed."""

    code = "store_full"


class StoreReadOnly(StoreError):
    """The store is open read-only (a read-only home or file): it can be read, nothing new recorded."""

    code = "store_read_only"


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the missing migrations, each in its own transaction; returns the version reached."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"event store schema {version} is newer than this DingConsole understands ({SCHEMA_VERSION})")
    while version < target:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")
    return version


def message_hash(message: str) -> str:
    return hashlib.sha256(message.encode("utf-8", "surrogatepass")).hexdigest()
