"""Helpers shared by the sub-commands: credentials, reading FILE|-, printing errors and JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dingconsole.core.errors import DingError

if TYPE_CHECKING:  # imported when used: `--version` and `--help` stay fast (no crypto, no aiohttp)
    from dingconsole.core.profiles import Profile


class UsageError(Exception):
    """Wrong arguments: exit code 2."""


def add_credential_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("credentials (a profile, or each value given)")
    group.add_argument("--profile", metavar="NAME", help="use a saved profile")
    group.add_argument("--token", help="callback token")
    group.add_argument("--aes-key", help="encodingAesKey (43 characters)")
    group.add_argument("--app-key", "--owner-key", dest="app_key", help="owner key: AppKey, CorpId or suiteKey")


def profile_from_args(args: argparse.Namespace, *, require_owner: bool = False) -> Profile:
    """The credentials the user gave: a saved profile, overridden by any value given on the line."""
    from dingconsole.core.profiles import Profile, ProfileStore

    base: Profile | None = ProfileStore().get(args.profile) if getattr(args, "profile", None) else None
    token = args.token if args.token is not None else (base.token if base else None)
    aes_key = args.aes_key if args.aes_key is not None else (base.aes_key if base else None)
    owner = args.app_key if args.app_key is not None else (base.owner_key if base else "")
    if not token or not aes_key:
        raise UsageError("give --profile NAME, or --token and --aes-key (and --app-key to check the owner key)")
    if require_owner and not owner:
        raise UsageError("give --app-key (the owner key), or a --profile that has one")
    return Profile(name=base.name if base else "(command line)", owner_key=owner, token=token, aes_key=aes_key)


def read_input(value: str) -> bytes:
    """Read FILE, or standard input for '-'."""
    if value == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(value).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {value}: {exc.strerror}") from None


def print_error(exc: DingError) -> None:
    print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def load_profile(name: str) -> Profile:
    """The named profile, refused as a usage error (exit 2) when it cannot talk to DingTalk's servers."""
    from dingconsole.core.dingtalk import MissingAppSecret, require_app_secret
    from dingconsole.core.profiles import ProfileStore

    profile = ProfileStore().get(name)
    try:
        require_app_secret(profile)
    except MissingAppSecret as exc:
        raise UsageError(f"{exc.message}. {exc.hint}") from None
    return profile
