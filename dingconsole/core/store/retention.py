"""Retention: keep the store under a size cap and an age cap, trimming the oldest events first.

Never trimmed: pinned events, and the current session — everything recorded since the store was opened
is safe from the age cap (an import of old events stays), and from the size cap what was recorded in
the last hour (SESSION_GRACE_S: what the user is looking at now; a console left running for weeks is
still held at its cap). Trimming runs on the upkeep thread (core/store/upkeep.py) in small
transactions, so the listener's commits wait at most one chunk. SQLite reuses the pages freed, so a
store at its cap stops growing on disk; the size compared with the cap is the pages in use.

Unauthenticated rows (Exchange.unauthenticated: what the listener recorded before any signature
verified, which anyone who finds the URL can send) are kept apart: the newest `unauthenticated_rows`
within `unauthenticated_bytes`, at any age and without the last hour's grace, and a size cap removes
them before anything else. So a flood of junk costs at most its quota and can never evict the user's
own events or pinned ones — which before went first, oldest first, while the flood itself sat in the
grace hour past the cap. The quota is enforced as the junk arrives (the upkeep thread, every
FLOOD_CHECK_ROWS of it), not only on the regular pass, and holds with no size or age cap set.
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
FLOOD_CHUNK = 256  # unauthenticated rows per transaction: trimmed mid-flood, beside the listener's commits
TARGET = 0.95  # trim to this share of the cap, so a store at its cap is not trimmed on every pass

DEFAULT_UNAUTHENTICATED_ROWS = 1000  # a stranger's requests kept to look at (a scan, a misdirected sender)
DEFAULT_UNAUTHENTICATED_BYTES = 4 * 1024**2  # ...within this much (a row keeps at most 6 KiB of its body)

SESSION_GRACE_S = 3600.0
FIRST_PASS_DELAY_S = 60.0  # after the window or `serve` starts: start-up reads first, trimming later

TRIMMED_ROWS_KEY = "trimmed_rows"
TRIMMED_AT_KEY = "trimmed_at"


@dataclass(frozen=True)
class RetentionPolicy:
    """`max_bytes`/`max_age_days` of None (or 0) mean no cap of that kind; the unauthenticated quota is
    there whatever the caps (None: no quota of that kind)."""

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_age_days: float | None = DEFAULT_MAX_AGE_DAYS
    unauthenticated_rows: int | None = DEFAULT_UNAUTHENTICATED_ROWS
    unauthenticated_bytes: int | None = DEFAULT_UNAUTHENTICATED_BYTES

    @property
    def active(self) -> bool:
        quota = self.unauthenticated_rows is not None or self.unauthenticated_bytes is not None
        return bool(self.max_bytes) or bool(self.max_age_days) or quota


def used_bytes(conn: sqlite3.Connection) -> int:
    """Bytes of the database in use (pages not on the free list)."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int((pages - free) * page_size)


# What a row holds, in bytes: its variable columns plus a fixed share for the rest. A BLOB's length is read
# from the record header, without loading it; text is cast to count UTF-8 bytes rather than characters.
_BLOBS = ("body", "reply_body")
_TEXTS = (
    "remote, method, path, query, headers, profile, error_code, error_message, diagnosis, message, event_type,"
    " event_id, reply_headers"
).split(", ")
ROW_OVERHEAD = 64
ROW_BYTES = (
    " + ".join([f"length({c})" for c in _BLOBS] + [f"coalesce(length(CAST({c.strip()} AS BLOB)), 0)" for c in _TEXTS])
    + f" + {ROW_OVERHEAD}"
)
UNAUTHENTICATED = "unauthenticated = 1 AND pinned = 0"  # as the partial index ix_exchanges_unauthenticated says


def unauthenticated_usage(conn: sqlite3.Connection) -> tuple[int, int]:
    """(rows, bytes) of the unpinned unauthenticated rows: what their quota counts."""
    rows, size = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM({ROW_BYTES}), 0) FROM exchanges WHERE {UNAUTHENTICATED}"
    ).fetchone()
    return int(rows), int(size)


