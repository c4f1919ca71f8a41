"""`dingconsole gui`: open the desktop window (also what `dingconsole` with no command does).

PySide6 is imported only inside the handler (ruff bans it outside dingconsole/gui), so the CLI stays
importable and fast on machines without a display.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "gui",
        help="open the desktop window",
        description="Open the DingConsole window, optionally with the callback listener already running.",
    )
    parser.add_argument("--profile", metavar="NAME", help="select this saved profile")
    parser.add_argument("--listen", action="store_true", help="start the callback listener at once")
    parser.add_argument(
        "--host", default=None, help="listener bind address (default: the window's setting, first 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="listener port (default: the window's setting, first any free port)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dingconsole.gui import app

    return app.run(
        profile=getattr(args, "profile", None),
        listen=bool(getattr(args, "listen", False)),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )
