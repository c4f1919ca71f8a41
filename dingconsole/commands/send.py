"""`dingconsole send`: play DingTalk against a callback URL and judge each reply as DingTalk would."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from dingconsole.commands import _common
from dingconsole.core import catalogue
from dingconsole.core.diagnose import Status
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import robot, sender, templates
from dingconsole.core.send.capture import NotDecrypted, resend_source
from dingconsole.core.store import EventStore
from dingconsole.core.untrusted import printable


def register(sub: Any) -> None:
    p = sub.add_parser(
        "send",
        help="push an event to a callback URL as DingTalk does, and check the reply",
        description=(
            "Seal an event (a template, a JSON file, or a captured exchange) with a profile and POST it as DingTalk "
            "does; then check each reply as DingTalk would (HTTP 200, the four camelCase fields, signature, "
            "'success', owner key, 1500 ms). Exit 0 only when every reply passes."
        ),
    )
    p.add_argument("url", nargs="?", metavar="URL", help="the callback URL, e.g. http://127.0.0.1:8000/callback")
    _common.add_credential_args(p)
    what = p.add_argument_group("the event (one of)")
    what.add_argument("--event-type", metavar="T", help="a template name or an event type (see --list-templates)")
    what.add_argument("--data", metavar="FILE|-", help="a file holding the plaintext message (JSON)")
    what.add_argument("--capture", type=int, metavar="ID", help="an exchange from the event store")
    what.add_argument(
        "--list-templates", action="store_true", help="list the event templates by family and exit (with --json: JSON)"
    )
    p.add_argument(
        "--pattern",
        default="once",
        metavar="P",
        help="once (default), duplicate (same eventId twice), burst:N (N concurrent), retry (10 s, then 30 s)",
    )
    p.add_argument(
        "--retry-scale", type=float, default=1.0, metavar="F", help="multiply the retry waits (0.1 = 1 s/3 s)"
    )
    p.add_argument("--replay-exact", action="store_true", help="with --capture: send the captured bytes as they are")
    p.add_argument(
        "--robot",
        action="store_true",
        help="deliver as DingTalk's HTTP-mode robot: the JSON as it is, with `timestamp` and `sign` headers made "
        "with the profile's AppSecret (for robot_message templates)",
    )
    p.add_argument("--timeout", type=float, default=sender.DEFAULT_TIMEOUT, metavar="S", help="seconds per POST (5)")
    p.add_argument("--budget-ms", type=float, default=sender.BUDGET_MS, metavar="MS", help="reply time budget (1500)")
    p.add_argument("--json", action="store_true", help="print the deliveries as JSON")
    p.set_defaults(func=run)


def _profile(args: argparse.Namespace, fallback: str | None) -> Profile:
    if args.profile or args.token or args.aes_key:
        return _common.profile_from_args(args, require_owner=True)
    profiles = ProfileStore()
    name = fallback if fallback and fallback in profiles else profiles.active
    if not name:
        raise _common.UsageError("give --profile NAME (or --token, --aes-key and --app-key)")
    return profiles.get(name)


def _source(args: argparse.Namespace) -> tuple[str | HttpRequest, str | None]:
    """The message (re-seal) or the request (replay-exact), and the captured exchange's profile."""
    chosen = [x for x in (args.event_type, args.data, args.capture) if x is not None]
    if len(chosen) != 1:
        raise _common.UsageError("give exactly one of --event-type T, --data FILE|- or --capture ID")
    if args.replay_exact and args.capture is None:
        raise _common.UsageError("--replay-exact replays a captured exchange: add --capture ID")
    if args.event_type is not None:
        return templates.render(args.event_type), None
    if args.data is not None:
        raw = _common.read_input(args.data)
        try:
            return raw.decode("utf-8").strip(), None
        except UnicodeDecodeError:
            raise _common.UsageError(f"{args.data} is not UTF-8 text") from None
    with EventStore() as store:
        exchange = store.get(args.capture)
    if exchange is None:
        raise _common.UsageError(f"no exchange #{args.capture} in the event store")
    try:
        return resend_source(exchange, replay_exact=args.replay_exact), exchange.profile
    except NotDecrypted as exc:
        raise _common.UsageError(f"{exc.message}; add --replay-exact to send its bytes as they are") from None


def _send_robot(args: argparse.Namespace, source: str | HttpRequest, profile: Profile) -> int:
    """`send --robot`: one POST as the HTTP-mode robot; any HTTP 200 passes."""
    if isinstance(source, HttpRequest) or args.pattern != "once":
        raise _common.UsageError("--robot sends one message as it is: drop --replay-exact and --pattern")
    secret = profile.app_secret or (ProfileStore().get(args.profile).app_secret if args.profile else "")
    if not secret:
        raise _common.UsageError(f"--robot signs with the AppSecret: profile {profile.name!r} has none")
    delivery = robot.send_robot(args.url, robot.as_robot_message(source), secret, timeout=args.timeout)
    if args.json:
        _common.print_json([delivery.to_dict()])
    else:
        status = str(delivery.status) if delivery.status is not None else "---"
        verdict = "PASS" if delivery.ok else "FAIL"
        print(f"robot message to {args.url} with profile {profile.name}'s AppSecret")
        print(printable(f"#1  {status}  {delivery.elapsed_ms:7.1f} ms  {verdict}  {delivery.verdict()}"))
        if delivery.reply_json() is not None:
            print("reply (DingTalk would post it into the conversation):")
            _common.print_json(delivery.reply_json())
    return 0 if delivery.ok else 1


