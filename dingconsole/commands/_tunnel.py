"""`serve --tunnel`: the tunnel's flags, the up-front check, and its events as lines.

`public URL: …` and the verification result go to stdout (scripts can wait for them, like `listening
on`); progress, the tool's last output lines and hints go to stderr. Everything the tool printed is
escaped and its tokens masked (core/tunnel/process.py) before it gets here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from dingconsole.commands._common import UsageError
from dingconsole.core.tunnel import PRESETS, TunnelError, TunnelEvent, TunnelSettings, build, load
from dingconsole.core.untrusted import printable

TUNNEL_EPILOG = (
    "Tunnel presets: "
    + ", ".join(PRESETS)
    + ", or any command with {port}. Their fields come from the saved tunnel setting (tunnel.json in the "
    "config directory, written by the window) or --tunnel-option KEY=VALUE (ssh_target, remote_port, "
    "frp_server, frp_server_port, public_url); tokens only from that file or DINGCONSOLE_FRP_TOKEN, "
    "DINGCONSOLE_NGROK_AUTHTOKEN, DINGCONSOLE_CPOLAR_AUTHTOKEN, never from a flag."
)


def add_args(parser: Any) -> None:
    group = parser.add_argument_group("tunnel (a public URL for DingTalk)")
    group.add_argument(
        "--tunnel",
        metavar='PRESET|"COMMAND {port}"',
        help=f"start a tunnel after the listener ({', '.join(PRESETS)}, or a command with {{port}}), "
        "print its public URL and verify that it reaches this listener",
    )
    group.add_argument(
        "--tunnel-url-pattern",
        metavar="RE",
        help="regex for the public URL in the tunnel's output (group 1 or the match; default: the preset's, "
        "or the first http(s):// URL)",
    )
    group.add_argument("--public-url", metavar="URL", help="the tunnel's public URL, given by hand (no detection)")
    group.add_argument(
        "--tunnel-option", metavar="KEY=VALUE", action="append", help="a tunnel field (repeatable), see below"
    )
    parser.epilog = f"{parser.epilog}\n\n{TUNNEL_EPILOG}" if parser.epilog else TUNNEL_EPILOG


def settings_from_args(args: argparse.Namespace) -> TunnelSettings | None:
    """The tunnel to run, checked up front (a missing tool or field is a usage error before listening)."""
    if not args.tunnel:
        return None
    settings = load()
    settings.preset = args.tunnel
    if args.tunnel_url_pattern:
        settings.url_pattern = args.tunnel_url_pattern
    if args.public_url:
        settings.public_url = args.public_url
    options: dict[str, str] = {}
    for item in args.tunnel_option or ():
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--tunnel-option wants KEY=VALUE, not {item!r}")
        options[key.strip()] = value.strip()
    try:
        settings.update(options)
    except KeyError as exc:
        raise UsageError(f"--tunnel-option: no field {exc.args[0]!r} (tokens come from the environment)") from None
    with tempfile.TemporaryDirectory() as scratch:
        try:
            build(settings, 0, Path(scratch))
        except TunnelError as exc:
            raise UsageError(f"tunnel: {exc.message}" + (f"; {exc.hint}" if exc.hint else "")) from None
    return settings


def print_event(event: TunnelEvent) -> None:
    """One tunnel event as lines (on the main thread, between exchange lines)."""
    err = sys.stderr
    if event.state == "up":
        if event.previous_url:
            print(
                printable(
                    f"tunnel: the public URL changed (was {event.previous_url}): change the URL in DingTalk's "
                    "event subscription settings"
                ),
                file=err,
            )
        print(printable(f"public URL: {event.callback_url}"), flush=True)
        print("tunnel: checking that a GET through it reaches this listener…", file=err, flush=True)
        return
    if event.state == "verified":
        print(printable(f"tunnel: verified: {event.callback_url} reaches this listener"), flush=True)
        return
    if event.state == "unreachable":
        print(printable(f"tunnel: not reachable: {event.callback_url}: {event.message.split(': ', 1)[-1]}"), flush=True)
    elif event.state in ("failed", "restarting"):
        print(printable(f"tunnel: {event.message}"), file=err)
    elif event.state in ("starting", "stopped"):
        print(printable(f"tunnel: {event.message}"), file=err, flush=True)
        return
    if event.hint:
        print(printable(f"  hint: {event.hint}"), file=err)
    for line in event.tail:
        print(f"  | {line}", file=err)  # escaped and masked already
    if event.state == "restarting":
        print(f"tunnel: restarting in {event.retry_in:g} s", file=err)
    err.flush()
