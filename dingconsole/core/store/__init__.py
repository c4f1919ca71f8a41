"""The event store: one SQLite file (WAL), its schema and migrations, row codecs, checkpoints and the event filter."""

from __future__ import annotations

from dingconsole.core.store.filter import matches
from dingconsole.core.store.store import EventFilter, EventStore, parse_time

__all__ = ["EventFilter", "EventStore", "matches", "parse_time"]
