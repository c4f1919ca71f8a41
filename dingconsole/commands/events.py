"""`dingconsole events`: list, show, tail, delete and clear the exchanges in the event store."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from dingconsole.commands import _common, _filters, _store_upkeep, _tail
from dingconsole.commands._lines import exchange_json, exchange_line, exchange_record
from dingconsole.core.exchange import Exchange, pretty_json
from dingconsole.core.store import EventStore
from dingconsole.core.untrusted import MAX_JSON_DEPTH, json_depth_exceeds, printable, printable_block


def register(sub: Any) -> None:
    p = sub.add_parser(
        "events",
        help="list, show, tail, delete or clear recorded exchanges",
        description="Read the event store that the listener, `serve`, `stream` and imports write to.",
    )
    actions = p.add_subparsers(dest="events_action", metavar="ACTION", parser_class=type(p))
    actions.required = True

    lst = actions.add_parser("list", help="list exchanges, newest first", description="List matching exchanges.")
    _filters.add_filter_args(lst)
    lst.add_argument("--limit", type=int, metavar="N", help="at most N (default: every match)")
    fmt = lst.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON array")
    fmt.add_argument("--jsonl", action="store_true", help="one JSON object a line")
    lst.add_argument("--lang", choices=("en", "zh"), default="en", help="language of event labels and summaries (en)")
    lst.set_defaults(func=run_list)

    show = actions.add_parser("show", help="show one exchange in full", description="Show one exchange in full.")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="as JSON")
    show.set_defaults(func=run_show)

    delete = actions.add_parser("delete", help="delete exchanges by id", description="Delete exchanges by id.")
    delete.add_argument("ids", type=int, nargs="+", metavar="ID")
    delete.set_defaults(func=run_delete)

    clear = actions.add_parser("clear", help="delete every exchange", description="Delete every exchange.")
    clear.add_argument("--yes", action="store_true", help="really delete everything")
    clear.set_defaults(func=run_clear)
    _tail.add_action(actions)
    _store_upkeep.add_actions(actions)  # pin, unpin, stats


def run_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise _common.UsageError("--limit must be 0 or more")
    flt = _filters.filter_from_args(args)
    with EventStore() as store:
        _note_read_only(store)
        rows = store.query(flt, limit=args.limit)
    if args.json:
        _common.print_json([exchange_record(ex) for ex in rows])
    elif args.jsonl:
        for ex in rows:
            print(exchange_json(ex))
    else:
        for ex in rows:
            print(exchange_line(ex, args.lang))
    return 0


def _note_read_only(store: EventStore) -> None:
    """Reading works on a read-only home; say plainly what does not."""
    if store.read_only:
        print(f"note: {store.read_only_reason}", file=sys.stderr)


def describe(ex: Exchange) -> str:
    """The full text view: request, reply, decrypted message, diagnosis steps — control characters escaped
    (single-line fields entirely, bodies but for their line breaks)."""
    one = printable
    when = datetime.fromtimestamp(ex.received_at).astimezone().isoformat(timespec="milliseconds")
    req = ex.request
    lines = [
        f"exchange #{ex.id}  {when}  {ex.outcome.value}  via {ex.transport.value} from {one(ex.remote or '-')}",
        f"profile: {one(ex.profile or '-')}   event: {one(ex.event_type or '-')}   eventId: {one(ex.event_id or '-')}",
    ]
    if ex.repeat_of is not None:
        lines.append(f"repeat of #{ex.repeat_of}")
    if ex.error_code:
        lines.append(f"error [{one(ex.error_code)}]: {one(ex.error_message or '')}")
        code, detail = ex.cause()
        if detail != (ex.error_message or ""):
            lines.append(f"cause [{one(code or '')}]: {one(detail)}")
        if ex.recovered:
            lines.append("message recovered by the diagnosis (the push failed; not verified)")
    lines += ["", "== request", one(f"{req.method} {req.url_path()}")]
    lines += [one(f"{name}: {value}") for name, value in req.headers.items()]
    lines += ["", printable_block(pretty_json(req.body_text())) + (" …(truncated)" if ex.body_truncated else "")]
    lines += ["", "== reply", f"status: {ex.reply_status if ex.reply_status is not None else 'none (closed)'}"]
    lines += [f"handled in {ex.handling_ms:.1f} ms"]
    if ex.reply_body:
        lines.append(printable_block(pretty_json(ex.reply_body.decode("utf-8", "replace"))))
    if ex.message is not None:
        lines += ["", "== decrypted message", printable_block(pretty_json(ex.message))]
        if json_depth_exceeds(ex.message):
            lines.append(f"(JSON nested deeper than {MAX_JSON_DEPTH} levels: shown as text)")
    if ex.diagnosis:
        lines += ["", "== diagnosis"]
        for step in ex.diagnosis.get("steps", []):
            status, name, detail = step.get("status", "?"), step.get("name", "?"), step.get("detail", "")
            lines.append(one(f"[{status:>7}] {name}: {detail}"))
            if step.get("hint"):
                lines.append("          hint: " + one(step["hint"]))
    return "\n".join(lines)


def run_show(args: argparse.Namespace) -> int:
    with EventStore() as store:
        _note_read_only(store)
        ex = store.get(args.id)
    if ex is None:
        print(f"error: no exchange #{args.id}", file=sys.stderr)
        return 1
    if args.json:
        _common.print_json(ex.to_dict())
    else:
        print(describe(ex))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with EventStore() as store:
        deleted = store.delete(args.ids)
    print(f"deleted {deleted} of {len(set(args.ids))} exchanges")
    return 0 if deleted == len(set(args.ids)) else 1


def run_clear(args: argparse.Namespace) -> int:
    if not args.yes:
        raise _common.UsageError("`events clear` deletes every exchange: add --yes to confirm")
    with EventStore() as store:
        deleted = store.clear()
    print(f"deleted {deleted} exchanges")
    return 0
