"""Check a callback reply the way DingTalk does, and say which field is wrong (71009 "返回文本非success").

DingTalk wants HTTP 200 and exactly `{"msg_signature", "timeStamp", "nonce", "encrypt"}` — camelCase
`timeStamp`, a signature over the reply's own values, a ciphertext of `success` made for the owner
key — within the 1500 ms budget. Each check is its own step, and the report carries the correct
reply (sealed with the profile) so the user can compare.
"""

from __future__ import annotations

import json
from typing import Any

from dingconsole.core.crypto import Decrypted, DingCrypto, describe_owner_key, same_signature, sign
from dingconsole.core.diagnose.report import Report, Status, Step
from dingconsole.core.errors import DingError, ReplyInvalid, SignatureMismatch
from dingconsole.core.profiles import Profile

REPLY_FIELDS = ("msg_signature", "timeStamp", "nonce", "encrypt")
REPLY_STEPS = ("status", "json", "fields", "timestamp", "signature", "decrypt", "message", "owner_key", "time")
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
) -> Report:
    """The step report for one reply; `report.correct_reply` is what it should have been. Never raises."""
    raw = body.encode("utf-8", "replace") if isinstance(body, str) else bytes(body)
    report = Report(kind="reply", profile=profile.name)
    steps = report.steps
    crypto = _crypto(profile)
    steps.append(_status_step(status))
    data = _json_step(steps, raw)
    values: dict[str, Any] = {}
    if data is None:
        steps.extend(_skip(n, "the reply is not a JSON object") for n in REPLY_STEPS[2:-1])
    else:
        values = _fields_step(steps, data)
        _timestamp_step(steps, values.get("timeStamp"))
        _content_steps(report, values, profile, crypto)
    steps.append(_time_step(elapsed_ms, budget_ms))
    report.correct_reply = _correct_reply(crypto, values)
    return report


def _crypto(profile: Profile) -> DingCrypto | None:
    try:
        return DingCrypto(profile.token, profile.aes_key, profile.owner_key)
    except DingError:
        return None


def _status_step(status: int) -> Step:
    if status == 200:
        return _pass("status", "HTTP 200")
    if 300 <= status < 400:
        return _fail(
            "status",
            f"HTTP {status}: a redirect",
            "DingTalk does not follow redirects: give it the final URL.",
            field="status",
            status=status,
        )
    return _fail(
        "status",
        f"HTTP {status}, DingTalk needs 200",
        "Answer 200 once the push is handled, even for events "
        "you ignore; anything else counts as a failed push and is retried.",
        field="status",
        status=status,
    )


def _json_step(steps: list[Step], raw: bytes) -> dict[str, Any] | None:
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        steps.append(_fail("json", "the reply body is empty", _SHAPE, field="body"))
        return None
    try:
        data = json.loads(text)
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
            steps.append(_fail("json", f"the reply is not JSON: {exc}", _SHAPE, field="body"))
        return None
    if isinstance(data, str):
        try:
            inner = json.loads(data)
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
        steps.append(
            _fail(
                "fields", "; ".join(problems), _SHAPE + " Compare with the correct reply.", field=wrong[0], fields=wrong
            )
        )
    else:
        steps.append(_pass("fields", "exactly msg_signature, timeStamp, nonce and encrypt"))
    return {k: v if isinstance(v, str) else _text(v) for k, v in values.items()}


def _text(value: Any) -> str:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else json.dumps(value)


def _timestamp_step(steps: list[Step], value: str | None) -> None:
    if value is None:
        steps.append(_skip("timestamp", "no timeStamp"))
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


def _content_steps(report: Report, values: dict[str, str], profile: Profile, crypto: DingCrypto | None) -> None:
    steps = report.steps
    sig, ts, nonce, enc = (values.get(n) for n in REPLY_FIELDS)
    if sig is None or ts is None or nonce is None or enc is None:
        steps.append(_skip("signature", "a field is missing"))
    else:
        expected = sign(profile.token, ts, nonce, enc)
        if same_signature(expected, sig):
            steps.append(_pass("signature", "msg_signature fits the reply's own timeStamp, nonce and encrypt"))
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
    if opened.message == "success":
        steps.append(_pass("message", "decrypts to 'success'"))
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
    elif found == profile.owner_key:
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
    return _fail(
        "time",
        f"answered in {elapsed_ms:.0f} ms, over the {budget_ms:.0f} ms budget",
        "Reply first and do slow work afterwards (a queue or a background task); DingTalk gives up and retries.",
        "reply_too_slow",
        elapsed_ms=elapsed_ms,
        budget_ms=budget_ms,
    )


def _correct_reply(crypto: DingCrypto | None, values: dict[str, str]) -> dict[str, str] | None:
    """The reply the profile would send, reusing the reply's timeStamp and nonce when they are sane."""
    if crypto is None:
        return None
    ts = values.get("timeStamp")
    nonce = values.get("nonce")
    return crypto.seal(
        "success",
        timestamp=ts if ts and ts.isdigit() and len(ts) in (10, 13) else None,
        nonce=nonce if nonce and nonce.isalnum() and len(nonce) <= 32 else None,
    )