def _print_delivery(delivery: sender.Delivery) -> None:
    """One line a delivery; under a failure, each failed check with its hint (the wrong field, key or time)."""
    status = str(delivery.status) if delivery.status is not None else "---"
    attempt = f" (attempt {delivery.attempt})" if delivery.attempt > 1 else ""
    head = f"#{delivery.index}{attempt}  {status}  {delivery.elapsed_ms:7.1f} ms  {'PASS' if delivery.ok else 'FAIL'}"
    # the verdicts quote the handler's reply: escaped, so a reply cannot drive the terminal
    print(printable(f"{head}  {delivery.verdict()}") if delivery.ok or delivery.status is None else head)
    if delivery.error and delivery.status is not None:
        print("      " + printable(delivery.error))
    if not delivery.ok:
        for step in delivery.report.steps:
            if step.status is Status.FAILED:
                if delivery.status is not None:
                    print("      " + printable(f"FAIL {step.name}: {step.detail}"))
                if step.hint:
                    print("           hint: " + printable(step.hint))
    sys.stdout.flush()


def _list_templates(as_json: bool) -> None:
    """Every template, grouped by event family as the catalogue groups DingTalk's documentation."""
    groups = templates.by_family("en")
    if as_json:
        zh = {family: label for family, label, _ in templates.by_family("zh")}
        _common.print_json(
            [
                {
                    "family": family,
                    "label": {"en": label, "zh": zh.get(family, label)},
                    "templates": [
                        {
                            "name": t.name,
                            "event_type": t.event_type,
                            "label": {"en": t.label("en"), "zh": t.label("zh")},
                            **_notes(t.event_type),
                        }
                        for t in found
                    ],
                }
                for family, label, found in groups
            ]
        )
        return
    width = max(len(t.name) for _, _, found in groups for t in found) + 2
    header = "EVENT TYPE (when not the name)"
    kinds = [len(t.event_type) for _, _, found in groups for t in found if t.event_type != t.name]
    kind_width = max([len(header), *kinds]) + 2
    print(f"  {'TEMPLATE':<{width}}{header:<{kind_width}}LABEL [NOTE]")
    for family, label, found in groups:
        print(f"{label} ({family}, {len(found)})")
        for t in found:
            kind = t.event_type if t.event_type != t.name else ""
            spec = catalogue.get(t.event_type)
            note = f"  [{spec.note('en')}]" if spec is not None and spec.note("en") else ""
            print(f"  {t.name:<{width}}{kind:<{kind_width}}{t.label('en')}{note}")


def _notes(kind: str) -> dict[str, object]:
    """The catalogue's remarks on a template's event type, for --json: callback topic, unconfirmed fields."""
    spec = catalogue.get(kind)
    if spec is None:
        return {}
    found: dict[str, object] = {}
    if spec.stream_callback:
        found["stream_callback_topic"] = spec.topic
    if spec.unconfirmed:
        found["unconfirmed"] = spec.unconfirmed
    return found


def run(args: argparse.Namespace) -> int:
    if args.list_templates:
        _list_templates(args.json)
        return 0
    if not args.url:
        raise _common.UsageError("give the callback URL")
    if not all(math.isfinite(v) for v in (args.retry_scale, args.timeout, args.budget_ms)):
        raise _common.UsageError("--retry-scale, --timeout and --budget-ms must be numbers, not nan or inf")
    if args.retry_scale < 0 or args.timeout <= 0:
        raise _common.UsageError("--retry-scale must be 0 or more and --timeout more than 0")
    pattern = sender.Pattern.parse(args.pattern)
    source, captured_profile = _source(args)
    profile = _profile(args, captured_profile)
    if args.robot:
        return _send_robot(args, source, profile)
    observer = None if args.json else _print_delivery
    if not args.json:
        mode = "replaying the captured bytes" if isinstance(source, HttpRequest) else "sealed afresh"
        print(f"sending to {args.url} with profile {profile.name} ({pattern}, {mode})")
    deliveries = sender.send(
        args.url,
        source,
        profile,
        pattern,
        timeout=args.timeout,
        budget_ms=args.budget_ms,
        delay_scale=args.retry_scale,
        observer=observer,
    )
    passed = sum(d.ok for d in deliveries)
    if args.json:
        _common.print_json([d.to_dict() for d in deliveries])
    else:
        print(f"{passed} of {len(deliveries)} replies pass DingTalk's check")
        correct = next((d.report.correct_reply for d in deliveries if not d.ok and d.status), None)
        if correct:
            print("the correct reply would be like:")
            _common.print_json(correct)
    return 0 if passed == len(deliveries) else 1
