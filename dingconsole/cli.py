"""The command line: one face of the core. Sub-commands live in `dingconsole/commands/`, one module each.

Exit codes: 0 success, 1 a crypto/verification failure (diagnosis on stderr), 2 a usage error.
No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from dingconsole import __version__
from dingconsole.commands import _common
from dingconsole.commands import gui as gui_command
from dingconsole.core import paths
from dingconsole.core.errors import DingError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _common.UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dingconsole",
        description="DingConsole (钉钉回调调试台) — debug DingTalk event callbacks. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--home", metavar="DIR", help="keep all config and data under DIR (also DINGCONSOLE_HOME)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = [
        importlib.import_module(f"dingconsole.commands.{info.name}")
        for info in pkgutil.iter_modules(importlib.import_module("dingconsole.commands").__path__)
        if not info.name.startswith("_")
    ]
    for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 100)):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(args_list)
        if args.home:
            paths.set_home(args.home)
        handler = getattr(args, "func", None)
        if handler is None:  # no command: the window, with the `gui` command's defaults
            return int(gui_command.run(args))
        return int(handler(args) or EXIT_OK)
    except _common.UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DingError as exc:
        _common.print_error(exc)
        return EXIT_FAILED
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
