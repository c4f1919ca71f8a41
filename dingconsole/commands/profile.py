"""`dingconsole profile …`: add, list, show, remove, choose, export and import credential profiles."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from dingconsole.commands import _common
from dingconsole.core import untrusted
from dingconsole.core.atomic import write_atomic
from dingconsole.core.crypto import generate_token
from dingconsole.core.profiles import WEAKNESS_TEXT, Profile, ProfileError, ProfileStore, token_weakness


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "profile",
        help="manage credential profiles (owner key, token, aesKey)",
        description="Named profiles of the credentials a callback is encrypted with. Secrets are masked in "
        "every listing; `show --reveal` and `export --include-secrets` print them.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser), required=True)

    add = actions.add_parser("add", help="add a profile", description="Add (or with --replace, overwrite) a profile.")
    add.add_argument("name")
    add.add_argument(
        "--app-key",
        "--owner-key",
        dest="owner_key",
        required=True,
        help="owner key: AppKey (Client ID), CorpId or suiteKey",
    )
    add.add_argument(
        "--token",
        default=_common.env_secret("token"),
        help="callback token (default: $DINGCONSOLE_TOKEN; asked for without echo on a terminal)",
    )
    add.add_argument(
        "--aes-key",
        default=_common.env_secret("aes_key"),
        help="encodingAesKey, 43 letters and digits (default: $DINGCONSOLE_AES_KEY; asked for on a terminal)",
    )
    add.add_argument("--note", default="", help="a free note")
    add.add_argument("--callback-path", default="", help="path the listener serves this profile on")
    add.add_argument(
        "--app-secret",
        default=_common.env_secret("app_secret") or "",
        help="AppSecret (CorpSecret / SuiteSecret): Stream mode and the failed-push API (default: "
        "$DINGCONSOLE_APP_SECRET)",
    )
    add.add_argument("--suite-ticket", default="", help="ISV suites: the latest suite ticket (failed-push API)")
    add.add_argument("--auth-corp-id", default="", help="ISV suites: the CorpId of the authorising corp")
    add.add_argument("--permanent-code", default="", help="ISV suites: that corp's permanent code")
    add.add_argument("--replace", action="store_true", help="overwrite a profile of the same name")
    add.add_argument(
        "--development-only",
        action="store_true",
        help="no other client uses this AppKey's Stream: `stream` does not warn about splitting its events",
    )
    _common.note_secrets(add)
    add.set_defaults(func=_add)

    listing = actions.add_parser("list", help="list profiles (secrets masked)", description="List the profiles.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_list)

    show = actions.add_parser("show", help="show one profile", description="Show one profile (secrets masked).")
    show.add_argument("name")
    show.add_argument("--reveal", action="store_true", help="show the secrets in full")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=_show)

    remove = actions.add_parser("remove", help="remove a profile", description="Remove a profile.")
    remove.add_argument("name")
    remove.set_defaults(func=_remove)

    dev = actions.add_parser(
        "development-only",
        help="mark a profile's AppKey as used by no other Stream client (silences the warning)",
        description="Mark (or with --off unmark) a profile as development only: no staging or production client "
        "connects with its AppKey, so `stream` and the window do not warn that connecting splits its events.",
    )
    dev.add_argument("name")
    dev.add_argument("--off", action="store_true", help="remove the mark")
    dev.set_defaults(func=_development_only)

    use = actions.add_parser("use", help="make a profile the active one", description="Set the active profile.")
    use.add_argument("name")
    use.set_defaults(func=_use)

    export = actions.add_parser("export", help="export profiles as JSON", description="Export the profiles.")
    export.add_argument("--include-secrets", action="store_true", help="include token, aesKey and AppSecret")
    export.add_argument("--out", metavar="F", help="write to F (mode 0600) instead of standard output")
    export.set_defaults(func=_export)

    imp = actions.add_parser("import", help="import exported profiles", description="Import an exported file.")
    imp.add_argument("file", metavar="FILE|-")
    imp.add_argument("--replace", action="store_true", help="overwrite profiles of the same name")
    imp.set_defaults(func=_import)


def _secret(value: str | None, flag: str, env: str) -> str:
    """A required secret: the flag or its environment variable, else asked for without echo on a terminal."""
    if value:
        return value
    if sys.stdin.isatty():
        entered = getpass.getpass(f"{flag.lstrip('-').replace('-', ' ')} (not echoed): ")
        if entered:
            return entered
    raise _common.UsageError(f"give {flag} (or set {env}, or run it on a terminal to be asked)")


def _warn_weak_token(token: str) -> None:
    """A weak token falls to one stored signature: say so, and offer a generated one."""
    weakness = token_weakness(token)
    if weakness is None:
        return
    print(
        f"warning: the token is weak ({WEAKNESS_TEXT[weakness]}): anyone holding one signed push can find it "
        f"offline in seconds.\n  a generated one: --token {generate_token()}  (set it here with --replace and in "
        "DingTalk's event subscription)",
        file=sys.stderr,
    )


def _add(args: argparse.Namespace) -> int:
    token = _secret(args.token, "--token", "DINGCONSOLE_TOKEN")
    aes_key = _secret(args.aes_key, "--aes-key", "DINGCONSOLE_AES_KEY")
    profile = Profile(
        name=args.name,
        owner_key=args.owner_key,
        token=token,
        aes_key=aes_key,
        note=args.note,
        callback_path=args.callback_path,
        app_secret=args.app_secret,
        suite_ticket=args.suite_ticket,
        auth_corp_id=args.auth_corp_id,
        permanent_code=args.permanent_code,
        stream_role="development" if args.development_only else "",
    )
    store = ProfileStore()
    store.add(profile, replace_existing=args.replace)
    print(
        f"{'saved' if args.replace else 'added'} profile {profile.name!r}"
        + (" (active)" if store.active == profile.name else "")
    )
    _warn_weak_token(profile.token)
    return 0


def _development_only(args: argparse.Namespace) -> int:
    store = ProfileStore()
    profile = store.get(args.name)
    store.add(replace(profile, stream_role="" if args.off else "development"), replace_existing=True)
    print(f"profile {profile.name!r} is {'no longer marked' if args.off else 'marked'} development only")
    return 0


def _list(args: argparse.Namespace) -> int:
    store = ProfileStore()
    rows: list[dict[str, Any]] = [{**p.masked(), "active": p.name == store.active} for p in store]
    if args.json:
        _common.print_json(rows)
        return 0
    if not rows:
        print("no profiles yet — add one with: dingconsole profile add NAME --app-key K --token T --aes-key A")
        return 0
    widths = {key: max(len(str(row[key])) for row in rows) for key in ("name", "owner_key", "token")}
    for row in rows:  # every column aligned (the owner keys differ in length: AppKey, CorpId, suiteKey)
        mark = "*" if row["active"] else " "
        note = f"  {row['note']}" if row["note"] else ""
        print(
            f"{mark} {row['name']:<{widths['name']}}  {row['owner_key']:<{widths['owner_key']}}  "
            f"token {row['token']:<{widths['token']}}  aesKey {row['aes_key']}{note}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    store = ProfileStore()
    profile = store.get(args.name)
    data: dict[str, Any] = dict(profile.to_dict() if args.reveal else profile.masked())
    data["active"] = store.active == profile.name
    if args.json:
        _common.print_json(data)
        return 0
    for key, value in data.items():
        print(f"{key:<13} {value}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    ProfileStore().remove(args.name)
    print(f"removed profile {args.name!r}")
    return 0


def _use(args: argparse.Namespace) -> int:
    ProfileStore().set_active(args.name)
    print(f"active profile: {args.name}")
    return 0


def _export(args: argparse.Namespace) -> int:
    data = ProfileStore().export(include_secrets=args.include_secrets)
    text = untrusted.json_line(data, indent=2) + "\n"  # the same JSON, no control character raw
    if args.out:
        write_atomic(Path(args.out), text.encode("utf-8"), mode=0o600)
        print(f"exported {len(data['profiles'])} profiles to {args.out}")
    else:
        print(text, end="")
    return 0


def _import(args: argparse.Namespace) -> int:
    raw = _common.read_input(args.file)
    try:
        data = untrusted.loads(raw)
    except ValueError as exc:
        raise ProfileError(f"{args.file} is not JSON: {exc}", "Import a file written by `profile export`.") from None
    if not isinstance(data, dict) or not isinstance(data.get("profiles"), list):
        raise ProfileError(f"{args.file} has no profile list", "Import a file written by `profile export`.")
    added = ProfileStore().import_(data, replace_existing=args.replace)
    print(f"imported {len(added)} profiles: {', '.join(added)}" if added else "nothing to import")
    return 0
