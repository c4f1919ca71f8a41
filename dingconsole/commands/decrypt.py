"""`dingconsole decrypt`: open one push (verifying its signature when one is given) and print the message."""

from __future__ import annotations

import argparse
import sys

from dingconsole.commands import _common
from dingconsole.commands._crypto_io import add_request_args, has_signature, print_report, request_from_args
from dingconsole.core import untrusted
from dingconsole.core.crypto import body_encrypt, request_params
from dingconsole.core.errors import DingError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "decrypt",
        help="decrypt a push and print its message",
        description="Decrypt a DingTalk push. The signature is verified when --signature (or a signed "
        "request) is given; the owner key is checked when --app-key or the profile has one. On failure the "
        "diagnosis is printed on stderr and the exit code is 1.",
    )
    _common.add_credential_args(parser)
    add_request_args(parser)
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--raw", action="store_true", help="print the message byte-exact, with no newline added")
    out.add_argument("--json", action="store_true", help="print a machine-readable result")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    profile = _common.profile_from_args(args)
    request, _notes, query_given = request_from_args(args)
    crypto = profile.crypto()
    verified = False
    try:
        encrypted = body_encrypt(request.body)
        if has_signature(request):
            params = request_params(request.query)
            crypto.verify(params["signature"], params["timestamp"], params["nonce"], encrypted)
            verified = True
        opened = crypto.decrypt(encrypted)
    except DingError as exc:
        from dingconsole.core.diagnose import diagnose_request  # only a failure needs the diagnosis

        report = diagnose_request(request, [profile], query_given=query_given)
        if args.json:
            _common.print_json({"ok": False, "error": exc.to_dict(), "diagnosis": report.to_dict()})
            return 1
        print_report(report, sys.stderr)
        raise
    if args.raw:
        sys.stdout.buffer.write(opened.message_bytes)
        sys.stdout.buffer.flush()
        return 0
    try:
        payload = untrusted.loads(opened.message)
    except ValueError:
        payload = None
    if args.json:
        from dingconsole.core import events

        _common.print_json(
            {
                "ok": True,
                "verified": verified,
                "message": opened.message,
                "json": payload,
                "owner_key": opened.owner_key,
                "event_type": events.event_type(payload),
                "profile": profile.name,
            }
        )
    elif payload is not None:
        _common.print_json(payload)
    else:
        print(opened.message)
    return 0
