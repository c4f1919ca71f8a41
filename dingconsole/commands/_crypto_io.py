"""Inputs and outputs shared by decrypt and diagnose: a request from --encrypt/--request, a step report as text."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, NamedTuple, TextIO

from dingconsole.commands._common import UsageError, read_input
from dingconsole.core.exchange import HttpRequest

if TYPE_CHECKING:  # the diagnosis and the paste parser load when used: a decrypt that succeeds needs neither
    from dingconsole.core.diagnose import Report

_MARK = {"passed": "PASS", "failed": "FAIL", "skipped": "skip", "warning": "NOTE"}


def add_request_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the push (an encrypt value, or a whole request)")
    group.add_argument("--encrypt", metavar="E", help='the "encrypt" value of the body')
    group.add_argument("--signature", help="msg_signature/signature from the query (checked when given)")
    group.add_argument("--timestamp", help="timestamp from the query")
    group.add_argument("--nonce", help="nonce from the query")
    group.add_argument(
        "--request",
        metavar="FILE|-",
        help="a pasted curl or PowerShell command, raw HTTP request, JSON body, callback URL or encrypt value",
    )


class GivenRequest(NamedTuple):
    request: HttpRequest
    notes: list[str]  # what was assumed while parsing the input
    query_given: bool  # False for a bare encrypt value / JSON body with no signature parameters


def request_from_args(args: argparse.Namespace) -> GivenRequest:
    """The request the user gave, notes about what was assumed, and whether it came with a query."""
    if args.encrypt is not None and args.request is not None:
        raise UsageError("give either --encrypt or --request, not both")
    if args.request is not None:
        from dingconsole.core.paste import parse_pasted

        pasted = parse_pasted(read_input(args.request))
        found = pasted.as_request()  # a reply is signed and sealed like a push: opened the same way
        if found is None:
            raise UsageError("the --request input holds no request")
        request, query_given = found
        _override_query(request, args)
        return GivenRequest(request, pasted.notes, query_given or bool(request.query))
    if args.encrypt is None:
        raise UsageError("give --encrypt E (with --signature/--timestamp/--nonce to check the signature) or --request")
    if args.signature is not None and (args.timestamp is None or args.nonce is None):
        raise UsageError("--signature needs --timestamp and --nonce (the signature covers them)")
    request = HttpRequest(body=json.dumps({"encrypt": args.encrypt}).encode())
    _override_query(request, args)
    return GivenRequest(request, [], bool(request.query))


def _override_query(request: HttpRequest, args: argparse.Namespace) -> None:
    for name, value in (("msg_signature", args.signature), ("timestamp", args.timestamp), ("nonce", args.nonce)):
        if value is not None:
            request.query[name] = value


def has_signature(request: HttpRequest) -> bool:
    return bool(request.query.get("msg_signature") or request.query.get("signature"))


def print_report(report: Report, out: TextIO | None = None, *, notes: list[str] | None = None) -> None:
    """The step report for people: one line a step, hints under failures, then what was found."""
    from dingconsole.core.diagnose import Status
    from dingconsole.core.untrusted import printable, printable_block

    # details and hints quote what a sender or handler wrote (a reply's body, a key found): no control
    # character of theirs may reach the terminal
    out = out or sys.stdout
    width = max((len(step.name) for step in report.steps), default=0)
    for note in notes or []:
        print(f"note: {printable(note)}", file=out)
    for step in report.steps:
        print(f"{_MARK[step.status.value]}  {step.name:<{width}}  {printable_block(step.detail)}", file=out)
        if step.status in (Status.FAILED, Status.WARNING) and step.hint:
            print(f"      {'':<{width}}  hint: {printable_block(step.hint)}", file=out)
    facts = [
        ("profile", report.profile),
        ("owner key", report.owner_key),
        ("event type", report.event_type),
    ]
    found = [f"{label}: {value}" for label, value in facts if value]
    if found:
        print(printable("; ".join(found)), file=out)
    if report.layout:
        print("plaintext layout:", file=out)
        for part in report.layout:
            print(f"  {part.start:>6}..{part.end:<6} {part.name:<9} {printable(part.preview)}", file=out)
    if report.kind == "reply" and report.correct_reply and not all_passed(report):
        print("the correct reply would be:", file=out)
        print(json.dumps(report.correct_reply, ensure_ascii=False, indent=2), file=out)


def all_passed(report: Report) -> bool:
    """Everything that could be checked passed: no step failed, and at least one ran.

    Skipped steps are the ones the input cannot support (no query: no signature to check; a profile
    without an owner key); a failure always shows as FAILED, whatever it makes skip after it.
    """
    from dingconsole.core.diagnose import Status

    return report.ok and any(step.status is Status.PASSED for step in report.steps)
