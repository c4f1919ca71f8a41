"""`dingconsole encrypt`: seal a message as DingTalk would (a push body plus its signature, or a reply)."""

from __future__ import annotations

import argparse

from dingconsole.commands import _common


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "encrypt",
        help="encrypt and sign a message",
        description="Encrypt a message for the owner key and print the signed JSON "
        '{"msg_signature", "timeStamp", "nonce", "encrypt"} — the reply DingTalk expects for "success", '
        "or the body and query values of a push for an event.",
    )
    _common.add_credential_args(parser)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="T", help="the message (e.g. success, or an event's JSON)")
    source.add_argument("--file", metavar="F|-", help="read the message from a file or standard input")
    parser.add_argument("--timestamp", help="pin the timestamp (default: now, in milliseconds)")
    parser.add_argument("--nonce", help="pin the nonce (default: 8 random letters and digits)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    crypto = _common.profile_from_args(args, require_owner=True).crypto()
    message: str | bytes = args.text if args.text is not None else _common.read_input(args.file)
    _common.print_json(crypto.seal(message, timestamp=args.timestamp, nonce=args.nonce))
    return 0
