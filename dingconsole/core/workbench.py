"""What the workbench computes for one input — a pure function, run by the GUI on a worker thread.

`analyse()` takes the text, the action and the profiles to try, and returns an `Analysis` that a
face renders. It never raises (a DingError becomes `error`, any other failure is reported as an
internal error), so garbage in the input box cannot take the window down. Like the rest of the
core it speaks in codes: facts are `Fact(code, value, param)` and errors carry a code; the GUI
turns both into words in the user's language (gui/workbench/results.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dingconsole.core import untrusted
from dingconsole.core.crypto import random_nonce, request_params, same_signature, sign
from dingconsole.core.diagnose import Report, Status, Step
from dingconsole.core.diagnose import request as diagnose
from dingconsole.core.errors import BadRequest, DingError
from dingconsole.core.exchange import HttpRequest, pretty_json
from dingconsole.core.paste import Pasted, parse_pasted
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push

ACTIONS = ("auto", "decrypt", "encrypt", "sign", "reply")


class NoCredentials(DingError):
    code = "workbench_no_credentials"


class NothingToDecrypt(BadRequest):
    code = "workbench_nothing_to_decrypt"


class NotAReply(BadRequest):
    code = "workbench_not_a_reply"


@dataclass(frozen=True)
class Fact:
    """One row of the facts table: `code` names the label (the face words it), `param` fills it."""

    code: str  # profile_fits, made_for, profile, push_url_query, timestamp, nonce, signature_with, …
    value: str
    param: str = ""


@dataclass
class Analysis:
    """The result for one input: what it was, the verdict, the steps and the main output text."""

    action: str  # the action actually carried out (auto resolves to decrypt or reply)
    kind: str | None = None  # parse_pasted kind, "plaintext" for encrypt, None for empty input
    notes: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None  # DingError.to_dict() when the input could not be used
    report: Report | None = None
    output: str = ""
    facts: list[Fact] = field(default_factory=list)


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
        raise NoCredentials("no credentials", "Choose a profile, or type the token, aesKey and owner key.")
    return profiles[0]


def _request_of(pasted: Pasted) -> tuple[HttpRequest, bool]:
    found = pasted.as_request()
    if found is None:
        raise NothingToDecrypt(
            "there is nothing to decrypt in this text",
            "Paste a push (curl, HTTP, URL + body, JSON body) or an encrypt value.",
        )
    return found


def _decrypt(pasted: Pasted, profiles: list[Profile]) -> Analysis:
    # A bare encrypt value or a JSON body carries no query: the signature is then skipped, not failed.
    request, query_given = _request_of(pasted)
    report = diagnose.diagnose_request(request, profiles, query_given=query_given)
    result = Analysis("decrypt", pasted.kind, list(pasted.notes), report=report)
    if report.message is not None:
        result.output = pretty_json(report.message)
    if report.profile:
        result.facts.append(Fact("profile_fits", report.profile))
    if report.owner_key is not None:
        result.facts.append(Fact("made_for", report.owner_key))
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
        "encrypt": untrusted.loads(request.body)["encrypt"],
    }
    result = Analysis("encrypt", "plaintext", report=report, output=json.dumps(sealed, indent=2))
    result.facts.append(Fact("profile", profile.name))
    result.facts.append(Fact("push_url_query", request.url_path()))
    return result


def _sign(pasted: Pasted, profiles: list[Profile]) -> Analysis:
    """Signature of the pasted push (verified when it carries one), or a fresh signed query."""
    _need_profile(profiles)
    request, _query_given = _request_of(pasted)
    encrypt = pasted.encrypt or diagnose.body_encrypt(request.body)
    try:
        params: dict[str, str] | None = request_params(request.query)
    except DingError:
        params = None
    timestamp = params["timestamp"] if params else str(int(time.time() * 1000))
    nonce = params["nonce"] if params else random_nonce()
    result = Analysis("sign", pasted.kind, list(pasted.notes))
    result.facts.append(Fact("timestamp", timestamp))
    result.facts.append(Fact("nonce", nonce))
    lines = []
    matches = []
    for profile in profiles:
        value = sign(profile.token, timestamp, nonce, encrypt)
        result.facts.append(Fact("signature_with", value, profile.name))
        lines.append(f"signature={value}&msg_signature={value}&timestamp={timestamp}&nonce={nonce}")
        if params and same_signature(value, params["signature"]):
            matches.append(profile.name)
    result.output = "\n".join(lines)
    if params is None:
        step = Step("signature", Status.SKIPPED, "no signature in the paste: signed afresh", code="signed_afresh")
    elif matches:
        names = ", ".join(map(repr, matches))
        step = Step(
            "signature", Status.PASSED, f"matches the token of profile {names}", code="signature_matches",
            params={"profiles": names},
        )  # fmt: skip
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
        result.facts.append(Fact("received_signature", params["signature"]))
    result.report = Report("request", [step], profile=matches[0] if matches else None)
    return result


def _reply(pasted: Pasted, profiles: list[Profile], budget_ms: float) -> Analysis:
    """Judge a reply as DingTalk does, with every profile tried; the one with fewest failures wins."""
    _need_profile(profiles)
    if pasted.reply is None and pasted.reply_body is None:
        raise NotAReply(
            "this is a request, not a reply",
            "Paste your server's reply: its JSON body, or the HTTP response with headers.",
        )
    status = pasted.status if pasted.status is not None else 200
    body = pasted.reply_body if pasted.reply_body is not None else json.dumps(pasted.reply).encode()
    reports = [diagnose.check_reply(status, body, p, budget_ms=budget_ms) for p in profiles]
    report = min(reports, key=lambda r: sum(s.status is Status.FAILED for s in r.steps))
    result = Analysis("reply", pasted.kind, list(pasted.notes), report=report)
    correct = report.correct_reply
    if correct:
        result.output = json.dumps(correct, indent=2)
        result.facts.append(Fact("checked_with", report.profile or ""))
    return result
