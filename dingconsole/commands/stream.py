"""`dingconsole stream`: receive events over DingTalk Stream mode (no public URL), optionally bridged to a handler."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from dingconsole.commands import _common
from dingconsole.commands._common import load_profile
from dingconsole.commands._lines import event_line
from dingconsole.core.dingtalk import (
    DEFAULT_GATEWAY,
    State,
    StreamBridge,
    StreamClient,
)
from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.send import SendError
from dingconsole.core.store import EventStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "stream",
        help="receive events over Stream mode (no public URL needed)",
        description="Open a DingTalk Stream mode connection with the profile's AppKey and AppSecret, record "
        "every event in the event store and print one line per event until Ctrl+C. With --forward, "
        "each event is also sealed and POSTed to your HTTP callback handler, and its reply is judged.",
    )
    p.add_argument("--profile", metavar="NAME", required=True, help="profile with AppKey (owner key) and AppSecret")
    p.add_argument("--forward", metavar="URL", help="bridge each event to this HTTP callback URL as a sealed push")
    p.add_argument(
        "--forward-profile",
        metavar="NAME",
        help="seal forwarded pushes with this profile's token/aesKey (default: --profile)",
    )
    p.add_argument("--json", action="store_true", help="print each event as one JSON line")
    p.add_argument("--gateway-base", default=DEFAULT_GATEWAY, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def install_stop_signals(stop: threading.Event) -> None:
    for name in ("SIGINT", "SIGTERM"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, lambda *_: stop.set())


def run(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    bridge = None
    if args.forward:
        sealer = ProfileStore().get(args.forward_profile) if args.forward_profile else profile
        try:
            bridge = StreamBridge(args.forward, sealer)
        except SendError as exc:
            raise _common.UsageError(f"--forward: {exc.message}") from None
    stop = threading.Event()
    install_stop_signals(stop)
    lock = threading.Lock()

    def show(exchange: Exchange) -> None:
        text = json.dumps(exchange.to_dict(), ensure_ascii=False) if args.json else event_line(exchange)
        with lock:
            print(text, flush=True)

    def state(value: State, detail: str) -> None:
        if value in (State.RECONNECTING, State.FAILED) or (value is State.CONNECTED and client.connections > 1):
            with lock:
                print(f"stream: {value.value}{': ' + detail if detail else ''}", file=sys.stderr, flush=True)
        if value is State.FAILED:
            stop.set()

    with EventStore() as store:
        client = StreamClient(store, profile, gateway_base=args.gateway_base, forwarder=bridge)
        client.add_observer(show)
        client.add_state_observer(state)
        client.start()
        target = f", forwarding to {args.forward}" if args.forward else ""
        print(
            f"stream: connected as {profile.owner_key} (profile {profile.name}){target}; Ctrl+C to stop",
            file=sys.stderr,
            flush=True,
        )
        try:
            while not stop.wait(0.2):
                continue
        finally:
            client.stop()
        print(f"stream: stopped after {client.events} events, {client.connections} connections", file=sys.stderr)
        if client.state is State.FAILED and client.last_error is not None:
            raise client.last_error
    return 0
