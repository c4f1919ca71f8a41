"""The event filter flags shared by `events list` and `export`, so both select events the same way."""

from __future__ import annotations

import argparse

from dingconsole.commands._common import UsageError
from dingconsole.core import catalogue
from dingconsole.core.exchange import Outcome
from dingconsole.core.store import EventFilter
from dingconsole.core.store.filter import OTHER_FAMILY, build_filter


def add_filter_args(parser: argparse.ArgumentParser, *, ids: bool = False) -> None:
    group = parser.add_argument_group("which events (all when none is given)")
    group.add_argument("--type", action="append", default=[], metavar="T", help="event type (repeatable)")
    group.add_argument(
        "--family",
        action="append",
        default=[],
        choices=[*catalogue.families(), OTHER_FAMILY],
        metavar="F",
        help="event family: attendance, edu, approval, … or other for uncatalogued types (repeatable)",
    )
    group.add_argument(
        "--outcome", action="append", default=[], choices=[o.value for o in Outcome], help="outcome (repeatable)"
    )
    group.add_argument("--profile", action="append", default=[], metavar="P", help="profile (repeatable)")
    group.add_argument(
        "--text",
        default="",
        metavar="S",
        help="text in the decrypted (or recovered) message, the error, or the label of the event type",
    )
    group.add_argument("--since", metavar="ISO", help="received at or after (ISO date/time or epoch seconds)")
    group.add_argument("--until", metavar="ISO", help="received at or before (ISO date/time or epoch seconds)")
    if ids:
        group.add_argument("--ids", metavar="1,2,…", help="only these exchange ids")


def filter_from_args(args: argparse.Namespace) -> EventFilter:
    try:
        return build_filter(
            event_types=args.type,
            families=getattr(args, "family", ()),
            outcomes=args.outcome,
            profiles=args.profile,
            text=args.text,
            since=args.since,
            until=args.until,
            ids=_ids(getattr(args, "ids", None)),
        )
    except ValueError as exc:  # a time that is neither ISO nor epoch seconds
        raise UsageError(str(exc)) from None


def _ids(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise UsageError(f"--ids takes numbers separated by commas, not {text!r}") from None
