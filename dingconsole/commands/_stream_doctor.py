"""`dingconsole stream doctor`: which stage of a Stream connection fails, and what to change (core.dingtalk.doctor)."""

from __future__ import annotations

import argparse
import os
from typing import Any

DESCRIPTION = (
    "Check a profile's Stream mode connection stage by stage, stopping at the first failure: the credentials' "
    "shape (stray whitespace named), DingTalk's token API, connections/open (DingTalk's error read, not blamed "
    "on the credentials unless DingTalk says so), the WebSocket (DNS, TCP, TLS, proxy and HTTP upgrade named "
    "apart), the first frame within --wait seconds, then a verdict with a checklist for a live but silent "
    "stream. Proxies come from HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY and are shown. While it waits, the "
    "doctor is one more client of the AppKey: an event it receives is ACKed LATER so DingTalk delivers it again. "
    "Exit 0 when no stage failed."
)


def default_lang() -> str:
    """zh when the locale is Chinese (LC_ALL, LC_MESSAGES, LANG), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def register(sub: Any, parent_defaults: dict[str, Any]) -> None:
    from dingconsole.core.dingtalk.doctor import DEFAULT_WAIT

    p = sub.add_parser("doctor", help="why is my stream silent? check each stage", description=DESCRIPTION)
    p.add_argument("--profile", metavar="NAME", required=True, help="profile with AppKey (owner key) and AppSecret")
    p.add_argument("--json", action="store_true", help='print {"profile", "ok", "stages": [...], "checklist": [...]}')
    p.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT,
        metavar="S",
        help=f"seconds to wait for a first frame ({DEFAULT_WAIT:g})",
    )
    p.add_argument("--callback", metavar="TOPIC", action="append", default=[], help="also subscribe to this topic")
    p.add_argument(
        "--lang", choices=("en", "zh"), default=default_lang(), help="language of the report (default: from the locale)"
    )
    p.add_argument("--gateway-base", default=parent_defaults["gateway_base"], help=argparse.SUPPRESS)
    p.add_argument("--api-base", default=parent_defaults["api_base"], help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def lines(report: Any, lang: str) -> list[str]:
    """The report as printable lines in `lang`."""
    from dingconsole.core.dingtalk import doctor_text as text
    from dingconsole.core.untrusted import printable

    out = [text.render("cli_title", {"profile": report.profile}, lang)]
    for stage in report.stages:
        status = text.status_name(stage.status, lang)
        name = text.stage_name(stage.stage, lang)
        said = text.render(stage.cause, stage.params, lang)
        out.append(text.render("cli_stage", {"status": status, "name": name, "text": said}, lang))
        if stage.params.get("proxy"):
            out.append("    " + text.render("cli_proxy", stage.params, lang))
        elif stage.params.get("no_proxy"):
            out.append("    " + text.render("cli_no_proxy", stage.params, lang))
        if stage.hint and (stage.status == "fail" or stage.stage == "verdict"):
            out.append("    " + text.render("cli_hint", {"hint": text.render(stage.hint, stage.params, lang)}, lang))
    if report.checklist:
        out.append(text.render("cli_checklist", {}, lang))
        out.extend(f"  [ ] {text.render(code, {}, lang)}" for code in report.checklist)
    return [printable(line) for line in out]


def run(args: argparse.Namespace) -> int:
    from dingconsole.commands.stream import callback_topics
    from dingconsole.core.dingtalk.doctor import diagnose_stream
    from dingconsole.core.profiles import ProfileStore
    from dingconsole.core.untrusted import json_line

    profile = ProfileStore().get(args.profile)  # not load_profile: naming what is wrong with it is the doctor's job
    topics = callback_topics(args.callback)
    report = diagnose_stream(
        profile, gateway=args.gateway_base, api_base=args.api_base, wait=args.wait, callback_topics=topics
    )
    if args.json:
        print(json_line(report.to_dict()))
    else:
        print("\n".join(lines(report, args.lang)))
    return 0 if report.ok else 1
