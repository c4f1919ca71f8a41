"""`events pin/unpin/stats` and the retention flags of `serve`: the store's size, its caps and what was trimmed."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import Any

from dingconsole.commands import _common
from dingconsole.core.store import EventStore
from dingconsole.core.store.maintenance import StoreStats
from dingconsole.core.store.retention import (
    DEFAULT_MAX_AGE_DAYS,
    DEFAULT_MAX_BYTES,
    DEFAULT_UNAUTHENTICATED_BYTES,
    DEFAULT_UNAUTHENTICATED_ROWS,
    RetentionPolicy,
)

_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_size(text: str) -> int:
    """'2G', '500M', '1.5GiB', '800000' → bytes (binary units); 0 means no cap."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 2G, 500M, 0 for no cap)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--max-age cannot be negative")
    return value


def human_size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def add_retention_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "retention (trimmed in the background, oldest first; pinned events stay; unauthenticated requests"
        f" (no signature verified) are kept to the newest {DEFAULT_UNAUTHENTICATED_ROWS:,} within"
        f" {human_size(DEFAULT_UNAUTHENTICATED_BYTES)} and trimmed first)"
    )
    group.add_argument(
        "--max-size",
        type=parse_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="keep the event store under SIZE (default 2G; 0: no size cap)",
    )
    group.add_argument(
        "--max-age",
        type=_days,
        default=DEFAULT_MAX_AGE_DAYS,
        metavar="DAYS",
        help="drop events older than DAYS from earlier runs (default 30; 0: keep them)",
    )


def retention_from_args(args: argparse.Namespace) -> RetentionPolicy:
    return RetentionPolicy(max_bytes=args.max_size or None, max_age_days=args.max_age or None)


def add_actions(actions: Any) -> None:
    """The store-keeping actions of `events`."""
    pin = actions.add_parser("pin", help="keep exchanges whatever the retention caps", description="Pin exchanges.")
    pin.add_argument("ids", type=int, nargs="+", metavar="ID")
    pin.set_defaults(func=run_pin, pinned=True)
    unpin = actions.add_parser("unpin", help="let retention trim exchanges again", description="Unpin exchanges.")
    unpin.add_argument("ids", type=int, nargs="+", metavar="ID")
    unpin.set_defaults(func=run_pin, pinned=False)
    stats = actions.add_parser(
        "stats", help="size, count, pinned, search index and what retention trimmed", description="Store statistics."
    )
    stats.add_argument("--json", action="store_true", help="as JSON")
    stats.set_defaults(func=run_stats)


def run_pin(args: argparse.Namespace) -> int:
    with EventStore() as store:
        found = store.pin(args.ids, pinned=args.pinned)
    wanted = len(set(args.ids))
    print(f"{'pinned' if args.pinned else 'unpinned'} {found} of {wanted} exchanges")
    return 0 if found == wanted else 1


def stats_lines(stats: StoreStats) -> list[str]:
    at = stats.trimmed_at
    when = datetime.fromtimestamp(float(at)).isoformat(timespec="seconds") if at else "never"
    return [
        f"events:    {stats.count:,} ({stats.pinned:,} pinned)",
        f"size:      {human_size(stats.file_bytes)} on disk, {human_size(stats.used_bytes)} in use",
        f"search:    {'up to date' if not stats.unindexed else f'{stats.unindexed:,} events not indexed yet'}",
        f"trimmed:   {stats.trimmed_rows:,} events by retention (last: {when})",
        f"unauthenticated: {stats.unauthenticated:,} request(s), {human_size(stats.unauthenticated_bytes)}"
        f" (kept: the newest {DEFAULT_UNAUTHENTICATED_ROWS:,} within {human_size(DEFAULT_UNAUTHENTICATED_BYTES)};"
        " trimmed first)",
    ]


def run_stats(args: argparse.Namespace) -> int:
    with EventStore() as store:
        stats = store.stats()
    if args.json:
        data = {k: v for k, v in stats.__dict__.items() if k != "retention"}
        _common.print_json(data)
    else:
        print("\n".join(stats_lines(stats)))
    return 0


def report_trimmed(store: EventStore) -> None:
    """At the end of `serve`: what retention removed in this run, if anything."""
    if store.stats().trimmed_now:
        print(f"retention trimmed {store.stats().trimmed_now:,} old events this run", file=sys.stderr)
