"""`dingconsole serve`: the callback listener without the window — one line per captured request.

The first line on stdout is always `listening on URL` (flushed), so scripts and tunnels can wait for it.
"""

from __future__ import annotations

import argparse
import queue
import sys
from typing import Any
from urllib.parse import urlsplit

from dingconsole.commands import _common, _store_upkeep, _tunnel
from dingconsole.commands._lines import exchange_json, exchange_line
from dingconsole.core.exchange import Exchange
from dingconsole.core.listener import DEFAULT_PATH, Listener, ListenerError, Policy
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.core.tunnel import TunnelEvent, TunnelSupervisor
from dingconsole.core.untrusted import printable

PRINT_INTERVAL_S = 0.05  # how often captured exchanges are printed


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="run the callback listener headless, one line per request",
        description="Listen for DingTalk callbacks, answer valid pushes with the sealed `success` reply, record "
        "every request in the event store and print one line per request until Ctrl+C. Every profile "
        "answers on PATH/<profile>; the active one (or the first --profile) also on PATH itself.",
    )
    p.add_argument(
        "--profile",
        metavar="NAME",
        action="append",
        help="profile to answer with (repeat for several; default: every profile, the active one on PATH)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 exposes it)")
    p.add_argument("--port", type=_port, default=0, help="port (default 0: any free port)")
    p.add_argument("--path", default=DEFAULT_PATH, help=f"callback path (default {DEFAULT_PATH})")
    p.add_argument(
        "--policy",
        default="success",
        metavar="POLICY",
        help="how to answer valid pushes: success (default), non_success, delay:MS, http_500, close",
    )
    p.add_argument(
        "--allow-host",
        metavar="H",
        action="append",
        help="also show profile details on the status page to browsers that reach it as H (a tunnel's host name); "
        "by default only 127.0.0.1/localhost see them (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="print each exchange as one JSON line")
    _store_upkeep.add_retention_args(p)
    _tunnel.add_args(p)
    p.set_defaults(func=run)


def _port(text: str) -> int:
    """A TCP port; checked here because bind() would raise OverflowError, which is no usage message."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: use 0 to 65535 (0 picks a free one)")
    return port


def _policy(text: str) -> Policy:
    try:
        return Policy.parse(text)
    except ValueError as exc:
        raise _common.UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    policy = _policy(args.policy)
    tunnel_settings = _tunnel.settings_from_args(args)
    profiles_file = ProfileStore()
    if args.profile:
        profiles = [profiles_file.get(name) for name in dict.fromkeys(args.profile)]
        active: str | None = profiles[0].name
    else:
        profiles = list(profiles_file)
        active = profiles_file.active
    if not profiles:
        raise _common.UsageError("no profiles yet: add one with `dingconsole profile add` (token, aesKey, owner key)")
    stop = _common.StopRequest()
    stop.install()
    # The observer runs on the listener thread before each reply goes out: it only enqueues. Lines are
    # formatted and printed here on the main thread, a batch at a time with one flush per batch.
    captured: queue.SimpleQueue[Exchange] = queue.SimpleQueue()
    tunnel_events: queue.SimpleQueue[TunnelEvent] = queue.SimpleQueue()
    count = 0

    def drain() -> None:
        nonlocal count
        while True:
            try:
                _tunnel.print_event(tunnel_events.get_nowait())
            except queue.Empty:
                break
        lines = []
        while True:
            try:
                exchange = captured.get_nowait()
            except queue.Empty:
                break
            lines.append(exchange_json(exchange) if args.json else exchange_line(exchange))
        if lines:
            count += len(lines)
            print("\n".join(lines), flush=True)

    with EventStore() as store:
        if store.read_only:  # the data is intact; only recording is impossible, and a listener must record
            print(
                f"error: {store.read_only_reason}; the listener needs to record, so it does not start", file=sys.stderr
            )
            return 1
        try:
            listener = Listener(
                store,
                profiles,
                active=active,
                host=args.host,
                port=args.port,
                path=args.path,
                allow_hosts=args.allow_host or (),
            )
        except ValueError as exc:  # every profile is broken
            raise _common.UsageError(str(exc)) from None
        for name, why in listener.skipped.items():
            print(printable(f"warning: skipping profile {name}: {why}"), file=sys.stderr, flush=True)
        listener.set_policy(policy)
        listener.add_observer(captured.put)
        try:
            listener.start()
            store.set_retention(_store_upkeep.retention_from_args(args))  # trimmed off the reply path
        except ListenerError as exc:
            raise _common.UsageError(exc.strerror or str(exc)) from None
        supervisor: TunnelSupervisor | None = None
        try:
            print(f"listening on {listener.url}", flush=True)
            if listener.warning:
                print(f"warning: {listener.warning}", file=sys.stderr, flush=True)
            for name, url in listener.urls().items():
                print(f"  profile {name}: {url}", file=sys.stderr, flush=True)
            print(f"  response policy: {policy}; events stored in {store.path}; Ctrl+C to stop", file=sys.stderr)
            if tunnel_settings is not None:  # after the listener: the tunnel needs its port
                path = urlsplit(listener.urls().get(listener.active or "", listener.url)).path
                supervisor = TunnelSupervisor(tunnel_settings, listener, path, tunnel_events.put)
                supervisor.start()
            while not stop.wait(PRINT_INTERVAL_S):
                drain()
        finally:
            if supervisor is not None:
                supervisor.stop()  # before the listener: the tunnel goes first, then its target
            listener.stop()
            drain()
        print(f"stopped after {count} exchanges", file=sys.stderr, flush=True)
        _store_upkeep.report_trimmed(store)
    return 0
