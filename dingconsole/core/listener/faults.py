"""Running out of file descriptors, disk or memory: logged once per condition, then only counted.

Under a flood these conditions repeat on every request or accept (one test printed 130,012 EMFILE
tracebacks, 52 MB of stderr, in 15 s); the log that should explain the fault buries it instead. The
listener reports each one here: the first occurrence of a condition is logged with what it means,
the rest are counted, and the count is logged when the listener stops.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import sqlite3
import threading
from typing import Any

__all__ = ["FaultLog", "condition_of"]

_MEANING = {
    "file_descriptors": "out of file descriptors (too many open connections or files): new connections "
    "are refused until some close; raise the limit (ulimit -n) or reduce the load",
    "disk_full": "the disk is full: new requests cannot be recorded until space is freed",
    "memory": "out of memory: requests are failing",
}
_SQLITE_FULL = 13


def condition_of(exc: BaseException | None) -> str | None:
    """Which resource `exc` says ran out ("file_descriptors", "disk_full", "memory"), or None."""
    if exc is None:
        return None
    if isinstance(exc, MemoryError):
        return "memory"
    if getattr(exc, "code", None) == "store_full":  # the store's own StoreFull (no import: no cycle)
        return "disk_full"
    if isinstance(exc, sqlite3.Error) and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == _SQLITE_FULL:
        return "disk_full"
    if isinstance(exc, OSError):
        if exc.errno in (errno.EMFILE, errno.ENFILE):
            return "file_descriptors"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "disk_full"
        if exc.errno == errno.ENOMEM:
            return "memory"
    cause = exc.__cause__ or exc.__context__
    return condition_of(cause) if cause is not None and cause is not exc else None


class FaultLog:
    """Counts resource faults per condition; logs the first of each, and the totals on `close`."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.stopping = False  # set when the listener stops accepting

    def report(self, exc: BaseException | None, where: str = "") -> bool:
        """Count `exc` if it is a resource fault (True), logging only the first of its condition."""
        condition = condition_of(exc)
        if condition is None:
            return False
        with self._lock:
            count = self.counts.get(condition, 0) + 1
            self.counts[condition] = count
        if count == 1:
            suffix = f" ({where})" if where else ""
            self._log.error("%s%s: %s — further occurrences are counted, not logged", _MEANING[condition], suffix, exc)
        return True

    def loop_exception_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """For `loop.set_exception_handler`: asyncio's accept loop reports EMFILE here on every retry."""
        if self.report(context.get("exception"), str(context.get("message") or "")):
            return
        if self.stopping and "_start_serving" in repr(context.get("handle")):
            # After EMFILE asyncio re-arms accept() a second later; if the server closed meanwhile, that
            # timer finds a closed socket. Nothing is lost: the listener had stopped accepting anyway.
            self._log.debug("accept retry after the listener stopped: %s", context.get("exception"))
            return
        loop.default_exception_handler(context)

    def close(self) -> None:
        """Log how often each condition occurred (once it occurred more than once)."""
        with self._lock:
            counts, self.counts = dict(self.counts), {}
        for condition, count in counts.items():
            if count > 1:
                self._log.error("%s: happened %d times in all", _MEANING[condition].split(":")[0], count)
