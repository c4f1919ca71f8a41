"""Check a callback reply the way DingTalk does, and say which field is wrong (71009 "返回文本非success").

DingTalk wants HTTP 200 and exactly `{"msg_signature", "timeStamp", "nonce", "encrypt"}` — camelCase
`timeStamp`, a signature over the reply's own values, a ciphertext of `success` made for the owner
key — within the 1500 ms budget. Each check is its own step, and the report carries the correct
reply (sealed with the profile) so the user can compare. As strict as the official demos: they
compare lower-case hex, so an upper-case signature fails (.NET's Convert.ToHexString). Given the
request (`send` knows it), a reply signed over the request's timestamp is named, and an ISV suite URL
check expects its Random value sealed instead of `success` (openapi-demo-java).
"""

from __future__ import annotations

import json
from typing import Any

from dingconsole.core import untrusted
from dingconsole.core.crypto import Decrypted, DingCrypto, describe_owner_key, request_params, same_signature, sign
from dingconsole.core.diagnose.causes import cause_step, render
from dingconsole.core.diagnose.isv import expected_reply, open_placeholder_check
from dingconsole.core.diagnose.reply_body import non_json_step, status_step
from dingconsole.core.diagnose.report import Report, Status, Step
from dingconsole.core.errors import DingError, ReplyInvalid, SignatureMismatch
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste.body import BOM
from dingconsole.core.profiles import Profile

REPLY_FIELDS = ("msg_signature", "timeStamp", "nonce", "encrypt")
REPLY_STEPS = (
    "status",
    "json",
    "fields",
    "timestamp",
    "encoding",
    "signature",
    "decrypt",
    "message",
    "owner_key",
    "time",
)
_ALIASES = {"signature": "msg_signature", "msgsignature": "msg_signature", "timestamp": "timeStamp"}
_SHAPE = 'DingTalk wants exactly {"msg_signature", "timeStamp", "nonce", "encrypt"} as a JSON object.'


def _fail(name: str, message: str, hint: str = "", code: str = ReplyInvalid.code, **params: Any) -> Step:
    return Step(name, Status.FAILED, message, hint, code, params)


def _pass(name: str, detail: str, **params: Any) -> Step:
    return Step(name, Status.PASSED, detail, params=params)


def _skip(name: str, reason: str) -> Step:
    return Step(name, Status.SKIPPED, reason)


def check_reply(
    status: int,
    body: bytes | str,
    profile: Profile,
    *,
    elapsed_ms: float | None = None,
    budget_ms: float = 1500.0,
    request: HttpRequest | None = None,
    headers: dict[str, str] | None = None,
) -> Report:
    """The step report for one reply; `report.correct_reply` is what it should have been. Never raises.

    `request` is the push the reply answers, when known: it names a signature over the request's
    timestamp and tells which message the reply must seal (`success`, or an ISV check's Random).
    `headers` are the reply's (the Server header names the proxy of a 502).
    """
    raw = body.encode("utf-8", "replace") if isinstance(body, str) else bytes(body)
    report = Report(kind="reply", profile=profile.name)
    steps = report.steps
    crypto = _crypto(profile)
    context = _Context(request, crypto)
    steps.append(status_step(status, raw, headers))
    data = _json_step(steps, raw)
    values: dict[str, Any] = {}
    if data is None:
        steps.extend(_skip(n, "the reply is not a JSON object") for n in REPLY_STEPS[2:-1])
    else:
        values = _fields_step(steps, data)
        _timestamp_step(steps, values.get("timeStamp"), numeric=_is_number(data.get("timeStamp")))
        steps.append(_encoding_step(values.get("encrypt")))
        _content_steps(report, values, profile, crypto, context)
    steps.append(_time_step(elapsed_ms, budget_ms))
    report.correct_reply = _correct_reply(context.sealer, values, context.message)
    return report


class _Context:
    """What the request tells about its reply: its timestamp and nonce, and the message to seal."""

    def __init__(self, request: HttpRequest | None, crypto: DingCrypto | None) -> None:
        self.params: dict[str, str] | None = None
        self.message = "success"
        self.event_type: str | None = None
        self.owner_key: str | None = None  # the owner key the reply must be made for, when not the profile's
        self.sealer = crypto
        if request is None:
            return
        try:
            self.params = request_params(request.query)
        except DingError:
            self.params = None
        if crypto is not None:
            self.event_type, self.message = expected_reply(request.body, crypto)
            placeholder = open_placeholder_check(crypto, request.body)
            if placeholder is not None:  # a suite check sealed for TestSuiteKey: the reply uses that key too
                self.owner_key, self.sealer = placeholder[0].owner_key, placeholder[1]


def _crypto(profile: Profile) -> DingCrypto | None:
    try:
        return DingCrypto(profile.token, profile.aes_key, profile.owner_key)
    except DingError:
        return None


