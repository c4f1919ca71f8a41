"""The event store: one SQLite file (WAL), its schema and migrations, row codecs, checkpoints and the event filter."""

from __future__ import annotations

from dingconsole.core.store.filter import EventFilter, matches, parse_time
from dingconsole.core.store.schema import StoreError, StoreFull, StoreReadOnly
from dingconsole.core.store.store import EventStore

__all__ = ["EventFilter", "EventStore", "StoreError", "StoreFull", "StoreReadOnly", "matches", "parse_time"]
