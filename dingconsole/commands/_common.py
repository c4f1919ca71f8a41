"""Helpers shared by the sub-commands: credentials, reading FILE|-, printing errors and JSON.

Secrets stay off the command line when the user wants them to (a flag shows in `ps`): every
--token/--aes-key/--app-secret also reads DINGCONSOLE_TOKEN, DINGCONSOLE_AES_KEY and
DINGCONSOLE_APP_SECRET, a value on the line winning. Everything printed that came from outside
(a push, a file) goes through core.untrusted, so no control character reaches the terminal raw.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dingconsole.core import portable
from dingconsole.core.errors import DingError
from dingconsole.core.untrusted import json_line, printable_block

if TYPE_CHECKING:  # imported when used: `--version` and `--help` stay fast (no crypto, no aiohttp)
    from dingconsole.core.profiles import Profile


class UsageError(Exception):
    """Wrong arguments: exit code 2."""


SECRET_ENV = {"token": "DINGCONSOLE_TOKEN", "aes_key": "DINGCONSOLE_AES_KEY", "app_secret": "DINGCONSOLE_APP_SECRET"}
SECRETS_NOTE = (
    "Secrets on the command line show in the process list (ps). Each of --token, --aes-key and --app-secret "
    "can come from the environment instead (DINGCONSOLE_TOKEN, DINGCONSOLE_AES_KEY, DINGCONSOLE_APP_SECRET) "
    "or from a saved profile (--profile NAME); a value given on the line wins."
)


def env_secret(field: str) -> str | None:
    """The secret's environment variable (see SECRET_ENV), or None when unset or empty."""
    return os.environ.get(SECRET_ENV[field]) or None


def note_secrets(parser: argparse.ArgumentParser) -> None:
    """Say in --help where else a secret can come from."""
    parser.epilog = f"{parser.epilog}\n\n{SECRETS_NOTE}" if parser.epilog else SECRETS_NOTE


def add_credential_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("credentials (a profile, or each value given)")
    group.add_argument("--profile", metavar="NAME", help="use a saved profile")
    group.add_argument("--token", default=env_secret("token"), help="callback token (default: $DINGCONSOLE_TOKEN)")
    group.add_argument(
        "--aes-key", default=env_secret("aes_key"), help="encodingAesKey, 43 characters (default: $DINGCONSOLE_AES_KEY)"
    )
    group.add_argument("--app-key", "--owner-key", dest="app_key", help="owner key: AppKey, CorpId or suiteKey")
    note_secrets(parser)


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
    print(f"error [{exc.code}]: {printable_block(exc.message)}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {printable_block(exc.hint)}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Indented JSON with every control character escaped (as \\uXXXX: the same JSON value)."""
    print(json_line(data, indent=2))


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


class StopRequest:
    """Ctrl+C / SIGTERM for a command that runs until stopped: set by a signal handler, polled by `wait`.

    Not a threading.Event: a signal handler runs on the main thread, possibly while that thread is
    inside Event.wait() holding the Event's lock, and Event.set() would then wait for that lock
    forever (seen: `serve` never stopping after SIGINT under load). Setting an attribute takes no lock.
    """

    def __init__(self) -> None:
        self.requested = False

    def set(self, *_args: object) -> None:
        self.requested = True

    def is_set(self) -> bool:
        return self.requested

    def wait(self, interval: float) -> bool:
        """Sleep `interval` unless a stop was requested; True once it was."""
        if not self.requested:
            time.sleep(interval)
        return self.requested

    def install(self) -> None:
        """Make SIGINT and SIGTERM (and Ctrl+Break's SIGBREAK on Windows) request the stop."""
        for sig in portable.stop_signals():
            signal.signal(sig, self.set)