def _json_step(steps: list[Step], raw: bytes) -> dict[str, Any] | None:
    if raw.startswith(BOM):  # named, then the rest is checked as if it were not there
        found: list[Step] = []
        data = _json_step(found, raw[len(BOM) :])
        passed = found[-1].status is Status.PASSED
        steps.append(cause_step("reply_bom") if passed else found[-1])  # a body that is not JSON says so first
        return data
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        steps.append(non_json_step(raw, ""))
        return None
    try:
        data = untrusted.loads(text)
    except ValueError as exc:
        if text.strip('"') == "success":
            steps.append(
                _fail(
                    "json",
                    "the reply is the plain text 'success', not the encrypted JSON",
                    "Encrypt 'success' and send the signed JSON. " + _SHAPE,
                    field="body",
                )
            )
        else:
            steps.append(non_json_step(raw, str(exc)))
        return None
    if isinstance(data, str):
        try:
            inner = untrusted.loads(data)
        except ValueError:
            inner = None
        if isinstance(inner, dict):
            steps.append(
                _fail(
                    "json",
                    "the reply is JSON encoded twice (a JSON string holding the object)",
                    "Serialise the reply object once; don't json.dumps an already-dumped string.",
                    field="body",
                )
            )
            return inner
    if not isinstance(data, dict):
        steps.append(_fail("json", f"the reply is a JSON {type(data).__name__}, not an object", _SHAPE, field="body"))
        return None
    steps.append(_pass("json", "a JSON object"))
    return data


def _fields_step(steps: list[Step], data: dict[str, Any]) -> dict[str, Any]:
    """Report wrong, missing and extra fields; return the values found (under their correct names)."""
    problems: list[str] = []
    wrong: list[str] = []
    values: dict[str, Any] = {name: data[name] for name in REPLY_FIELDS if name in data}
    for key in data:
        if key in REPLY_FIELDS:
            continue
        normal = key.replace("_", "").replace("-", "").lower()
        target = _ALIASES.get(normal) or next((f for f in REPLY_FIELDS if f.replace("_", "").lower() == normal), None)
        if target and target not in values:
            values[target] = data[key]
            problems.append(f"`{key}` should be `{target}`")
            wrong.append(key)
        else:
            problems.append(f"`{key}` is not expected")
            wrong.append(key)
    for name in REPLY_FIELDS:
        if name not in values:
            problems.append(f"`{name}` is missing")
            wrong.append(name)
        elif name != "timeStamp" and not isinstance(values[name], str):
            problems.append(f"`{name}` is a {type(values[name]).__name__}, not a string")
            wrong.append(name)
    if problems:
        detail, hint = render("reply_fields", {"problems": "; ".join(problems)})
        steps.append(_fail("fields", detail, hint, field=wrong[0], fields=wrong))
    else:
        steps.append(_pass("fields", "exactly msg_signature, timeStamp, nonce and encrypt"))
    return {k: v if isinstance(v, str) else _text(v) for k, v in values.items()}


