"""What the workbench computes for one input — a pure function run on a worker thread.

No widget is touched here: `analyse()` takes the text, the action and the profiles to try, and
returns an `Analysis` the GUI thread renders. It never raises (a DingError becomes `error`, any
other failure is reported as an internal error), so garbage in the input box cannot take the
window down. Labels are translated here (QCoreApplication.translate is thread-safe).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from dingconsole.core.crypto import random_nonce, request_params, same_signature, sign
from dingconsole.core.diagnose import Report, Status, Step
from dingconsole.core.diagnose import request as diagnose
from dingconsole.core.errors import BadRequest, DingError
from dingconsole.core.exchange import HttpRequest, pretty_json
from dingconsole.core.paste import Pasted, parse_pasted
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push

translate = QCoreApplication.translate

ACTIONS = ("auto", "decrypt", "encrypt", "sign", "reply")
MAX_OUTPUT = 200_000  # characters shown in the result box; the rest is cut with a note


@dataclass
class Analysis:
    """The result for one input: what it was, the verdict, the steps and the main output text."""

    action: str  # the action actually carried out (auto resolves to decrypt or reply)
    kind: str | None = None  # parse_pasted kind, "plaintext" for encrypt, None for empty input
    notes: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None  # DingError.to_dict() when the input could not be used
    report: Report | None = None
    output: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) rows


def analyse(text: str, action: str, profiles: Sequence[Profile], *, budget_ms: float = 1500.0) -> Analysis:
    """Run `action` on `text` with `profiles` (one, or all when "try all profiles" is on). Never raises."""
    try:
        return _analyse(text, action, list(profiles), budget_ms)
    except DingError as exc:
        return Analysis(action, error=exc.to_dict())
    except Exception as exc:  # noqa: BLE001 - the input box must survive anything; shown to the user
        return Analysis(action, error={"code": "internal", "message": f"{type(exc).__name__}: {exc}", "hint": ""})


def _analyse(text: str, action: str, profiles: list[Profile], budget_ms: float) -> Analysis:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not text.strip():
        return Analysis(action)
    if action == "encrypt":
        return _encrypt(text, profiles)
    pasted = parse_pasted(text)
    if action == "auto":
        action = "reply" if pasted.kind in ("reply", "http_response") else "decrypt"
    if action == "reply":
        return _reply(pasted, profiles, budget_ms)
    if action == "sign":
        return _sign(pasted, profiles)
    return _decrypt(pasted, profiles)


def _need_profile(profiles: list[Profile]) -> Profile:
    if not profiles:
        raise DingError(
            translate("Workbench", "no credentials"),
            translate("Workbench", "Choose a profile, or type the token, aesKey and owner key."),
        )
    return profiles[0]


def _cut(text: str) -> str:
    if len(text) <= MAX_OUTPUT:
        return text
    more = translate("Workbench", "… (%1 more characters not shown)").replace("%1", str(len(text) - MAX_OUTPUT))
    return text[:MAX_OUTPUT] + "\n" + more


def _request_of(pasted: Pasted) -> HttpRequest:
    if pasted.request is not None:
        return pasted.request
    if pasted.encrypt:  # a reply or response: its encrypt value can still be opened
        return HttpRequest(body=json.dumps({"encrypt": pasted.encrypt}).encode())
    raise BadRequest(
        translate("Workbench", "there is nothing to decrypt in this text"),
        translate("Workbench", "Paste a push (curl, HTTP, URL + body, JSON body) or an encrypt value."),
    )


def _decrypt(pasted: Pasted, profiles: list[Profile]) -> Analysis:
    request = _request_of(pasted)
    # A bare encrypt value, a JSON body or a reply's encrypt carries no query: the signature is skipped, not failed.
    query_given = pasted.request is not None and diagnose.query_was_given(pasted.kind, request)
    report = diagnose.diagnose_request(request, profiles, query_given=query_given)
    result = Analysis("decrypt", pasted.kind, list(pasted.notes), report=report)
    if report.message is not None:
        result.output = _cut(pretty_json(report.message))
    if report.profile:
        result.facts.append((translate("Workbench", "Profile that fits"), report.profile))
    if report.owner_key is not None:
        result.facts.append((translate("Workbench", "Made for (owner key)"), report.owner_key))
    return result


def _encrypt(text: str, profiles: list[Profile]) -> Analysis:
    """Seal the plaintext as DingTalk would push it, and open it again so the layout can be shown."""
    profile = _need_profile(profiles)
    request = seal_push(text, profile)
    report = diagnose.diagnose_request(request, [profile])
    query = request.query
    sealed = {
        "msg_signature": query["msg_signature"],
        "timeStamp": query["timestamp"],
        "nonce": query["nonce"],
        "encrypt": json.loads(request.body)["encrypt"],
    }
    result = Analysis("encrypt", "plaintext", report=report, output=_cut(json.dumps(sealed, indent=2)))
    result.facts.append((translate("Workbench", "Profile"), profile.name))
    result.facts.append((translate("Workbench", "Push URL query"), request.url_path()))
    return result


def _sign(pasted: Pasted, profiles: list[Profile]) -> Analysis:
    """Signature of the pasted push (verified when it carries one), or a fresh signed query."""
    _need_profile(profiles)
    request = _request_of(pasted)
    encrypt = pasted.encrypt or diagnose.body_encrypt(request.body)
    try:
        params: dict[str, str] | None = request_params(request.query)
    except DingError:
        params = None
    timestamp = params["timestamp"] if params else str(int(time.time() * 1000))
    nonce = params["nonce"] if params else random_nonce()
    result = Analysis("sign", pasted.kind, list(pasted.notes))
    result.facts.append(("timestamp", timestamp))
    result.facts.append(("nonce", nonce))
    lines = []
    matches = []
    for profile in profiles:
        value = sign(profile.token, timestamp, nonce, encrypt)
        result.facts.append((translate("Workbench", "Signature with %1").replace("%1", profile.name), value))
        lines.append(f"signature={value}&msg_signature={value}&timestamp={timestamp}&nonce={nonce}")
        if params and same_signature(value, params["signature"]):
            matches.append(profile.name)
    result.output = "\n".join(lines)
    if params is None:
        step = Step("signature", Status.SKIPPED, translate("Workbench", "no signature in the paste: signed afresh"))
    elif matches:
        step = Step("signature", Status.PASSED, f"matches the token of profile {', '.join(map(repr, matches))}")
    else:
        expected = sign(profiles[0].token, timestamp, nonce, encrypt)
        step = Step(
            "signature",
            Status.FAILED,
            f"signature mismatch: expected {expected} with the token of {profiles[0].name!r}, "
            f"received {params['signature']}",
            "The token differs from the one DingTalk signs with (the token, not the aesKey).",
            "signature_mismatch",
            {"expected": expected, "received": params["signature"]},
        )
    if params:
        result.facts.append((translate("Workbench", "Received signature"), params["signature"]))
    result.report = Report("request", [step], profile=matches[0] if matches else None)
    return result


def _reply(pasted: Pasted, profiles: list[Profile], budget_ms: float) -> Analysis:
    """Judge a reply as DingTalk does, with every profile tried; the one with fewest failures wins."""
    _need_profile(profiles)
    if pasted.reply is None and pasted.reply_body is None:
        raise BadRequest(
            translate("Workbench", "this is a request, not a reply"),
            translate("Workbench", "Paste your server's reply: its JSON body, or the HTTP response with headers."),
        )
    status = pasted.status if pasted.status is not None else 200
    body = pasted.reply_body if pasted.reply_body is not None else json.dumps(pasted.reply).encode()
    reports = [diagnose.check_reply(status, body, p, budget_ms=budget_ms) for p in profiles]
    report = min(reports, key=lambda r: sum(s.status is Status.FAILED for s in r.steps))
    result = Analysis("reply", pasted.kind, list(pasted.notes), report=report)
    correct = report.correct_reply
    if correct:
        result.output = json.dumps(correct, indent=2)
        result.facts.append((translate("Workbench", "Checked with profile"), report.profile or ""))
    return result
