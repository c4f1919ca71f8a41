"""`dingconsole conform`: play every DingTalk behaviour against the user's own handler, case by case."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any

from dingconsole.commands import _common

DESCRIPTION = (
    "Run the conformance suite against your callback handler: the URL check, every event family, both "
    "signature parameters, Chinese/emoji/60 KB messages, 32-byte padding, duplicates, DingTalk's retry "
    "rhythm (scaled down), a burst, three forgeries, and the format of every reply. Each case ends pass, "
    "fail or warn with its evidence and a fix. Exit 0 only when no case failed. The profile must hold the "
    "same token, aesKey and owner key as the handler. Against a URL that is not loopback the suite asks "
    "first (add --yes in CI)."
)


def register(sub: Any) -> None:
    from dingconsole.core.conform import MAX_BURST

    p = sub.add_parser(
        "conform",
        help="test your own callback handler against every DingTalk behaviour, case by case",
        description=DESCRIPTION,
    )
    p.add_argument(
        "url", nargs="?", metavar="URL", help="the handler's callback URL, e.g. http://127.0.0.1:8000/callback"
    )
    _common.add_credential_args(p)
    p.add_argument("--only", metavar="ID,…", help="run only these cases (see --list)")
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    p.add_argument("--json", action="store_true", help='print {"cases": [...], "summary": {...}} instead of the table')
    p.add_argument("--junit", metavar="FILE", help="also write JUnit XML to FILE (for CI)")
    p.add_argument("--html", metavar="FILE", help="also write an HTML report to FILE")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the table and reports (en)")
    p.add_argument("--yes", action="store_true", help="run against a non-loopback URL without asking")
    limits = p.add_argument_group("limits (safe defaults)")
    limits.add_argument(
        "--burst", type=int, default=20, metavar="N", help=f"pushes at once in the burst case (20, max {MAX_BURST})"
    )
    limits.add_argument(
        "--budget-ms", type=float, default=1500.0, metavar="MS", help="DingTalk's reply deadline (1500)"
    )
    limits.add_argument("--timeout", type=float, default=5.0, metavar="S", help="seconds a POST may take (5)")
    limits.add_argument(
        "--retry-scale", type=float, default=0.01, metavar="F", help="scale DingTalk's 10 s/30 s retry waits (0.01)"
    )
    limits.add_argument(
        "--rate", type=float, default=50.0, metavar="N", help="sequential pushes per second at most (50)"
    )
    limits.add_argument("--max-requests", type=int, default=400, metavar="N", help="pushes per run at most (400)")
    limits.add_argument(
        "--case-time-limit", type=float, default=60.0, metavar="S", help="seconds per case at most (60)"
    )
    p.set_defaults(func=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _cut(text: str, width: int) -> str:
    out, used = "", 0
    for char in text:
        used += _width(char)
        if used > width - 1:
            return out + "…"
        out += char
    return out


def _list_cases(lang: str) -> int:
    from dingconsole.core.conform import CASES
    from dingconsole.core.conform.messages import render
    from dingconsole.core.conform.report import safe_text

    for spec in CASES:
        print(f"{spec.id:<22} {safe_text(spec.text('title', lang))}")
        facts = render("cli_list", {"dingtalk": spec.text("dingtalk", lang), "expects": spec.text("expects", lang),
                                    "pad": " " * 25}, lang)  # fmt: skip
        print(" " * 25 + facts)
    return 0


def _profile(args: argparse.Namespace) -> Any:
    if args.profile or args.token or args.aes_key:
        return _common.profile_from_args(args, require_owner=True)
    from dingconsole.core.profiles import ProfileStore

    profiles = ProfileStore()
    if not profiles.active:
        raise _common.UsageError("give --profile NAME (or --token, --aes-key and --app-key)")
    return profiles.get(profiles.active)


def _confirm_remote(url: str, args: argparse.Namespace, requests: int) -> None:
    """Ask before pushing forgeries and a burst at a host that is not this machine; refuse without a TTY."""
    from dingconsole.core.conform import is_loopback
    from dingconsole.core.conform.report import safe_text

    if args.yes or is_loopback(url):
        return
    warning = (
        f"warning: {safe_text(url, one_line=True)} is not a loopback address. The suite sends up to {requests} "
        f"pushes, {args.burst} of them at once, including forged and corrupted ones. Run it only against a "
        "handler you own, never a production service of someone else."
    )
    if not sys.stdin.isatty():
        raise _common.UsageError(warning.removeprefix("warning: ") + " Add --yes to run it anyway.")
    print(warning, file=sys.stderr)
    try:
        answer = input("Run the suite against it? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise _common.UsageError("not run")


def _row(case: Any, lang: str) -> None:
    from dingconsole.core.conform.report import ICONS, safe_text

    title = _pad(_cut(safe_text(case.spec.text("title", lang), one_line=True), 34), 34)
    detail = safe_text(case.detail.render(lang), one_line=True)
    print(f"{ICONS[case.verdict]} {case.id:<21} {title} {detail}")
    if case.verdict.value != "pass":
        for hint in case.hints:
            print(f"    {safe_text(hint.diagnosis.render(lang), one_line=True)}")
            if hint.fix:
                print(f"      → {safe_text(hint.fix.render(lang), one_line=True)}")
        shown = [item for item in case.evidence if item.verdict is case.verdict][:3]
        for item in shown:
            status = "—" if item.status is None else item.status
            note = item.note.render(lang) if item.note else ""
            line = f"{item.label.render(lang)}: HTTP {status} · {note}"
            print(f"    · {_cut(safe_text(line, one_line=True), 200)}")
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    from dingconsole.core.conform import ConformError, Options, select
    from dingconsole.core.conform import report as reports
    from dingconsole.core.conform import run as run_suite
    from dingconsole.core.conform.messages import render
    from dingconsole.core.conform.safety import check_target

    if args.list:
        return _list_cases(args.lang)
    if not args.url:
        raise _common.UsageError("give the handler's callback URL (see --help), or --list for the cases")
    options = Options(
        burst=args.burst, budget_ms=args.budget_ms, timeout=args.timeout, retry_scale=args.retry_scale,
        rate=args.rate, case_time_limit=args.case_time_limit, max_requests=args.max_requests,
    )  # fmt: skip
    try:
        options.check()
        specs = select(args.only)
        check_target(args.url)
    except ConformError as exc:  # wrong options, ids or URL: a usage error, before anything is sent
        raise _common.UsageError(exc.message) from None
    profile = _profile(args)
    _confirm_remote(args.url, args, options.max_requests)
    if not args.json:
        header = {"url": args.url, "profile": profile.name, "count": len(specs)}
        print(reports.safe_text(render("cli_header", header, args.lang), one_line=True))
    finished = None if args.json else (lambda case: _row(case, args.lang))
    result = run_suite(args.url, profile, options=options, only=args.only, finished=finished)
    if args.junit:
        reports.write_report(Path(args.junit), reports.junit_xml(result, args.lang))
    if args.html:
        reports.write_report(Path(args.html), reports.html_report(result, args.lang))
    if args.json:
        sys.stdout.write(reports.json_bytes(result, args.lang).decode("utf-8"))
    else:
        s = result.summary()
        print(render("cli_summary", {**s, "seconds": f"{s['duration_ms'] / 1000:.1f}"}, args.lang))
    return 0 if result.ok else 1
