"""`matches(exchange, flt)`: the store's EventFilter applied to one exchange in memory.

The table pages from the store with the current filter (SQL), and live rows from the listener are
inserted only when they would be in that query's result — so both paths must agree. This mirrors
`EventFilter.where()` in core/store.py: "any of" lists, NULL columns never match a list, and the text
search is a case-insensitive substring of message, error message, event type or event id (SQLite's
LIKE folds ASCII case only; casefold() here also folds other scripts, which only widens a search).
"""

from __future__ import annotations

from dingconsole.core.exchange import Exchange, Outcome, Transport
from dingconsole.core.store.store import EventFilter


def is_empty(flt: EventFilter | None) -> bool:
    """True when the filter lets every exchange through."""
    return flt is None or flt == EventFilter()


def matches(exchange: Exchange, flt: EventFilter | None) -> bool:
    """Would `store.query(flt)` return this exchange?"""
    if flt is None:
        return True
    if flt.event_types and (exchange.event_type is None or exchange.event_type not in set(flt.event_types)):
        return False
    if flt.outcomes and Outcome(exchange.outcome).value not in {Outcome(o).value for o in flt.outcomes}:
        return False
    if flt.profiles and (exchange.profile is None or exchange.profile not in set(flt.profiles)):
        return False
    if flt.transport and Transport(exchange.transport).value not in {Transport(t).value for t in flt.transport}:
        return False
    if flt.ids and (exchange.id is None or exchange.id not in {int(i) for i in flt.ids}):
        return False
    if flt.since is not None and exchange.received_at < flt.since:
        return False
    if flt.until is not None and exchange.received_at > flt.until:
        return False
    if flt.text:
        needle = flt.text.casefold()
        fields = (exchange.message, exchange.error_message, exchange.event_type, exchange.event_id)
        return any(needle in field.casefold() for field in fields if field)
    return True
