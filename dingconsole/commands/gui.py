"""`dingconsole gui`: open the desktop window (also what `dingconsole` with no command does).

PySide6 is imported only inside the handler (ruff bans it outside dingconsole/gui), so the CLI stays
importable and fast on machines without a display. On such a machine (a server, a container, SSH
without X forwarding) Qt would abort with a misleading "xcb-cursor0 is needed"; the window command
says what to use instead and exits 2 before Qt is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

NO_DISPLAY = (
    "error: no display — use `dingconsole serve` / `--help` "
    "(没有显示器 — 请用 `dingconsole serve` / `--help`; or set QT_QPA_PLATFORM=offscreen)"
)


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


def display_missing(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True where Qt could not open a window: an X11/Wayland system (Linux, the BSDs) with neither
    DISPLAY nor WAYLAND_DISPLAY set and no Qt platform chosen (QT_QPA_PLATFORM=offscreen is one).
    Windows and macOS always have a display server for a logged-in user."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 2  # a usage error: the window was asked for where no window can be
    from dingconsole.gui import app

    return app.run(
        profile=getattr(args, "profile", None),
        listen=bool(getattr(args, "listen", False)),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )
