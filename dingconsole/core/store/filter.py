"""The store's EventFilter (its SQL WHERE clause), and `matches(exchange, flt)`: the same filter in memory.

The table pages from the store with the current filter (SQL), and live rows from the listener are
inserted only when they would be in that query's result — so both paths must agree. This mirrors
`EventFilter.where()` in core/store.py: "any of" lists, NULL columns never match a list, and the text
search is a case-insensitive substring of message, error message, event type or event id (SQLite's
LIKE folds ASCII case only; casefold() here also folds other scripts, which only widens a search).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dingconsole.core import catalogue
from dingconsole.core.exchange import Exchange, Outcome, Transport

OTHER_FAMILY = "other"  # events of a type the catalogue does not know (or with no type at all)


def family_types(families: Sequence[str]) -> tuple[set[str], bool]:
    """The event types of these catalogue families, and whether "other" (uncatalogued types) is asked for."""
    kinds = {kind for family in families for kind in catalogue.types_in(family)}
    return kinds, OTHER_FAMILY in families


def label_types(text: str) -> list[str]:
    """Catalogued event types whose label or family name (English or Chinese) holds `text`: a search for
    what a row shows ("approval", "审批") finds the row even when its message never says it (issue 23)."""
    needle = text.casefold().strip()
    if len(needle) < 2:  # one letter is in nearly every label: it would only slow the search down
        return []
    found = []
    for kind in sorted(catalogue.types()):
        spec = catalogue.get(kind)
        family = catalogue.families().get(catalogue.family_of(kind) or "")
        names = [spec.label(lang) for lang in ("en", "zh")] if spec else []
        names += [family.label(lang) for lang in ("en", "zh")] if family else []
        if any(needle in name.casefold() for name in names):
            found.append(kind)
    return found


@dataclass(frozen=True)
class EventFilter:
    """What to show. Empty sequences mean "any"; `since`/`until` are epoch seconds (inclusive)."""

    event_types: Sequence[str] = ()
    outcomes: Sequence[Outcome | str] = ()
    profiles: Sequence[str] = ()
    text: str = ""
    since: float | None = None
    until: float | None = None
    ids: Sequence[int] = ()
    transport: Sequence[Transport | str] = ()
    families: Sequence[str] = ()  # catalogue families (`attendance`, `edu`, …); "other" = uncatalogued types

    def where(self) -> tuple[str, list[Any]]:
        """The SQL WHERE clause (or "") and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: Sequence[Any]) -> None:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(str(v) for v in values)

        any_of("event_type", self.event_types)
        any_of("outcome", self.outcomes)
        any_of("profile", self.profiles)
        any_of("transport", self.transport)
        if self.families:
            self._family_clause(clauses, params)
        if self.ids:
            clauses.append(f"id IN ({', '.join('?' * len(self.ids))})")
            params.extend(int(i) for i in self.ids)
        if self.text:
            pattern = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            labelled = label_types(self.text)
            labels = f" OR event_type IN ({', '.join('?' * len(labelled))})" if labelled else ""
            clauses.append(
                "(message LIKE ? ESCAPE '\\' OR error_message LIKE ? ESCAPE '\\'"
                f" OR event_type LIKE ? ESCAPE '\\' OR event_id LIKE ? ESCAPE '\\'{labels})"
            )
            params.extend([pattern] * 4)
            params.extend(labelled)
        if self.since is not None:
            clauses.append("received_at >= ?")
            params.append(float(self.since))
        if self.until is not None:
            clauses.append("received_at <= ?")
            params.append(float(self.until))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _family_clause(self, clauses: list[str], params: list[Any]) -> None:
        kinds, other = family_types(self.families)
        ordered = sorted(kinds)
        parts = [f"event_type IN ({', '.join('?' * len(ordered))})"] if ordered else []
        params.extend(ordered)
        if other:
            known = sorted(catalogue.types())
            parts.append(f"(event_type IS NULL OR event_type NOT IN ({', '.join('?' * len(known))}))")
            params.extend(known)
        clauses.append("(" + " OR ".join(parts) + ")" if parts else "0")


def build_filter(
    *,
    event_types: Sequence[str] = (),
    families: Sequence[str] = (),
    outcomes: Sequence[str] = (),
    profiles: Sequence[str] = (),
    text: str = "",
    since: str | None = None,
    until: str | None = None,
    ids: Sequence[int] = (),
) -> EventFilter:
    """The filter a face asked for in words (`events list`, `export`, `events tail`, the MCP `events_list`):
    times as ISO or epoch text, families and outcomes checked. ValueError says what is wrong."""
    known_families = [*catalogue.families(), OTHER_FAMILY]
    for family in families:
        if family not in known_families:
            raise ValueError(f"unknown family {family!r}: use one of {', '.join(known_families)}")
    known_outcomes = [o.value for o in Outcome]
    for outcome in outcomes:
        if outcome not in known_outcomes:
            raise ValueError(f"unknown outcome {outcome!r}: use one of {', '.join(known_outcomes)}")
    return EventFilter(
        event_types=tuple(event_types),
        families=tuple(families),
        outcomes=tuple(outcomes),
        profiles=tuple(profiles),
        text=text,
        since=None if since is None else parse_time(since),
        until=None if until is None else parse_time(until),
        ids=tuple(int(i) for i in ids),
    )


def parse_time(text: str) -> float:
    """ISO 8601 date/time (local time when no offset is given) or epoch seconds → epoch seconds."""
    try:
        return float(text)
    except ValueError:
        pass
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise ValueError(f"not an ISO date/time or epoch seconds: {text!r}") from None


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
    if flt.families:
        kinds, other = family_types(flt.families)
        uncatalogued = exchange.event_type is None or catalogue.get(exchange.event_type) is None
        if not (exchange.event_type in kinds or (other and uncatalogued)):
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
        if exchange.event_type is not None and exchange.event_type in label_types(flt.text):
            return True
        return any(needle in field.casefold() for field in fields if field)
    return True
