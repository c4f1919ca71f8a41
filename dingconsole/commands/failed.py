"""`dingconsole failed`: fetch DingTalk's failed-push list into the store, optionally replay it at a handler."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dingconsole.commands import _common
from dingconsole.commands._common import load_profile
from dingconsole.commands._lines import event_line
from dingconsole.core.dingtalk import check_handler_url, failed_pushes
from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.send import sender
from dingconsole.core.store import EventStore
from dingconsole.core.untrusted import printable


def register(sub: Any) -> None:
    p = sub.add_parser(
        "failed",
        help="fetch DingTalk's failed-push list (and replay it at your handler)",
        description="Get an access token the way the profile's app type needs it (AppKey: appkey + AppSecret; "
        "CorpId: corpid + CorpSecret; suiteKey: suite token with the suite ticket, then the authorising corp's "
        "token with its permanent code), fetch every page of "
        "call_back/get_call_back_failed_result into the event store (DingTalk deletes what it returns, so "
        "each page is saved before the next is asked for), and with --replay POST each event to your "
        "handler as a freshly sealed push, judging each reply (each replay is saved in the event store too). "
        "Items are rebuilt into the event DingTalk pushed (bpmsCallBackData, callbackData, … and lower-case "
        "fields mapped back); an item that holds no event data is stored as it came and never replayed.",
    )
    p.add_argument(
        "--profile",
        metavar="NAME",
        required=True,
        help="profile with the owner key and its secret (AppSecret / CorpSecret / SuiteSecret; a suite also "
        "needs --suite-ticket, --auth-corp-id and --permanent-code in the profile)",
    )
    p.add_argument("--replay", metavar="URL", help="POST each fetched event to this callback URL")
    p.add_argument(
        "--replay-profile", metavar="NAME", help="seal replayed pushes with this profile (default: --profile)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object with everything fetched and replayed")
    p.add_argument("--api-base", default=failed_pushes.DEFAULT_API_BASE, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    sealer = ProfileStore().get(args.replay_profile) if args.replay_profile else profile
    if args.replay:
        # refuse a bad URL before fetching: a fetch empties DingTalk's list
        try:
            check_handler_url(args.replay)
        except sender.SendError as exc:
            raise _common.UsageError(f"--replay: {exc.message}") from None

    def show_page(page: list[Exchange]) -> None:
        if not args.json:
            for exchange in page:
                print(event_line(exchange), flush=True)

    def show_delivery(exchange: Exchange, delivery: sender.Delivery) -> None:
        if not args.json:
            print(printable(f"replay #{exchange.id} {exchange.event_type}: {delivery.verdict()}"), flush=True)

    results: list[tuple[Exchange, sender.Delivery]] = []
    with EventStore() as store:
        fetched = failed_pushes.fetch(store, profile, api_base=args.api_base, on_page=show_page)
        unrebuildable = sum(1 for ex in fetched if ex.message is None)
        if not args.json:
            print(f"fetched {len(fetched)} failed pushes (saved in the event store)", file=sys.stderr)
            if unrebuildable:
                print(
                    f"{unrebuildable} of them hold no event data: stored as they came, not replayed",
                    file=sys.stderr,
                )
        if args.replay and fetched:
            # each delivery is saved too, as its own exchange pointing at the fetched event (repeat_of)
            results = failed_pushes.replay(fetched, args.replay, sealer, store=store, observer=show_delivery)
    if args.json:
        _common.print_json(
            {
                "fetched": [ex.to_dict() for ex in fetched],
                "replayed": [{"id": ex.id, **d.to_dict()} for ex, d in results],
            }
        )
    failures = sum(1 for _, d in results if not d.ok)
    if failures:
        print(f"{failures} of {len(results)} replies would be refused by DingTalk", file=sys.stderr)
        return 1
    return 0
