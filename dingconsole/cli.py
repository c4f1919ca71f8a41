"""The command line: one face of the core. Sub-commands live in `dingconsole/commands/`, one module each,
listed in `COMMANDS` below in the order `--help` shows them (mitmproxy's `default_addons()` style).

Only the command being run is imported (with what it needs): `--version` and `--help` load no crypto
and no aiohttp; `decrypt` loads no HTTP stack. The other commands appear in `--help` with the
one-line help given here.

Exit codes: 0 success, 1 a crypto/verification failure (diagnosis on stderr), 2 a usage error.
No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from dingconsole import __version__
from dingconsole.commands import _common
from dingconsole.core import paths
from dingconsole.core.errors import DingError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# (name, module in dingconsole.commands with `register(subparsers)`, one-line help)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("profile", "profile", "manage credential profiles (owner key, token, aesKey)"),
    ("decrypt", "decrypt", "decrypt a push and print its message"),
    ("encrypt", "encrypt", "encrypt and sign a message"),
    ("sign", "sign", "compute a msg_signature"),
    ("diagnose", "diagnose", "explain step by step why a push or a reply fails"),
    ("serve", "serve", "run the callback listener headless, one line per request"),
    ("events", "events", "list, show, tail, delete or clear recorded exchanges"),
    ("send", "send", "push an event to a callback URL as DingTalk does, and check the reply"),
    ("conform", "conform", "test your own callback handler against every DingTalk behaviour, case by case"),
    ("export", "export", "export recorded exchanges as pytest fixtures, jsonl, a curl script or HAR"),
    ("import", "export", "import exported fixtures, jsonl or HAR into the event store"),
    ("stream", "stream", "receive events over Stream mode (no public URL needed)"),
    ("failed", "failed", "fetch DingTalk's failed-push list (and replay it at your handler)"),
    ("mcp", "mcp", "serve the console's tools to a coding agent over MCP (stdio)"),
    ("gui", "gui", "open the desktop window"),
    ("selftest", "selftest", "check this build: crypto vectors, resources, a listener round trip"),
)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _common.UsageError(f"{self.prog}: {message}")


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named on the line (after global options), or None."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--home")
    pre.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        rest = pre.parse_known_args(list(argv))[0].rest
    except SystemExit:  # a malformed --home: the full parser reports it
        return None
    return rest[0] if rest and any(rest[0] == name for name, _module, _help in COMMANDS) else None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; the command named in `argv` is imported and registered in full, the others as stubs."""
    parser = _Parser(
        prog="dingconsole",
        description="DingConsole (钉钉回调调试台) — debug DingTalk event callbacks. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--home", metavar="DIR", help="keep all config and data under DIR (also DINGCONSOLE_HOME)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = command_in(argv)
    module = next((module for name, module, _help in COMMANDS if name == chosen), None)
    registered: set[str] = set()
    if module is not None:
        load_command(module).register(sub)
        registered = set(sub.choices)
    for name, _module, help_text in COMMANDS:
        if name not in registered:
            sub.add_parser(name, help=help_text)
    return parser


def load_command(module: str) -> Any:
    """dingconsole.commands.<module> (build.spec lists the same modules as hidden imports)."""
    return importlib.import_module(f"dingconsole.commands.{module}")


def ensure_streams() -> None:
    """Output that can always be written.

    A windowed launcher (the `dingconsole-gui` entry point under pythonw, the frozen windowed executable on
    Windows) has no console: sys.stdout and sys.stderr are None, and the first write would end the program
    with an AttributeError; such output goes nowhere instead. Output redirected to a file or a pipe on
    Windows is encoded in the ANSI code page (cp1252, cp936…), which cannot hold every character an event
    carries (nor the 钉钉 in --help on cp1252): those become backslash escapes instead of an error."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
        elif (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)  # io.TextIOWrapper; a test's capture has none
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    ensure_streams()
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(args_list)
        args = parser.parse_args(args_list)
        if args.home:
            paths.set_home(args.home)
        handler = getattr(args, "func", None)
        if handler is None:  # no command: the window, with the `gui` command's defaults
            from dingconsole.commands import gui as gui_command

            return int(gui_command.run(args))
        return int(handler(args) or EXIT_OK)
    except _common.UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DingError as exc:
        _common.print_error(exc)
        # an unknown profile, a broken profiles file: what the command line named (README: exit 2)
        return EXIT_USAGE if getattr(exc, "usage", False) else EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the user's environment (a --home that is a file, an --out that is a folder), not a bug
        target = exc.filename2 or exc.filename  # a rename names its destination second: that is the user's path
        where = f": {target}" if target else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