def _text(value: Any) -> str:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else json.dumps(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _timestamp_step(steps: list[Step], value: str | None, *, numeric: bool = False) -> None:
    if value is None:
        steps.append(_skip("timestamp", "no timeStamp"))
    elif numeric and value.isdigit() and len(value) in (10, 13):  # a note: DingTalk's view is unverified
        steps.append(cause_step("reply_timestamp_number", value=value, unit="s" if len(value) == 10 else "ms"))
    elif value.isdigit() and len(value) == 10:
        steps.append(_pass("timestamp", f"{value} (seconds)", unit="s"))
    elif value.isdigit() and len(value) == 13:
        steps.append(_pass("timestamp", f"{value} (milliseconds)", unit="ms"))
    else:
        steps.append(
            _fail(
                "timestamp",
                f"timeStamp {value!r} is not a time in seconds or milliseconds",
                "Use the current Unix time as a string of digits, e.g. str(int(time.time() * 1000)).",
                field="timeStamp",
            )
        )


def _encoding_step(enc: str | None) -> Step:
    if enc is None:
        return _skip("encoding", "no encrypt field")
    breaks = enc.count("\n")
    if breaks:
        return cause_step("reply_line_breaks", count=breaks)
    return _pass("encoding", "encrypt is one line of base64", lines=1)


def _signature_step(steps: list[Step], values: dict[str, str], profile: Profile, context: _Context) -> None:
    sig, ts, nonce, enc = (values.get(n) for n in REPLY_FIELDS)
    if sig is None or ts is None or nonce is None or enc is None:
        steps.append(_skip("signature", "a field is missing"))
    else:
        expected = sign(profile.token, ts, nonce, enc)
        over_request = _over_request(profile, sig, ts, nonce, enc, context.params)
        if same_signature(expected, sig) and sig.strip() != sig.strip().lower():
            steps.append(
                cause_step("reply_signature_upper_case", received=sig, expected=expected, field="msg_signature")
            )
        elif same_signature(expected, sig):
            steps.append(_pass("signature", "msg_signature fits the reply's own timeStamp, nonce and encrypt"))
        elif over_request is not None:
            steps.append(
                cause_step(
                    "reply_signed_request_timestamp",
                    request_timestamp=over_request,
                    timestamp=ts,
                    expected=expected,
                    received=sig,
                    field="msg_signature",
                )
            )
        else:
            err = SignatureMismatch(
                f"msg_signature is wrong: expected {expected}, received {sig}",
                "Sign the reply's own timeStamp, nonce and encrypt (not the request's) with the token, "
                "sorted byte-wise, SHA-1, lowercase hex.",
                expected=expected,
                received=sig,
                field="msg_signature",
            )
            steps.append(Step("signature", Status.FAILED, err.message, err.hint, err.code, dict(err.params)))


def _over_request(
    profile: Profile, sig: str, ts: str, nonce: str, enc: str, params: dict[str, str] | None
) -> str | None:
    """The request's timestamp when the reply was signed over it (with either nonce), else None."""
    if params is None or params["timestamp"] == ts:
        return None
    for used_nonce in (nonce, params["nonce"]):
        if same_signature(sign(profile.token, params["timestamp"], used_nonce, enc), sig):
            return params["timestamp"]
    return None


def _content_steps(
    report: Report, values: dict[str, str], profile: Profile, crypto: DingCrypto | None, context: _Context
) -> None:
    steps = report.steps
    _signature_step(steps, values, profile, context)
    enc = values.get("encrypt")
    if enc is None or crypto is None:
        reason = "no encrypt field" if enc is None else "the profile's aesKey is invalid"
        steps.extend(_skip(n, reason) for n in ("decrypt", "message", "owner_key"))
        return
    try:
        opened: Decrypted = crypto.decrypt(enc, check_owner=False)
    except DingError as exc:
        steps.append(
            Step("decrypt", Status.FAILED, exc.message, exc.hint, exc.code, {**exc.params, "field": "encrypt"})
        )
        steps.extend(_skip(n, "encrypt does not decrypt") for n in ("message", "owner_key"))
        return
    report.message = opened.message
    report.owner_key = opened.owner_key
    steps.append(_pass("decrypt", f"encrypt opens with the aesKey of {profile.name!r}"))
    wanted = context.message
    if opened.message == wanted:
        steps.append(_pass("message", f"decrypts to {wanted!r}", message=wanted))
    elif context.event_type is not None:
        steps.append(
            cause_step(
                "reply_suite_random",
                event_type=context.event_type,
                random=wanted,
                found=opened.message[:200],
                field="encrypt",
            )
        )
    else:
        steps.append(
            _fail(
                "message",
                f"encrypt decrypts to {opened.message[:60]!r}, not 'success'",
                "Encrypt exactly the word success.",
                field="encrypt",
                found=opened.message[:200],
            )
        )
    found = opened.owner_key
    if not profile.owner_key:
        steps.append(_skip("owner_key", f"the profile has no owner key; the reply was made for {found!r}"))
    elif found in (profile.owner_key, context.owner_key):  # or the placeholder a suite check was sealed for
        steps.append(_pass("owner_key", f"made for {found!r}"))
    else:
        steps.append(
            _fail(
                "owner_key",
                f"the reply was made for {found!r} ({describe_owner_key(found)}), "
                f"the profile has {profile.owner_key!r}",
                "Encrypt the reply with the same owner key DingTalk uses for the push (AppKey vs CorpId vs suiteKey).",
                "owner_key_mismatch",
                field="encrypt",
                found=found,
                expected=profile.owner_key,
            )
        )


def _time_step(elapsed_ms: float | None, budget_ms: float) -> Step:
    if elapsed_ms is None:
        return _skip("time", "reply time not measured")
    if elapsed_ms <= budget_ms:
        return _pass("time", f"answered in {elapsed_ms:.0f} ms (budget {budget_ms:.0f} ms)", elapsed_ms=elapsed_ms)
    return cause_step("reply_too_slow", elapsed_ms=elapsed_ms, budget_ms=budget_ms)


def _correct_reply(crypto: DingCrypto | None, values: dict[str, str], message: str) -> dict[str, str] | None:
    """The reply the profile would send, reusing the reply's timeStamp and nonce when they are sane."""
    if crypto is None:
        return None
    ts = values.get("timeStamp")
    nonce = values.get("nonce")
    return crypto.seal(
        message,
        timestamp=ts if ts and ts.isdigit() and len(ts) in (10, 13) else None,
        nonce=nonce if nonce and nonce.isalnum() and len(nonce) <= 32 else None,
    )
