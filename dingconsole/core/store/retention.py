"""Retention: keep the store under a size cap and an age cap, trimming the oldest events first.

Never trimmed: pinned events, and the current session — everything recorded since the store was opened
is safe from the age cap (an import of old events stays), and from the size cap what was recorded in
the last hour (SESSION_GRACE_S: what the user is looking at now; a console left running for weeks is
still held at its cap). Trimming runs on the upkeep thread (core/store/upkeep.py) in small
transactions, so the listener's commits wait at most one chunk. SQLite reuses the pages freed, so a
store at its cap stops growing on disk; the size compared with the cap is the pages in use.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

GIB = 1024**3
DEFAULT_MAX_BYTES = 2 * GIB
DEFAULT_MAX_AGE_DAYS = 30.0
TRIM_CHUNK = 2000  # rows per transaction
TARGET = 0.95  # trim to this share of the cap, so a store at its cap is not trimmed on every pass

SESSION_GRACE_S = 3600.0
FIRST_PASS_DELAY_S = 60.0  # after the window or `serve` starts: start-up reads first, trimming later

TRIMMED_ROWS_KEY = "trimmed_rows"
TRIMMED_AT_KEY = "trimmed_at"


@dataclass(frozen=True)
class RetentionPolicy:
    """`max_bytes`/`max_age_days` of None (or 0) mean no cap of that kind."""

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_age_days: float | None = DEFAULT_MAX_AGE_DAYS

    @property
    def active(self) -> bool:
        return bool(self.max_bytes) or bool(self.max_age_days)


def used_bytes(conn: sqlite3.Connection) -> int:
    """Bytes of the database in use (pages not on the free list)."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int((pages - free) * page_size)


def _victims(conn: sqlite3.Connection, floor: int, limit: int, before: float | None) -> list[int]:
    """The oldest deletable ids: not pinned, from an earlier session, received before `before` if given."""
    sql = "SELECT id FROM exchanges WHERE pinned = 0 AND id <= ?"
    args: list[float | int] = [floor]
    if before is not None:
        sql += " AND received_at < ?"
        args.append(before)
    sql += " ORDER BY received_at, id LIMIT ?"
    args.append(limit)
    return [r[0] for r in conn.execute(sql, args)]


def trim(
    read: sqlite3.Connection,
    delete: Callable[[list[int]], int],
    policy: RetentionPolicy,
    floors: tuple[int, int],
    now: float | None = None,
) -> int:
    """One retention pass; `delete(ids)` removes a chunk in its own transaction. Returns rows trimmed.

    `floors`: (age, size) — ids above them are spared by the age cap / the size cap."""
    age_floor, size_floor = floors
    if not policy.active:
        return 0
    trimmed = 0
    if policy.max_age_days:
        before = (time.time() if now is None else now) - policy.max_age_days * 86400
        while ids := _victims(read, age_floor, TRIM_CHUNK, before):
            trimmed += delete(ids)
    if policy.max_bytes:
        used = used_bytes(read)
        if used > policy.max_bytes:
            # rows to drop at the average row size; measured once a pass, as freed pages (and the search
            # index's merges) show up only after the commits
            count = read.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0] or 1
            wanted = -(-(used - int(policy.max_bytes * TARGET)) * count // used)
            while wanted > 0 and (ids := _victims(read, size_floor, min(TRIM_CHUNK, wanted), None)):
                wanted -= len(ids)
                trimmed += delete(ids)
    return trimmed
