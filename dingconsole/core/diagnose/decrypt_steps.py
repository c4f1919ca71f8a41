"""The steps after the ciphertext is known to be whole: padding, length, owner key, JSON, event type.

The best profile's attempt is explained step by step. Two causes are told apart from their
look-alikes here: a length field written by a character-counting sender (the official Python 3
demo) is named as such instead of "wrong owner key" or "not UTF-8", and a suite URL check sealed
with DingTalk's placeholder suiteKey is not a wrong owner key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dingconsole.core import events
from dingconsole.core.crypto import Decrypted, DingCrypto, decode_ciphertext, describe_owner_key, parse_json_message
from dingconsole.core.diagnose.causes import cause_step
from dingconsole.core.diagnose.fields import field_steps
from dingconsole.core.diagnose.opening import CharCounted, aes_bytes, char_counted
from dingconsole.core.diagnose.report import LayoutPart, Report, Status, Step
from dingconsole.core.errors import DingError, InvalidLength, InvalidPadding, InvalidUtf8
from dingconsole.core.profiles import Profile

_PREVIEW = 60
SUITE_CHECKS = ("check_create_suite_url", "check_update_suite_url")
DECRYPT_STEPS = ("padding", "length", "owner_key", "json", "event_type")


@dataclass
class Attempt:
    """One profile tried against the ciphertext."""

    profile: Profile
    token_ok: bool
    result: Decrypted | DingError
    counted: CharCounted | None = None  # the sender counted characters (result then holds the error)

    @property
    def opened(self) -> bool:
        return isinstance(self.result, Decrypted) or self.counted is not None

    @property
    def key_fits(self) -> bool:
        """The aesKey opened the padding: only the framing inside (length, UTF-8) may be wrong."""
        return self.opened or isinstance(self.result, InvalidLength | InvalidUtf8)

    @property
    def owner_ok(self) -> bool:
        return isinstance(self.result, Decrypted) and self.result.owner_key == self.profile.owner_key

    def score(self) -> int:
        return 4 * self.opened + 2 * self.token_ok + (self.owner_ok or self.counted is not None)


def attempt(profile: Profile, token_ok: bool, encrypt: str, owner_keys: list[str]) -> Attempt:
    try:
        result: Decrypted | DingError = DingCrypto(profile.token, profile.aes_key, profile.owner_key).decrypt(
            encrypt, check_owner=False
        )
    except DingError as exc:
        result = exc
    counted = None
    if not isinstance(result, InvalidPadding):
        key = aes_bytes(profile.aes_key)
        if key is not None and (not isinstance(result, Decrypted) or result.owner_key not in owner_keys):
            try:
                counted = char_counted(decode_ciphertext(encrypt), key, owner_keys)
            except DingError:
                counted = None
    return Attempt(profile, token_ok, result, counted)


def skip_rest(steps: list[Step], after: str, reason: str) -> None:
    names = DECRYPT_STEPS[DECRYPT_STEPS.index(after) + 1 :] if after in DECRYPT_STEPS else DECRYPT_STEPS
    steps.extend(Step(n, Status.SKIPPED, reason) for n in names)


def decrypt_steps(report: Report, best: Attempt, attempts: list[Attempt]) -> None:
    steps = report.steps
    name = best.profile.name
    result = best.result
    if best.counted is not None:
        _counted_steps(report, best, best.counted)
        return
    if not isinstance(result, Decrypted):
        report.profile = name if best.token_ok else None
        tried = "" if len(attempts) == 1 else f" (no profile's aesKey opens it; showing {name!r})"
        if isinstance(result, InvalidLength | InvalidUtf8):
            steps.append(Step("padding", Status.PASSED, f"padding is well-formed with the aesKey of {name!r}"))
            step = Step("length", Status.FAILED, result.message, result.hint, result.code, dict(result.params))
        elif isinstance(result, InvalidPadding) and "value" in result.params:
            step = cause_step("invalid_padding", profile=name, value=result.params["value"])
        else:
            step = Step("padding", Status.FAILED, result.message, result.hint, result.code, dict(result.params))
        step.detail += tried
        steps.append(step)
        skip_rest(steps, step.name, f"the payload does not decrypt ({step.name} failed)")
        return
    _opened_steps(report, best, attempts, result)


def _opened_steps(report: Report, best: Attempt, attempts: list[Attempt], result: Decrypted) -> None:
    steps = report.steps
    name = best.profile.name
    report.profile = name
    report.owner_key = result.owner_key
    report.message = result.message
    report.layout = layout_parts(result)
    mixed = ""
    if not best.token_ok:
        signers = [a.profile.name for a in attempts if a.token_ok]
        if signers:
            mixed = f" (the signature fits the token of {signers[0]!r}: are the two profiles' keys mixed up?)"
    padding = cause_step("lenient_decoding", profile=name, pad_value=result.pad_value)
    padding.detail += mixed
    padding.code, padding.hint = None, ""  # a passed step: the table's row only explains it
    steps.append(padding)
    steps.append(
        Step(
            "length",
            Status.PASSED,
            f"length field declares {result.declared_length} bytes; they are valid UTF-8",
            params={"declared": result.declared_length},
        )
    )
    payload = _payload(result.message)
    steps.append(owner_step(best.profile, result.owner_key, attempts, payload))
    _json_steps(report, result.message, payload)


def _counted_steps(report: Report, best: Attempt, counted: CharCounted) -> None:
    """The sender counted characters: say so once, then read the message as the sender meant it."""
    report.profile = best.profile.name
    report.owner_key = counted.owner_key
    report.message = counted.message
    steps = report.steps
    steps.append(
        Step(
            "padding",
            Status.PASSED,
            f"the aesKey of {best.profile.name!r} decrypts",
            params={"profile": best.profile.name},
        )
    )
    steps.append(
        cause_step(
            "length_counts_characters",
            declared=counted.declared,
            characters=counted.characters,
            actual=counted.actual,
        )
    )
    payload = _payload(counted.message)
    steps.append(owner_step(best.profile, counted.owner_key, [best], payload))
    _json_steps(report, counted.message, payload)


def _payload(message: str) -> Any:
    try:
        return parse_json_message(message)
    except DingError:
        return None


def _json_steps(report: Report, message: str, payload: Any) -> None:
    steps = report.steps
    if payload is None:
        try:
            parse_json_message(message)
        except DingError as exc:
            steps.append(Step("json", Status.FAILED, exc.message, exc.hint, exc.code, dict(exc.params)))
        steps.append(Step("event_type", Status.SKIPPED, "the message is not JSON"))
        return
    if not isinstance(payload, dict):
        steps.append(
            Step(
                "json",
                Status.FAILED,
                f"message is JSON but a {type(payload).__name__}, not an object",
                "DingTalk events are JSON objects with an EventType field.",
                "invalid_json",
            )
        )
        steps.append(Step("event_type", Status.SKIPPED, "the message is not a JSON object"))
        return
    steps.append(
        Step("json", Status.PASSED, f"a JSON object with {len(payload)} fields", params={"fields": len(payload)})
    )
    kind = events.event_type(payload)
    report.event_type = kind
    if kind is None:
        steps.append(
            Step(
                "event_type",
                Status.FAILED,
                "the message has no EventType field",
                "Every DingTalk callback names its EventType; this payload was not made by DingTalk.",
                "missing_event_type",
            )
        )
    else:
        known = "" if kind in events.KNOWN_TYPES else " (not a type the console knows; shown as is)"
        steps.append(
            Step("event_type", Status.PASSED, f"{kind} — {events.label(kind)}{known}", params={"event_type": kind})
        )
        steps.extend(field_steps(payload))  # issue 17: documented fields missing or of another type (a warning)


def owner_step(profile: Profile, found: str, attempts: list[Attempt], payload: Any) -> Step:
    kind = describe_owner_key(found)
    event_type = payload.get("EventType") if isinstance(payload, dict) else None
    suite_profile = profile.owner_key.startswith("suite")
    if event_type in SUITE_CHECKS and suite_profile and found != profile.owner_key:
        if found.startswith("suite") and found == payload.get("TestSuiteKey", found):
            return cause_step("suite_placeholder", found=found, event_type=event_type, expected=profile.owner_key)
    if not profile.owner_key:
        return Step(
            "owner_key", Status.SKIPPED, f"the profile has no owner key; the payload was made for {found!r} ({kind})"
        )
    if found == profile.owner_key:
        return Step(
            "owner_key", Status.PASSED, f"made for {found!r} ({kind}), as the profile says", params={"owner_key": found}
        )
    step = cause_step("owner_key_mismatch", found=found, expected=profile.owner_key, profile=profile.name)
    others = [a.profile.name for a in attempts if a.profile.owner_key == found]
    if others:
        step.hint += f" Profile {others[0]!r} has that key."
        step.params["elsewhere"] = others[0]
    return step


def layout_parts(decrypted: Decrypted) -> list[LayoutPart]:
    """The byte layout of the plaintext, each region with a short preview for humans."""
    previews = {
        "random": decrypted.random.hex(" "),
        "length": f"{decrypted.declared_length} (0x{decrypted.declared_length:08x})",
        "message": decrypted.message[:_PREVIEW] + ("…" if len(decrypted.message) > _PREVIEW else ""),
        "owner_key": decrypted.owner_key,
        "padding": f"{decrypted.pad_value} × 0x{decrypted.pad_value:02x}",
    }
    return [LayoutPart(s.name, s.start, s.end, previews.get(s.name, "")) for s in decrypted.layout()]