def _victims(
    conn: sqlite3.Connection, floor: int, limit: int, before: float | None, *, authenticated: bool = False
) -> list[int]:
    """The oldest deletable ids: not pinned, from an earlier session, received before `before` if given
    (`authenticated`: not an unauthenticated row, which their own step trims first)."""
    sql = "SELECT id FROM exchanges WHERE pinned = 0 AND id <= ?"
    args: list[float | int] = [floor]
    if authenticated:
        sql += " AND unauthenticated = 0"
    if before is not None:
        sql += " AND received_at < ?"
        args.append(before)
    sql += " ORDER BY received_at, id LIMIT ?"
    args.append(limit)
    return [r[0] for r in conn.execute(sql, args)]


def _quota_cutoff(conn: sqlite3.Connection, policy: RetentionPolicy) -> int | None:
    """The newest unauthenticated id outside the quota (it and every older one go), or None.

    Walks newest first and stops at the first row that does not fit: reads at most the quota's rows."""
    rows, budget = policy.unauthenticated_rows, policy.unauthenticated_bytes
    if rows is None and budget is None:
        return None
    kept = total = 0
    cursor = conn.execute(f"SELECT id, {ROW_BYTES} FROM exchanges WHERE {UNAUTHENTICATED} ORDER BY id DESC")
    try:
        for row_id, size in cursor:
            if (rows is not None and kept >= rows) or (budget is not None and total + size > budget):
                return int(row_id)
            kept, total = kept + 1, total + size
    finally:
        cursor.close()
    return None


def trim_unauthenticated(read: sqlite3.Connection, delete: Callable[[list[int]], int], policy: RetentionPolicy) -> int:
    """Hold unauthenticated rows to their quota, then — if the store is over its size cap — remove them,
    oldest first and at any age, until it is under (or none is left). Returns rows trimmed."""
    trimmed = 0
    cutoff = _quota_cutoff(read, policy)
    if cutoff is not None:
        select = f"SELECT id FROM exchanges WHERE {UNAUTHENTICATED} AND id <= ? ORDER BY id LIMIT ?"
        while ids := [r[0] for r in read.execute(select, (cutoff, FLOOD_CHUNK))]:
            trimmed += delete(ids)
    if policy.max_bytes and (used := used_bytes(read)) > policy.max_bytes:
        target = int(policy.max_bytes * TARGET)
        select = f"SELECT id, {ROW_BYTES} FROM exchanges WHERE {UNAUTHENTICATED} ORDER BY id LIMIT ?"
        while used > target and (oldest := read.execute(select, (FLOOD_CHUNK,)).fetchall()):
            # as many of the oldest as hold the excess; measured again after each commit (freed pages show then)
            excess, ids = used - target, []
            for row_id, size in oldest:
                ids.append(row_id)
                excess -= size
                if excess <= 0:
                    break
            trimmed += delete(ids)
            used = used_bytes(read)
    return trimmed


def trim(
    read: sqlite3.Connection,
    delete: Callable[[list[int]], int],
    policy: RetentionPolicy,
    floors: tuple[int, int],
    now: float | None = None,
) -> int:
    """One retention pass; `delete(ids)` removes a chunk in its own transaction. Returns rows trimmed.

    `floors`: (age, size) — ids above them are spared by the age cap / the size cap. Unauthenticated rows
    have no such floor: their quota, and the size cap, take them first."""
    age_floor, size_floor = floors
    if not policy.active:
        return 0
    trimmed = 0
    if policy.max_age_days:
        before = (time.time() if now is None else now) - policy.max_age_days * 86400
        while ids := _victims(read, age_floor, TRIM_CHUNK, before):
            trimmed += delete(ids)
    trimmed += trim_unauthenticated(read, delete, policy)
    if policy.max_bytes:
        used = used_bytes(read)
        if used > policy.max_bytes:
            # rows to drop at the average row size; measured once a pass, as freed pages (and the search
            # index's merges) show up only after the commits
            count = read.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0] or 1
            wanted = -(-(used - int(policy.max_bytes * TARGET)) * count // used)
            while wanted > 0 and (ids := _victims(read, size_floor, min(TRIM_CHUNK, wanted), None, authenticated=True)):
                wanted -= len(ids)
                trimmed += delete(ids)
    return trimmed
