"""Named credential profiles (owner key, token, aesKey) in a versioned file, written atomically with mode 0600."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dingconsole.core import paths
from dingconsole.core.atomic import write_atomic
from dingconsole.core.crypto import DingCrypto, parse_aes_key
from dingconsole.core.errors import DingError
from dingconsole.core.portable import permission_bits_protect
from dingconsole.core.untrusted import loads as bounded_loads

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
MIN_TOKEN_LENGTH = 12  # a stored signature brute-forces a 6-digit token in half a second
SECRET_FIELDS = ("token", "aes_key", "app_secret", "permanent_code")
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class ProfileError(DingError):
    code = "profile_error"
    usage = False  # True: the command line named something that is not there (the CLI exits 2, README)


class ProfileUsageError(ProfileError):
    """An unknown profile named on the command line, or a profiles file that cannot be read."""

    usage = True


@dataclass(frozen=True)
class Profile:
    name: str
    owner_key: str
    token: str
    aes_key: str
    note: str = ""
    callback_path: str = ""
    app_secret: str = ""
    # ISV suites only, for the failed-push list's token (core.dingtalk.tokens)
    suite_ticket: str = ""
    auth_corp_id: str = ""
    permanent_code: str = ""
    # "development": the user says no other client (staging, production) uses this AppKey's Stream, so
    # the console need not warn that connecting splits the app's frames with them
    stream_role: str = ""

    @property
    def development_only(self) -> bool:
        return self.stream_role == "development"

    def crypto(self) -> DingCrypto:
        return DingCrypto(self.token, self.aes_key, self.owner_key)

    def masked(self) -> dict[str, str]:
        """A listing-safe view: secrets shown as their first and last characters only."""
        data = asdict(self)
        for key in SECRET_FIELDS:
            data[key] = mask(data[key])
        return data

    def to_dict(self, include_secrets: bool = True) -> dict[str, str]:
        data = asdict(self)
        if not include_secrets:
            for key in SECRET_FIELDS:
                data[key] = ""
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)}
        values = {k: str(v) for k, v in data.items() if k in known and v is not None}
        for required in ("name", "owner_key", "token", "aes_key"):
            values.setdefault(required, "")
        return cls(**values)


def token_weakness(token: str) -> str | None:
    """Why a token is weak — "digits_only" or "too_short" — or None when it is not.

    The signature DingTalk sends is a SHA-1 over the token and public values, so anyone holding one
    stored push can try tokens offline: digits only, or fewer than MIN_TOKEN_LENGTH characters, fall
    in seconds. (A token that is long but all digits is still reported as digits only.)"""
    if not token:
        return None
    if token.isdigit():
        return "digits_only"
    if len(token) < MIN_TOKEN_LENGTH:
        return "too_short"
    return None


WEAKNESS_TEXT = {
    "digits_only": "it is only digits",
    "too_short": f"it has fewer than {MIN_TOKEN_LENGTH} characters",
}


def mask(secret: str) -> str:
    if not secret:
        return ""
    if len(secret) <= 6:
        return "•" * len(secret)
    return f"{secret[:3]}{'•' * 6}{secret[-3:]}"


def invisible_char(value: str) -> str | None:
    """The first invisible or control character (not a space) in a pasted key, as U+XXXX, or None.

    Zero-width spaces and BOMs come along when a key is copied from a web page or a chat; DingTalk
    answers such a key with `401 authFailed`, as it does a space."""
    for c in value:
        if not c.isprintable() and not c.isspace():
            return f"U+{ord(c):04X}"
    return None


def validate(profile: Profile) -> None:
    """Raise ProfileError/InvalidAesKey when a profile could never open a push."""
    if not _NAME.match(profile.name):
        raise ProfileError(
            f"profile name {profile.name!r} is not allowed",
            "Use 1–64 letters, digits, '.', '_' or '-' (the name becomes part of the callback URL).",
        )
    if not profile.token:
        raise ProfileError("token is empty", "Copy the token from the event subscription page.")
    if profile.token != profile.token.strip():
        raise ProfileError(
            "the token has spaces or line breaks around it",
            "DingTalk signs with the token exactly as set: copy it again without the surrounding whitespace.",
            field="token",
        )
    if not profile.owner_key:
        raise ProfileError("owner key is empty", "Use the AppKey (Client ID), the CorpId or the suiteKey.")
    for label, value in (("owner key (AppKey)", profile.owner_key), ("AppSecret", profile.app_secret)):
        if any(c.isspace() for c in value):
            raise ProfileError(
                f"the {label} contains a space or line break",
                "DingTalk refuses such a key (401 authFailed): copy it again without spaces.",
                field=label,
            )
        hidden = invisible_char(value)
        if hidden:
            raise ProfileError(
                f"the {label} contains an invisible or control character ({hidden})",
                "DingTalk refuses such a key (401 authFailed): type it again or copy it from the developer console.",
                field=label,
                char=hidden,
            )
    parse_aes_key(profile.aes_key)


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older file up to FORMAT_VERSION (v1 called the owner key `app_key`)."""
    version = int(data.get("version", 1))
    if version < 2:
        for item in data.get("profiles", []):
            if "app_key" in item and "owner_key" not in item:
                item["owner_key"] = item.pop("app_key")
        data["version"] = 2
    return data


