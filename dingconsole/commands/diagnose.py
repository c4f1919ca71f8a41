"""`dingconsole diagnose`: the step report for a push (against every profile) or for a callback reply."""

from __future__ import annotations

import argparse

from dingconsole.commands import _common
from dingconsole.commands._crypto_io import add_request_args, all_passed, print_report, request_from_args
from dingconsole.core.diagnose import Report, check_reply, diagnose_request
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste import parse_pasted
from dingconsole.core.profiles import Profile, ProfileStore


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "diagnose",
        help="explain step by step why a push or a reply fails",
        description="Check a push (parse, parameters, signature, base64, block size, padding, length, owner key, "
        "JSON, event type) against --profile / the given credentials, or against every saved profile, naming "
        "the one that fits. With --reply, check a callback reply the way DingTalk does. "
        "Exit 0 when no step failed: with only an encrypt value or a body (no query), the parameters and "
        "signature steps are skipped, not failed.",
    )
    _common.add_credential_args(parser)
    add_request_args(parser)
    reply = parser.add_argument_group("a reply instead of a push")
    reply.add_argument(
        "--reply",
        metavar="FILE|-",
        help="the reply body (or a whole raw HTTP response) to check; with --request FILE, the push it answers "
        "(then a reply signed over the push's timestamp is named, and an ISV suite check expects its Random)",
    )
    reply.add_argument("--status", type=int, default=None, help="the reply's HTTP status (default 200)")
    reply.add_argument("--elapsed-ms", type=float, help="how long the reply took, checked against the budget")
    reply.add_argument("--budget-ms", type=float, default=1500.0, help="the time budget (default 1500)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.reply is not None:
        if args.encrypt is not None:
            raise _common.UsageError("give either --reply or --encrypt, not both (--request names the push answered)")
        answered = request_from_args(args)[0] if args.request is not None else None
        report = _check_reply(args, answered)
        notes: list[str] = []
    else:
        request, notes, query_given = request_from_args(args)
        report = diagnose_request(request, _profiles(args), query_given=query_given)
    if args.json:
        _common.print_json({**report.to_dict(), "all_passed": all_passed(report), "notes": notes})
    else:
        print_report(report, notes=notes)
    return 0 if all_passed(report) else 1


def _given_credentials(args: argparse.Namespace) -> bool:
    return any(getattr(args, name) for name in ("profile", "token", "aes_key", "app_key"))


def _profiles(args: argparse.Namespace) -> list[Profile]:
    if _given_credentials(args):
        return [_common.profile_from_args(args)]
    profiles = list(ProfileStore())
    if not profiles:
        raise _common.UsageError("no saved profiles: give --profile NAME or --token/--aes-key/--app-key")
    return profiles


def _check_reply(args: argparse.Namespace, answered: HttpRequest | None) -> Report:
    if _given_credentials(args):
        profile = _common.profile_from_args(args)
    else:
        active = ProfileStore().active_profile()
        if active is None:
            raise _common.UsageError("checking a reply needs a profile: give --profile NAME or the credentials")
        profile = active
    raw = _common.read_input(args.reply)
    status = 200
    if raw.lstrip().startswith(b"HTTP/"):
        pasted = parse_pasted(raw)
        status = pasted.status or 200
        raw = pasted.reply_body or b""
    if args.status is not None:
        status = args.status
    return check_reply(status, raw, profile, elapsed_ms=args.elapsed_ms, budget_ms=args.budget_ms, request=answered)
