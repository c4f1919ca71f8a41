"""Explain why a push fails: a step report (parse → … → event type) tried against every profile.

One paste should teach the user as much as possible, so a failed step does not stop the steps that
can still run (a missing signature still lets decryption be tried), and the report names the
profile whose token matched and the profile whose aesKey decrypts — and, when the owner key
differs, the key the payload was actually made for. `check_reply` (in diagnose_reply) is re-exported
here because callers know this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dingconsole.core import events
from dingconsole.core.crypto import (
    Decrypted,
    DingCrypto,
    body_encrypt,
    decode_ciphertext,
    describe_owner_key,
    parse_json_message,
    request_params,
    same_signature,
    sign,
)
from dingconsole.core.diagnose.reply import check_reply
from dingconsole.core.diagnose.report import LayoutPart, Report, Status, Step
from dingconsole.core.errors import (
    BadRequest,
    DingError,
    InvalidBlockSize,
    InvalidLength,
    InvalidUtf8,
    SignatureMismatch,
)
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile

__all__ = [
    "NO_QUERY",
    "REQUEST_STEPS",
    "check_reply",
    "diagnose_request",
    "failed",
    "layout_parts",
    "passed",
    "query_was_given",
    "skipped",
]

REQUEST_STEPS = (
    "parse",
    "parameters",
    "signature",
    "base64",
    "block_size",
    "padding",
    "length",
    "owner_key",
    "json",
    "event_type",
)
_PREVIEW = 60
NO_QUERY = "no query given: signature not checked"


def passed(name: str, detail: str, **params: Any) -> Step:
    return Step(name, Status.PASSED, detail, params=params)


def skipped(name: str, reason: str) -> Step:
    return Step(name, Status.SKIPPED, reason)


def failed(name: str, error: DingError) -> Step:
    return Step(name, Status.FAILED, error.message, error.hint, error.code, dict(error.params))


@dataclass
class _Attempt:
    """One profile tried against the ciphertext."""

    profile: Profile
    token_ok: bool
    result: Decrypted | DingError

    @property
    def opened(self) -> bool:
        return isinstance(self.result, Decrypted)

    @property
    def owner_ok(self) -> bool:
        return isinstance(self.result, Decrypted) and self.result.owner_key == self.profile.owner_key

    def score(self) -> int:
        return 4 * self.opened + 2 * self.token_ok + self.owner_ok


def query_was_given(kind: str, request: HttpRequest) -> bool:
    """Whether a pasted input of this `Pasted.kind` came with a query the signature could be checked on.

    A bare encrypt value or JSON body carries no query unless the user added parameters to it; a curl
    command, raw HTTP request or URL is a whole request, so a parameter missing from it is a failure.
    """
    return kind not in ("encrypt", "json_body") or bool(request.query)


def diagnose_request(request: HttpRequest, profiles: Sequence[Profile], *, query_given: bool = True) -> Report:
    """The step report for one push against every profile; never raises on any input.

    `query_given=False` says the user supplied only a body or an encrypt value (no query at all): the
    parameters and signature steps are then SKIPPED rather than FAILED when the query is empty. A real
    push (the listener) always has a query to check, so it keeps the default and fails without one.
    """
    profiles = list(profiles)
    report = Report(kind="request")
    steps = report.steps

    encrypt: str | None = None
    try:
        encrypt = body_encrypt(request.body)
        note = "" if request.method.upper() == "POST" else f" (method is {request.method}; DingTalk POSTs)"
        detail = f"body has an encrypt value of {len(encrypt)} characters{note}"
        steps.append(passed("parse", detail, length=len(encrypt), method=request.method.upper()))
    except BadRequest as exc:
        steps.append(failed("parse", exc))

    params: dict[str, str] | None = None
    if not query_given and not request.query:
        steps.append(skipped("parameters", NO_QUERY))
        steps.append(skipped("signature", NO_QUERY))
        token_matches: set[str] = set()
    else:
        try:
            params = request_params(request.query)
            used = "msg_signature" if request.query.get("msg_signature") else "signature"
            steps.append(passed("parameters", _describe_params(request.query, params), used=used, **params))
        except DingError as exc:
            steps.append(failed("parameters", exc))
        token_matches = _signature_step(steps, profiles, params, encrypt)

    ciphertext_ok = False
    if encrypt is None:
        steps.append(skipped("base64", "no encrypt value to decode"))
        steps.append(skipped("block_size", "no encrypt value to decode"))
    else:
        try:
            data = decode_ciphertext(encrypt)
            steps.append(passed("base64", f"decodes to {len(data)} bytes", size=len(data)))
            steps.append(passed("block_size", f"{len(data) // 16} AES blocks of 16 bytes", blocks=len(data) // 16))
            ciphertext_ok = True
        except InvalidBlockSize as exc:
            steps.append(passed("base64", "valid base64"))
            steps.append(failed("block_size", exc))
        except DingError as exc:
            steps.append(failed("base64", exc))
            steps.append(skipped("block_size", "the ciphertext is not base64"))

    later = REQUEST_STEPS[5:]
    if not ciphertext_ok or encrypt is None:
        steps.extend(skipped(name, "no ciphertext to decrypt") for name in later)
        return report
    if not profiles:
        steps.extend(skipped(name, "no profile to try: add one with the token, aesKey and owner key") for name in later)
        return report
    attempts = [_attempt(p, p.name in token_matches, encrypt) for p in profiles]
    best = max(attempts, key=_Attempt.score)  # max keeps the first of equal scores
    _decrypt_steps(report, best, attempts)
    return report


def _describe_params(query: dict[str, str], params: dict[str, str]) -> str:
    used = "msg_signature" if query.get("msg_signature") else "signature"
    text = f"{used}, timestamp {params['timestamp']}, nonce {params['nonce']}"
    both = query.get("msg_signature"), query.get("signature")
    if all(both) and both[0] != both[1]:
        text += " (signature and msg_signature differ; msg_signature is used)"
    return text


def _signature_step(
    steps: list[Step], profiles: list[Profile], params: dict[str, str] | None, encrypt: str | None
) -> set[str]:
    """Append the signature step; return the names of the profiles whose token gives the signature."""
    if params is None:
        steps.append(skipped("signature", "no signature/timestamp/nonce to check; decryption is tried anyway"))
        return set()
    if encrypt is None:
        steps.append(skipped("signature", "no encrypt value to sign"))
        return set()
    if not profiles:
        steps.append(skipped("signature", "no profile to check against"))
        return set()
    received = params["signature"]
    expected = {p.name: sign(p.token, params["timestamp"], params["nonce"], encrypt) for p in profiles}
    matches = {name for name, value in expected.items() if same_signature(value, received)}
    if matches:
        names = ", ".join(repr(name) for name in expected if name in matches)
        steps.append(passed("signature", f"matches the token of profile {names}", profiles=sorted(matches)))
        return matches
    first = profiles[0]
    tried = "" if len(profiles) == 1 else f" (tried {len(profiles)} profiles: {', '.join(expected)})"
    steps.append(
        failed(
            "signature",
            SignatureMismatch(
                f"signature mismatch: expected {expected[first.name]} with the token of {first.name!r}, "
                f"received {received}{tried}",
                "The token differs from the one DingTalk signs with (the token, not the aesKey): copy it again "
                "from the event subscription page.",
                expected=expected[first.name],
                received=received,
                profile=first.name,
            ),
        )
    )
    return set()


def _attempt(profile: Profile, token_ok: bool, encrypt: str) -> _Attempt:
    try:
        result: Decrypted | DingError = DingCrypto(profile.token, profile.aes_key, profile.owner_key).decrypt(
            encrypt, check_owner=False
        )
    except DingError as exc:
        result = exc
    return _Attempt(profile, token_ok, result)


def _decrypt_steps(report: Report, best: _Attempt, attempts: list[_Attempt]) -> None:
    steps = report.steps
    name = best.profile.name
    result = best.result
    if not isinstance(result, Decrypted):
        report.profile = name if best.token_ok else None
        tried = "" if len(attempts) == 1 else f" (no profile's aesKey opens it; showing {name!r})"
        if isinstance(result, InvalidLength | InvalidUtf8):
            steps.append(passed("padding", f"padding is well-formed with the aesKey of {name!r}"))
            step = failed("length", result)
        else:
            step = failed("padding", result)
        step.detail += tried
        steps.append(step)
        after = REQUEST_STEPS[REQUEST_STEPS.index(step.name) + 1 :]
        steps.extend(skipped(n, f"the payload does not decrypt ({step.name} failed)") for n in after)
        return

    report.profile = name
    report.owner_key = result.owner_key
    report.message = result.message
    report.layout = layout_parts(result)
    mixed = ""
    if not best.token_ok:
        signers = [a.profile.name for a in attempts if a.token_ok]
        if signers:
            mixed = f" (the signature fits the token of {signers[0]!r}: are the two profiles' keys mixed up?)"
    steps.append(
        passed(
            "padding",
            f"the aesKey of {name!r} decrypts; PKCS#7 pad value {result.pad_value}{mixed}",
            profile=name,
            pad_value=result.pad_value,
        )
    )
    steps.append(
        passed(
            "length",
            f"length field declares {result.declared_length} bytes; they are valid UTF-8",
            declared=result.declared_length,
        )
    )
    steps.append(_owner_step(best.profile, result.owner_key, attempts))
    try:
        payload = parse_json_message(result.message)
    except DingError as exc:
        steps.append(failed("json", exc))
        steps.append(skipped("event_type", "the message is not JSON"))
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
        steps.append(skipped("event_type", "the message is not a JSON object"))
        return
    steps.append(passed("json", f"a JSON object with {len(payload)} fields", fields=len(payload)))
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
        steps.append(passed("event_type", f"{kind} — {events.label(kind)}{known}", event_type=kind))


def _owner_step(profile: Profile, found: str, attempts: list[_Attempt]) -> Step:
    kind = describe_owner_key(found)
    if not profile.owner_key:
        return skipped("owner_key", f"the profile has no owner key; the payload was made for {found!r} ({kind})")
    if found == profile.owner_key:
        return passed("owner_key", f"made for {found!r} ({kind}), as the profile says", owner_key=found)
    others = [a.profile.name for a in attempts if a.profile.owner_key == found]
    elsewhere = f" Profile {others[0]!r} has that key." if others else ""
    return Step(
        "owner_key",
        Status.FAILED,
        f"made for {_short(found)}, profile {profile.name!r} has {_short(profile.owner_key)} — "
        f"AppKey vs CorpId vs suiteKey (payload key {found!r}, {kind})",
        f"Set the profile's owner key to {found!r}. DingTalk appends the AppKey for console apps, the CorpId "
        f"for register_call_back apps and the suiteKey for third-party apps.{elsewhere}",
        "owner_key_mismatch",
        {"found": found, "expected": profile.owner_key, "profile": profile.name},
    )


def _short(key: str) -> str:
    return f"{key[:6]}…" if len(key) > 8 else key or "(empty)"


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