@dataclass
class ProfileStore:
    """The profiles file. Every mutation is saved at once, atomically."""

    path: Path = field(default_factory=lambda: paths.config_dir() / "profiles.json")
    _profiles: dict[str, Profile] = field(default_factory=dict, init=False)
    active: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._profiles = {}
        self.active = None
        if not self.path.exists():
            return
        self._repair_permissions()
        try:
            data = bounded_loads(self.path.read_text("utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"the file holds a JSON {type(data).__name__}, not an object")
            items = data.get("profiles", [])
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ValueError('"profiles" is not a list of objects')
            if int(data.get("version", 1)) > FORMAT_VERSION:
                raise ProfileError(
                    f"{self.path} was written by a newer DingConsole (format {data['version']})",
                    "Upgrade DingConsole; this version would lose what the newer one stored there.",
                )
            data = _migrate(data)
        except (ValueError, TypeError, OSError) as exc:
            raise ProfileUsageError(
                f"cannot read {self.path}: {exc}", "Fix or remove the file; it is plain JSON."
            ) from None
        for item in data.get("profiles", []):
            profile = Profile.from_dict(item)
            self._profiles[profile.name] = profile
        active = data.get("active")
        self.active = active if active in self._profiles else None

    def _repair_permissions(self) -> None:
        """A profiles file others can read (an old version, a copy, a restored backup) is made 0600, with a warning.

        Not on Windows: there every file reports 0o666 and the folder's ACL protects it (core/portable.py)."""
        if not permission_bits_protect():
            return
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except OSError:
            return
        if not mode & 0o077:
            return
        try:
            os.chmod(self.path, mode & ~0o077)
        except OSError as exc:  # a read-only home: say it, the file is still read
            log.warning(
                "%s has permissions %o (others can read the secrets) and cannot be fixed: %s", self.path, mode, exc
            )
            return
        log.warning(
            "%s had permissions %o, so others could read the tokens and keys: fixed to %o",
            self.path,
            mode,
            mode & ~0o077,
        )

    def save(self) -> None:
        data = {
            "version": FORMAT_VERSION,
            "active": self.active,
            "profiles": [p.to_dict() for p in self._profiles.values()],
        }
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), mode=0o600)

    def __iter__(self) -> Iterator[Profile]:
        return iter(sorted(self._profiles.values(), key=lambda p: p.name))

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, name: object) -> bool:
        return name in self._profiles

    def names(self) -> list[str]:
        return [p.name for p in self]

    def get(self, name: str) -> Profile:
        try:
            return self._profiles[name]
        except KeyError:
            known = ", ".join(self.names()) or "none yet"
            raise ProfileUsageError(f"no profile named {name!r}", f"Known profiles: {known}.") from None

    def active_profile(self) -> Profile | None:
        return self._profiles.get(self.active) if self.active else None

    def add(self, profile: Profile, *, replace_existing: bool = False) -> None:
        validate(profile)
        if profile.name in self._profiles and not replace_existing:
            raise ProfileError(f"profile {profile.name!r} exists", "Choose another name, or edit the existing one.")
        self._profiles[profile.name] = profile
        if self.active is None:
            self.active = profile.name
        self.save()

    def rename(self, old: str, profile: Profile) -> None:
        """Replace profile `old` by `profile` (possibly under a new name), keeping it active if it was."""
        self.get(old)
        validate(profile)
        if profile.name != old and profile.name in self._profiles:
            raise ProfileError(f"profile {profile.name!r} exists", "Choose another name.")
        del self._profiles[old]
        self._profiles[profile.name] = profile
        if self.active == old:
            self.active = profile.name
        self.save()

    def duplicate(self, name: str, new_name: str) -> Profile:
        copy = replace(self.get(name), name=new_name)
        self.add(copy)
        return copy

    def remove(self, name: str) -> None:
        self.get(name)
        del self._profiles[name]
        if self.active == name:
            self.active = next(iter(self.names()), None)
        self.save()

    def set_active(self, name: str) -> None:
        self.get(name)
        self.active = name
        self.save()

    def export(self, include_secrets: bool = False) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "profiles": [p.to_dict(include_secrets=include_secrets) for p in self],
        }

    def import_(self, data: dict[str, Any], *, replace_existing: bool = False) -> list[str]:
        """Add the profiles of an exported file; those without secrets are refused with a clear error."""
        data = _migrate(dict(data))
        added = []
        for item in data.get("profiles", []):
            profile = Profile.from_dict(item)
            self.add(profile, replace_existing=replace_existing)
            added.append(profile.name)
        return added
