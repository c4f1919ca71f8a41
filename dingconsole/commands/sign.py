"""`dingconsole sign`: the signature DingTalk computes, to compare with one in hand."""

from __future__ import annotations

import argparse

from dingconsole.commands import _common
from dingconsole.core.crypto import sign


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sign",
        help="compute a msg_signature",
        description="Print the lowercase hex SHA-1 of token, timestamp, nonce and encrypt sorted byte-wise — "
        "the msg_signature of a push or a reply.",
    )
    parser.add_argument(
        "--token", default=_common.env_secret("token"), help="callback token (default: $DINGCONSOLE_TOKEN)"
    )
    parser.add_argument("--timestamp", required=True, help="timestamp (as sent: seconds or milliseconds)")
    parser.add_argument("--nonce", required=True, help="nonce")
    parser.add_argument("--encrypt", required=True, metavar="E", help="the encrypt value")
    _common.note_secrets(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.token:
        raise _common.UsageError("give --token, or set DINGCONSOLE_TOKEN")
    print(sign(args.token, args.timestamp, args.nonce, args.encrypt))
    return 0
