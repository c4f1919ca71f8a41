"""`dingconsole stream`: receive events over DingTalk Stream mode (no public URL), optionally bridged to a handler."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from typing import Any

from dingconsole.commands import _common
from dingconsole.core import events
from dingconsole.core.dingtalk import (
    DEFAULT_GATEWAY,
    MissingAppSecret,
    State,
    StreamBridge,
    StreamClient,
    require_app_secret,
)
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import SendError
from dingconsole.core.store import EventStore

ORDER = 60


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


def load_profile(name: str) -> Profile:
    """The named profile, refused as a usage error (exit 2) when it cannot talk to DingTalk's servers."""
    profile = ProfileStore().get(name)
    try:
        require_app_secret(profile)
    except MissingAppSecret as exc:
        raise _common.UsageError(f"{exc.message}. {exc.hint}") from None
    return profile


def event_line(exchange: Exchange) -> str:
    """One line: time, store id, event type, event id, summary, and the handler's verdict when bridged."""
    stamp = time.strftime("%H:%M:%S", time.localtime(exchange.received_at))
    parts = [stamp, f"#{exchange.id}", exchange.event_type or "-", exchange.event_id or "-"]
    if exchange.outcome is Outcome.INVALID or exchange.message is None:
        parts.append(f"error [{exchange.error_code}]: {exchange.error_message}")
    else:
        payload = exchange.message_json()
        if isinstance(payload, dict) and exchange.event_type and not events.event_type(payload):
            payload = {"EventType": exchange.event_type, **payload}  # Stream data carries the type in headers
        parts.append(events.summary(payload))
        if exchange.repeat_of is not None:
            parts.append(f"(repeat of #{exchange.repeat_of})")
        if exchange.error_message:
            parts.append(f"FAILED [{exchange.error_code}]: {exchange.error_message}")
        elif exchange.diagnosis is not None:
            parts.append(f"handler replied {exchange.reply_status}: passed")
    return "  ".join(p for p in parts if p)


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
