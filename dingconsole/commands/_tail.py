"""`dingconsole events tail`: the newest matching exchanges, then (with --follow) every new one as it is recorded.

Any writer of the store counts — the window's listener, `serve`, `stream`, an import in another
process: the store's ids only grow (AUTOINCREMENT), so following is polling `max_id()` and reading the
new ids, filtered in memory with the same `matches()` the window uses for live rows. A script learns
that following has begun from the first line (`{"ready": …}` with --jsonl), stops us with SIGINT or
SIGTERM, or simply goes away: a closed pipe ends the command quietly (exit 0), even while idle.
"""

from __future__ import annotations

import argparse
import os
import select
import sys
from collections.abc import Iterable
from typing import Any

from dingconsole.commands import _common, _filters
from dingconsole.commands._lines import exchange_json, exchange_line
from dingconsole.core.exchange import Exchange
from dingconsole.core.store import EventFilter, EventStore, matches
from dingconsole.core.untrusted import json_line

POLL_S = 0.2  # how often the store is asked for new rows: a push shows within this
CHUNK = 500  # ids read at a time when many arrive at once


def add_action(actions: Any) -> None:
    tail = actions.add_parser(
        "tail",
        help="print the newest matching exchanges; with --follow, every new one as it is recorded",
        description="Print the last --limit matching exchanges, oldest first. With --follow, keep printing every "
        "new matching exchange recorded by any listener sharing this store (the window's, `serve`'s, `stream`'s) "
        "until Ctrl+C, SIGTERM or a closed pipe. With --jsonl, one JSON object a line, and with --follow a first "
        '{"ready": true, "last_id": N} line: everything recorded after it is printed.',
    )
    _filters.add_filter_args(tail)
    tail.add_argument("--limit", type=int, default=10, metavar="N", help="the last N matches first (10; 0: none)")
    tail.add_argument("-f", "--follow", action="store_true", help="keep printing new exchanges as they are recorded")
    tail.add_argument("--jsonl", action="store_true", help="one JSON object a line")
    tail.add_argument("--lang", choices=("en", "zh"), default="en", help="language of event labels and summaries (en)")
    tail.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise _common.UsageError("--limit must be 0 or more")
    flt = _filters.filter_from_args(args)
    stop = _common.StopRequest()
    if args.follow:
        stop.install()
    try:
        with EventStore() as store:
            _follow(store, flt, args, stop)
    except BrokenPipeError:  # the reader went away: nothing left to say, and nobody to say it to
        _silence_stdout()
    return 0


def _follow(store: EventStore, flt: EventFilter, args: argparse.Namespace, stop: _common.StopRequest) -> None:
    last = store.max_id()
    if args.follow:
        if args.jsonl:
            _emit(json_line({"ready": True, "last_id": last}))
        else:
            print("following new exchanges; Ctrl+C to stop", file=sys.stderr, flush=True)
    if args.limit:
        backlog = [ex for ex in store.query(flt, limit=args.limit) if ex.id is not None and ex.id <= last]
        _print(reversed(backlog), args)
    while args.follow and not stop.wait(POLL_S):
        if _reader_gone():
            return
        newest = store.max_id()
        for start in range(last + 1, newest + 1, CHUNK):
            rows = store.by_ids(list(range(start, min(start + CHUNK, newest + 1))))
            _print((ex for ex in rows if matches(ex, flt)), args)
        last = max(last, newest)


def _print(rows: Iterable[Exchange], args: argparse.Namespace) -> None:
    lines = [exchange_json(ex) if args.jsonl else exchange_line(ex, args.lang) for ex in rows]
    if lines:
        _emit("\n".join(lines))


def _emit(text: str) -> None:
    print(text, flush=True)


def _reader_gone() -> bool:
    """True when stdout is a pipe whose reading end was closed (so we notice while idle, not at the next row)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (captured in a test, a closed stream)
        return False
    if not hasattr(select, "poll"):  # Windows: noticed at the next write instead
        return False
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: POLLERR/POLLHUP are always reported
    return any(event & (select.POLLERR | select.POLLHUP) for _fd, event in poller.poll(0))


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not report the broken pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass
