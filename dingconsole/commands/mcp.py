"""`dingconsole mcp`: the console as an MCP server over stdio, for coding agents (see dingconsole/mcp_server)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

INSTALL_HINT = "the MCP server needs the optional `mcp` package: pip install 'dingconsole[mcp]'"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "mcp",
        help="serve the console's tools to a coding agent over MCP (stdio)",
        description="Run an MCP server on standard input/output for a coding agent (Claude Code, Cursor, VS Code, …): "
        "profiles_list, catalogue, events_list, event_show, diagnose, decrypt, encrypt, sign, send, conform and "
        "the dingconsole://events/ID resources, over the same store and profiles as the window and the CLI. "
        "Secrets never appear in a result; send and conform reach loopback URLs only, unless a host is named with "
        "--allow-remote; nothing is deleted. Needs the mcp extra: pip install 'dingconsole[mcp]'.",
    )
    # also after the command, as MCP client configurations write it: `dingconsole mcp --home DIR`
    p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="keep all config and data under DIR")
    p.add_argument(
        "--allow-remote",
        action="append",
        default=[],
        metavar="HOST",
        help="let send and conform reach HOST too (repeatable; default: loopback only)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        from dingconsole.mcp_server import server
    except ImportError as exc:
        if exc.name is None or exc.name.split(".")[0] not in ("mcp", "mcp_types", "pydantic"):
            raise
        print(f"error: {INSTALL_HINT}", file=sys.stderr)
        return 1
    server.serve(args.allow_remote)
    return 0
