"""`dingconsole export` and `dingconsole import`: captured exchanges out as fixtures/jsonl/curl/HAR, and back in."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from dingconsole.commands import _common, _filters
from dingconsole.core.errors import DingError
from dingconsole.core.export import export_fixtures, write_curl, write_har, write_jsonl
from dingconsole.core.export.bulk import BATCH, import_stream
from dingconsole.core.export.curl import LOCAL_ORIGIN
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore

FORMATS = ("fixtures", "jsonl", "curl", "har")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export recorded exchanges as pytest fixtures, jsonl, a curl script or HAR",
        description=(
            "Export matching exchanges. `fixtures` writes a folder that passes pytest as it is: one JSON file per "
            "event, a conftest.py, a helper module, a sample test. By default the events are re-sealed with a "
            "generated test profile, so no production secret leaves the machine."
        ),
    )
    _filters.add_filter_args(p, ids=True)
    p.add_argument("--format", required=True, choices=FORMATS, help="fixtures (a folder), jsonl, curl or har")
    p.add_argument("--out", required=True, metavar="PATH", help="the folder (fixtures) or file to write")
    p.add_argument("--keep-original", action="store_true", help="fixtures: keep the captured bytes (not re-sealed)")
    p.add_argument(
        "--include-secrets", action="store_true", help="fixtures: write the real credentials (--keep-original)"
    )
    p.set_defaults(func=run_export)

    imp = sub.add_parser(
        "import",
        help="import exported fixtures, jsonl or HAR into the event store",
        description="Read a fixtures folder (or one of its JSON files), a .jsonl or a .har back into the event store.",
    )
    imp.add_argument("file", metavar="FILE", help="a fixtures folder, a fixture .json, a .jsonl or a .har")
    imp.set_defaults(func=run_import)


def _profile_lookup(name: str) -> Profile | None:
    try:
        return ProfileStore().get(name)
    except DingError:
        return None


def run_export(args: argparse.Namespace) -> int:
    if args.keep_original and not args.include_secrets:
        raise _common.UsageError(
            "--keep-original keeps requests only the real credentials can verify: add --include-secrets "
            "(they are then written into the fixtures), or drop --keep-original to re-seal with a test profile"
        )
    if args.format != "fixtures" and (args.keep_original or args.include_secrets):
        raise _common.UsageError("--keep-original and --include-secrets apply to --format fixtures only")
    flt = _filters.filter_from_args(args)
    with EventStore() as store:
        if args.format != "fixtures":
            return _export_in_batches(store, flt, args)
        exchanges = store.query(flt, newest_first=False)
    if not exchanges:
        print("nothing to export: no exchange matches")
        return 1
    out = Path(args.out)
    if args.format == "fixtures":
        result = export_fixtures(
            exchanges,
            out,
            keep_original=args.keep_original,
            include_secrets=args.include_secrets,
            profiles=_profile_lookup,
        )
        for exchange_id, why in result.skipped:
            print(f"skipped #{exchange_id}: {why}")
        print(f"wrote {len(result.written)} fixture(s) to {out} (run: cd {out} && python -m pytest)")
        if result.test_profile is not None:
            print(f"re-sealed with a generated test profile (owner key {result.test_profile.owner_key})")
        else:
            print("kept the captured requests; the folder holds REAL credentials — keep it private")
        return 0 if result.written else 1
    writer = {"jsonl": write_jsonl, "curl": write_curl, "har": write_har}[args.format]
    count = writer(exchanges, out)
    print(f"wrote {count} exchange(s) to {out} ({args.format})")
    _replay_hint(args)
    return 0


def _replay_hint(args: argparse.Namespace) -> None:
    if args.format == "curl":  # the script sends nowhere by itself: the captured Host is the sender's word
        print(f"replay with: bash {args.out} ORIGIN   (where to send them, e.g. {LOCAL_ORIGIN})")


def _export_in_batches(store: EventStore, flt: Any, args: argparse.Namespace) -> int:
    """jsonl/curl/har: the store read a batch at a time, oldest first; the rate on stderr."""
    ids = store.matching_ids(flt, newest_first=False)
    if not ids:
        print("nothing to export: no exchange matches")
        return 1
    writer = {"jsonl": write_jsonl, "curl": write_curl, "har": write_har}[args.format]
    started = time.perf_counter()
    batches = (store.by_ids(ids[i : i + BATCH]) for i in range(0, len(ids), BATCH))
    count = writer((ex for batch in batches for ex in batch), Path(args.out))
    seconds = time.perf_counter() - started
    print(f"wrote {count} exchange(s) to {args.out} ({args.format})")
    _replay_hint(args)
    print(f"{count / max(seconds, 1e-9):,.0f} exchanges/s", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        raise _common.UsageError(f"{path} does not exist")
    shown = [time.perf_counter()]

    def progress(count: int, done: int, total: int) -> None:  # a line a second on stderr for big files
        now = time.perf_counter()
        if now - shown[0] >= 1.0:
            shown[0] = now
            share = f" ({done / total:.0%})" if total else ""
            print(f"  {count:,} exchanges{share}", file=sys.stderr, flush=True)

    with EventStore() as store:
        result = import_stream(store, path, progress=progress)
    span = f" (#{result.first_id}–#{result.last_id})" if result.count else ""
    print(f"imported {result.count} exchange(s) from {path}{span}")
    print(f"{result.rate:,.0f} exchanges/s, search index included", file=sys.stderr)
    return 0
