"""The store's file on disk: private permissions, and SQLite's failures told as what they are.

The store holds decrypted events and the signatures a short token can be brute-forced from, so the
file and its -wal/-shm companions are 0600 (SQLite gives the companions the database file's mode, so
the file is created 0600 before SQLite opens it) and looser modes are tightened on every open.
SQLite's errors are translated: a full disk says "the disk is full" with the path, a read-only file
or home says that new events cannot be recorded, and only a really damaged file gets the advice to
move it aside.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from pathlib import Path

from dingconsole.core.paths import private_dir
from dingconsole.core.store.schema import StoreError, StoreFull, StoreReadOnly

log = logging.getLogger(__name__)

COMPANIONS = ("-wal", "-shm", "-journal")
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 3, 8, 11, 13, 14, 26
_SQLITE_IOERR = 10


def tighten(path: Path) -> bool:
    """Drop group and other permission bits from `path` (never adds any); True when it changed something.

    Best effort: on a read-only file system or a file someone else owns there is nothing to repair."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if not mode & 0o077:
            return False
        os.chmod(path, mode & ~0o077)
    except OSError:
        return False
    return True


def prepare(path: Path) -> None:
    """Create the store file 0600 if it is missing, and tighten it and its companions if they are looser."""
    try:
        private_dir(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    except OSError:
        return  # a read-only home: opening read-only (or failing clearly) is the store's business
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)):
        tighten(candidate)


def read_only_uris(path: Path) -> list[str]:
    """SQLite URIs that open the store without writing: read-only first, then immutable (no -shm needed)."""
    base = path.resolve().as_uri()
    return [f"{base}?mode=ro", f"{base}?immutable=1"]


def translate(path: Path, exc: sqlite3.Error) -> StoreError:
    """SQLite's error as the fault it is: disk full, read-only, really damaged, or something else (with the path)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    text = str(exc)
    if code == _SQLITE_FULL or "disk is full" in text:
        return StoreFull(
            f"the disk is full: cannot write the event store {path}",
            "Free some disk space (or point --home at another disk); everything recorded so far is kept.",
            path=str(path),
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN) or "readonly" in text or "read-only" in text:
        return StoreReadOnly(
            f"{path} cannot be written ({text}): new events cannot be recorded",
            "Make the data directory writable, or point --home at a writable directory; reading still works.",
            path=str(path),
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StoreError(
            f"{path} is not a usable event store: {text}",
            "Move the file aside (DingConsole then starts an empty store there), or point --home elsewhere.",
            path=str(path),
        )
    return StoreError(f"the event store {path} failed: {text}", "", path=str(path))
