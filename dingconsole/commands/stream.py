"""`dingconsole stream`: receive events over DingTalk Stream mode (no public URL), optionally bridged to a handler."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from dingconsole.commands import _common, _stream_doctor
from dingconsole.commands._common import load_profile
from dingconsole.commands._lines import event_line, exchange_json
from dingconsole.core.dingtalk import (
    DEFAULT_GATEWAY,
    State,
    StreamBridge,
    StreamClient,
)
from dingconsole.core.dingtalk.callbacks import TOPIC_CARD, TOPIC_ROBOT, BadTopic, check_topic
from dingconsole.core.dingtalk.tokens import DEFAULT_API_BASE
from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.send import SendError
from dingconsole.core.store import EventStore
from dingconsole.core.untrusted import json_line, printable

SHARED_WARNING = (
    "stream: warning: every client connected with AppKey {key} gets only a share of its events: if a staging or "
    "production bot uses this AppKey, it loses the events this console receives (and the other way round). "
    "Mark a test app's profile with `dingconsole profile development-only {name}` to silence this."
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "stream",
        help="receive events over Stream mode (no public URL needed)",
        description="Open a DingTalk Stream mode connection with the profile's AppKey and AppSecret, record "
        "every event in the event store and print one line per event until Ctrl+C. With --forward, "
        "each event is also sealed and POSTed to your HTTP callback handler, and its reply is judged; the event "
        "is ACKed SUCCESS only when DingTalk would accept that reply, else LATER (DingTalk delivers it again). "
        "With --callback, robot messages and card callbacks are received too (robot messages are forwarded "
        "as DingTalk's HTTP-mode robot sends them). Transient gateway errors are retried forever. "
        "Another consumer: DingTalk splits an app's frames between all clients connected with its AppKey, so "
        "connecting with the AppKey of a running staging or production bot takes some of its events (and "
        "they take some of yours); the console warns before connecting unless the profile is marked "
        "`dingconsole profile development-only NAME`. `stream doctor --profile NAME` checks a silent stream "
        "stage by stage.",
    )
    p.add_argument("--profile", metavar="NAME", help="profile with AppKey (owner key) and AppSecret (required)")
    p.add_argument("--forward", metavar="URL", help="bridge each event to this HTTP callback URL as a sealed push")
    p.add_argument(
        "--forward-profile",
        metavar="NAME",
        help="seal forwarded pushes with this profile's token/aesKey (default: --profile)",
    )
    p.add_argument(
        "--callback",
        metavar="TOPIC",
        action="append",
        default=[],
        help="also subscribe to this CALLBACK topic: `robot` (robot messages, /v1.0/im/bot/messages/get), "
        "`card` (card callbacks, /v1.0/card/instances/callback) or any topic path; repeatable",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='print each event as one JSON line, and the connection\'s health as {"stream_health": …} lines',
    )
    p.add_argument("--gateway-base", default=DEFAULT_GATEWAY, help=argparse.SUPPRESS)
    p.add_argument("--keepalive", type=float, default=60.0, help=argparse.SUPPRESS)  # the watchdog's idle seconds
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest="stream_action", metavar="{doctor}")
    _stream_doctor.register(actions, {"gateway_base": DEFAULT_GATEWAY, "api_base": DEFAULT_API_BASE})


def callback_topics(values: list[str]) -> list[str]:
    """--callback values: the `robot` and `card` shorthands, or topic paths (a usage error otherwise)."""
    topics = []
    for value in values:
        topic = {"robot": TOPIC_ROBOT, "card": TOPIC_CARD}.get(value.strip().lower(), value)
        try:
            topics.append(check_topic(topic))
        except BadTopic as exc:
            raise _common.UsageError(f"--callback: {exc}") from None
    return topics


def run(args: argparse.Namespace) -> int:
    if not args.profile:
        raise _common.UsageError("stream: give --profile NAME (or `stream doctor --profile NAME`)")
    profile = load_profile(args.profile)
    topics = callback_topics(args.callback)
    bridge = None
    if args.forward:
        sealer = ProfileStore().get(args.forward_profile) if args.forward_profile else profile
        if TOPIC_ROBOT in topics and not sealer.app_secret:
            raise _common.UsageError(
                f"--forward-profile: profile {sealer.name!r} has no AppSecret to sign forwarded robot messages"
            )
        try:
            bridge = StreamBridge(args.forward, sealer)
        except SendError as exc:
            raise _common.UsageError(f"--forward: {exc.message}") from None
    stop = _common.StopRequest()
    stop.install()
    lock = threading.Lock()

    def show(exchange: Exchange) -> None:
        text = exchange_json(exchange) if args.json else event_line(exchange)
        with lock:
            print(text, flush=True)

    def health() -> None:
        if args.json:
            with lock:
                print(json_line({"stream_health": client.health.to_dict()}), flush=True)

    def state(value: State, detail: str) -> None:
        if value in (State.RECONNECTING, State.FAILED) or (value is State.CONNECTED and client.connections > 1):
            with lock:
                line = f"stream: {value.value}{': ' + detail if detail else ''}"
                print(printable(line), file=sys.stderr, flush=True)
        if value is not State.STOPPED:
            health()
        if value is State.FAILED:
            stop.set()

    with EventStore() as store:
        client = StreamClient(
            store,
            profile,
            gateway_base=args.gateway_base,
            forwarder=bridge,
            callback_topics=topics,
            keepalive=args.keepalive,
        )
        client.add_observer(show)
        client.add_state_observer(state)
        if not profile.development_only:
            print(
                printable(SHARED_WARNING.format(key=profile.owner_key, name=profile.name)), file=sys.stderr, flush=True
            )
        client.start()
        target = f", forwarding to {args.forward}" if args.forward else ""
        topics_text = f", callbacks {', '.join(topics)}" if topics else ""
        status = "connected" if client.state is State.CONNECTED else "still connecting (retrying)"
        print(
            f"stream: {status} as {profile.owner_key} (profile {profile.name}){target}{topics_text}; Ctrl+C to stop",
            file=sys.stderr,
            flush=True,
        )
        try:
            while not stop.wait(0.2):
                continue
        finally:
            client.stop()
        health()
        summary = client.health.to_dict()
        print(
            f"stream: stopped after {client.events} events, {client.connections} connections, "
            f"{summary['reconnects']} reconnects, {summary['duplicates']} duplicates, {summary['later']} LATER",
            file=sys.stderr,
        )
        if client.state is State.FAILED and client.last_error is not None:
            raise client.last_error
    return 0
