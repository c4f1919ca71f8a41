"""Steps that note rather than fail: the push's timestamp, and the aesKey of each profile tried.

A timestamp in seconds or days old is worth a remark (a hand-made sender, a replay) but never the
reason a push fails; one that is not digits at all fails (the listener refuses it: no DingTalk push).
The aesKey gets its own step so a bad key is not filed under "padding": its
length, the offending character and its position; whitespace around it and a trailing '=' are
named and stripped (the remaining 43 characters are then the key DingTalk meant).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from dingconsole.core.crypto.aeskey import AesKeyCheck, inspect_aes_key
from dingconsole.core.diagnose.causes import cause_step, human_age
from dingconsole.core.diagnose.report import Status, Step
from dingconsole.core.profiles import Profile
from dingconsole.core.untrusted import printable

OLD_AFTER_S = 3600.0  # older than this: a note (DingTalk's own retries end within minutes)
FUTURE_AFTER_S = 300.0


def timestamp_step(timestamp: str | None, now: float | None = None) -> Step:
    """Seconds vs milliseconds and the push's age, as notes; never a failure."""
    if not timestamp:
        return Step("timestamp", Status.SKIPPED, "no timestamp in the query")
    if not (timestamp.isascii() and timestamp.isdigit()):  # the listener refuses it: so does the diagnosis
        return cause_step("timestamp_not_digits", timestamp=printable(timestamp[:40]))
    if len(timestamp) <= 11:
        return cause_step("timestamp_seconds", timestamp=timestamp)
    current = time.time() if now is None else now
    age = current - int(timestamp) / 1000.0
    if age > OLD_AFTER_S:
        return cause_step("timestamp_old", timestamp=timestamp, age=human_age(age), age_s=round(age))
    if age < -FUTURE_AFTER_S:
        return cause_step("timestamp_future", timestamp=timestamp, age=human_age(age), age_s=round(-age))
    return Step(
        "timestamp",
        Status.PASSED,
        f"{timestamp} (milliseconds, {human_age(age)} old)",
        params={"timestamp": timestamp, "age_s": round(age)},
    )


def aes_key_step(profiles: Sequence[Profile], preferred: set[str]) -> tuple[Step, list[Profile]]:
    """The aesKey step, and the profiles to try (keys cleaned where that is safe, unusable ones left out).

    The step speaks about the profile that matters most: one whose token verified (`preferred`),
    else the first one with a problem.
    """
    checks = [(profile, inspect_aes_key(profile.aes_key)) for profile in profiles]
    usable = [replace(p, aes_key=c.cleaned) if c.cleaned is not None else p for p, c in checks if c.usable]
    faulty = [(p, c) for p, c in checks if c.problem]
    if not faulty:
        count = len(profiles)
        detail = "43 letters and digits" if count == 1 else f"all {count} profiles have 43 letters and digits"
        return Step("aes_key", Status.PASSED, detail, params={"profiles": count}), usable
    faulty.sort(key=lambda item: (item[0].name not in preferred, item[1].usable))
    profile, check = faulty[0]
    step = _problem_step(profile.name, check)
    if step.status is Status.FAILED and usable and profile.name not in preferred:
        step.status = Status.WARNING  # another profile can still be tried: note the broken one
    return step, usable


def _problem_step(name: str, check: AesKeyCheck) -> Step:
    if check.problem == "whitespace":
        return cause_step("aes_key_whitespace", profile=name, count=check.whitespace)
    if check.problem == "equals":
        return cause_step("aes_key_equals", profile=name)
    if check.problem == "character":
        return cause_step("aes_key_character", profile=name, position=check.position, char=check.char)
    return cause_step("aes_key_length", profile=name, length=check.length)
