"""Explain why a push fails: a step report (parse → … → event type) tried against every profile.

One paste should teach the user as much as possible, so a failed step does not stop the steps that
can still run. Causes come before symptoms: the aesKey is checked on its own, and before any
signature failure is blamed on the token the ciphertext is checked for damage in transit
(repairs.py); a proven repair is the one cause named, and the later steps run on the repaired
value. The report names the profile whose token matched and the one whose aesKey decrypts — and,
when the owner key differs, the key the payload was actually made for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dingconsole.core.crypto import body_encrypt, decode_ciphertext, request_params, sign
from dingconsole.core.diagnose.causes import cause_step
from dingconsole.core.diagnose.decrypt_steps import Attempt, attempt, decrypt_steps, layout_parts, skip_rest
from dingconsole.core.diagnose.notes import aes_key_step, timestamp_step
from dingconsole.core.diagnose.repairs import Transit, signers_of, transit_step
from dingconsole.core.diagnose.reply import check_reply
from dingconsole.core.diagnose.report import Report, Status, Step
from dingconsole.core.diagnose.signing import signature_cause
from dingconsole.core.errors import BadRequest, DingError, InvalidBlockSize
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste.body import read_encrypt
from dingconsole.core.profiles import Profile

__all__ = [
    "NO_QUERY",
    "REQUEST_STEPS",
    "body_encrypt",
    "check_reply",
    "diagnose_request",
    "failed",
    "layout_parts",
    "passed",
    "skipped",
]

REQUEST_STEPS = (
    "parse",
    "parameters",
    "timestamp",
    "aes_key",
    "transit",
    "signature",
    "base64",
    "block_size",
    "padding",
    "length",
    "owner_key",
    "json",
    "event_type",
)
NO_QUERY = "no query given: signature not checked"


def passed(name: str, detail: str, **params: Any) -> Step:
    return Step(name, Status.PASSED, detail, params=params)


def skipped(name: str, reason: str) -> Step:
    return Step(name, Status.SKIPPED, reason)


def failed(name: str, error: DingError) -> Step:
    return Step(name, Status.FAILED, error.message, error.hint, error.code, dict(error.params))


def diagnose_request(
    request: HttpRequest, profiles: Sequence[Profile], *, query_given: bool = True, now: float | None = None
) -> Report:
    """The step report for one push against every profile; never raises on any input.

    `query_given=False` says the user supplied only a body or an encrypt value (no query at all): the
    parameters and signature steps are then SKIPPED rather than FAILED when the query is empty. A real
    push (the listener) always has a query to check, so it keeps the default and fails without one.
    `now` pins the clock the timestamp's age is measured against.
    """
    profiles = list(profiles)
    report = Report(kind="request")
    steps = report.steps
    encrypt = _parse_step(steps, request)
    no_query = not query_given and not request.query
    params: dict[str, str] | None = None
    if no_query:
        steps.append(skipped("parameters", NO_QUERY))
    else:
        try:
            params = request_params(request.query)
            used = "msg_signature" if request.query.get("msg_signature") else "signature"
            steps.append(passed("parameters", _describe_params(request.query, params), used=used, **params))
        except DingError as exc:
            steps.append(failed("parameters", exc))
    steps.append(timestamp_step(params["timestamp"] if params else None, now))
    raw_signers = signers_of(encrypt, params, profiles) if encrypt is not None else set()
    if profiles:
        key_step, usable = aes_key_step(profiles, raw_signers)
    else:
        key_step, usable = skipped("aes_key", "no profile to try"), []
    steps.append(key_step)
    if encrypt is None:
        steps.append(skipped("transit", "no encrypt value"))
        transit = None
    else:
        transit = transit_step(encrypt, params, usable, raw_signers, tokens=profiles)
        steps.append(transit.step)
    working = transit.encrypt if transit is not None else None
    signers = (transit.signers if transit is not None and transit.repaired else raw_signers) or raw_signers
    attempts = (
        [attempt(p, p.name in signers, working, [q.owner_key for q in profiles]) for p in usable]
        if (working is not None and transit is not None and not transit.cut)
        else []
    )
    best = max(attempts, key=Attempt.score) if attempts else None  # max keeps the first of equal scores
    foreign = _signature_step(steps, profiles, params, working, transit, signers, best, no_query)
    ciphertext_ok = _ciphertext_steps(steps, working, transit)
    if not ciphertext_ok:
        skip_rest(steps, "", "no ciphertext to decrypt" if transit is None or not transit.cut else _CUT)
    elif not profiles:
        skip_rest(steps, "", "no profile to try: add one with the token, aesKey and owner key")
    elif best is None:
        skip_rest(steps, "", "no profile has a usable aesKey (see the aesKey step)")
    elif foreign:
        skip_rest(steps, "", "neither the token nor the aesKey fits (see the signature step)")
    else:
        decrypt_steps(report, best, attempts)
    return report


_CUT = "the ciphertext was cut in transit (see the transit step)"


def _parse_step(steps: list[Step], request: HttpRequest) -> str | None:
    try:
        read = read_encrypt(request.body, request.headers)
    except BadRequest as exc:
        declared = _content_length(request.headers)
        if declared is not None and len(request.body) < declared:
            steps.append(cause_step("body_short", received=len(request.body), declared=declared))
        else:
            steps.append(failed("parse", exc))
        return None
    method = request.method.upper()
    if read.bom:
        step = cause_step("body_bom")
        step.params.update(length=len(read.encrypt), method=request.method.upper())
        steps.append(step)
    elif read.form:
        step = cause_step("form_body", form=read.form)
        step.params.update(length=len(read.encrypt), method=method)
        steps.append(step)
    else:
        note = "" if method == "POST" else f" (method is {request.method}; DingTalk POSTs)"
        detail = f"body has an encrypt value of {len(read.encrypt)} characters{note}"
        steps.append(passed("parse", detail, length=len(read.encrypt), method=method))
    return read.encrypt


def _content_length(headers: dict[str, str]) -> int | None:
    """The declared Content-Length (a pasted curl or HTTP request carries it), None when absent or garbage."""
    value = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _describe_params(query: dict[str, str], params: dict[str, str]) -> str:
    used = "msg_signature" if query.get("msg_signature") else "signature"
    text = f"{used}, timestamp {params['timestamp']}, nonce {params['nonce']}"
    both = query.get("msg_signature"), query.get("signature")
    if all(both) and both[0] != both[1]:
        text += " (signature and msg_signature differ; msg_signature is used)"
    return text


def _signature_step(
    steps: list[Step],
    profiles: list[Profile],
    params: dict[str, str] | None,
    encrypt: str | None,
    transit: Transit | None,
    signers: set[str],
    best: Attempt | None,
    no_query: bool,
) -> bool:
    """Append the signature step; True when neither the token nor the aesKey of any profile fits."""
    if no_query:
        steps.append(skipped("signature", NO_QUERY))
    elif params is None:
        steps.append(skipped("signature", "no signature/timestamp/nonce to check; decryption is tried anyway"))
    elif encrypt is None:
        steps.append(skipped("signature", "no encrypt value to sign"))
    elif not profiles:
        steps.append(skipped("signature", "no profile to check against"))
    elif transit is not None and transit.cut:
        steps.append(skipped("signature", "not checked: " + _CUT))
    elif signers:
        names = ", ".join(repr(p.name) for p in profiles if p.name in signers)
        fixed = transit is not None and transit.repaired
        detail = f"matches the token of profile {names}" + (" (over the repaired value)" if fixed else "")
        step = passed("signature", detail, profiles=sorted(signers))
        if fixed:
            step.params["repaired"] = True
        steps.append(step)
    elif best is not None and not best.key_fits:
        steps.append(cause_step("foreign_push", profiles=len(profiles)))
        return True
    elif (named := signature_cause(params, encrypt, _trying_first(profiles, best))) is not None:
        steps.append(named)  # proven: the signature verifies after this repair, so not the token
    else:
        shown = best.profile if best is not None else profiles[0]
        expected = sign(shown.token, params["timestamp"], params["nonce"], encrypt)
        steps.append(
            cause_step("signature_mismatch", expected=expected, received=params["signature"], profile=shown.name)
        )
    return False


_SIGNERS_TRIED = 8  # profiles whose token the signature repairs are tried with (each: ~35 SHA-1s of the push)


def _trying_first(profiles: list[Profile], best: Attempt | None) -> list[Profile]:
    """The profile whose aesKey opens the push — its token is the one that should have signed — alone;
    else the first few (a hostile push of a megabyte costs ~35 hashes per profile tried)."""
    if best is not None and best.key_fits:
        return [best.profile]
    return profiles[:_SIGNERS_TRIED]


def _ciphertext_steps(steps: list[Step], encrypt: str | None, transit: Transit | None) -> bool:
    """base64 and block_size; True when there is a whole ciphertext to decrypt."""
    if encrypt is None or transit is None:
        steps.append(skipped("base64", "no encrypt value to decode"))
        steps.append(skipped("block_size", "no encrypt value to decode"))
        return False
    if transit.cut:
        steps.append(skipped("base64", _CUT))
        steps.append(skipped("block_size", _CUT))
        return False
    try:
        data = decode_ciphertext(encrypt)
    except InvalidBlockSize as exc:
        steps.append(passed("base64", "valid base64"))
        steps.append(failed("block_size", exc))
        return False
    except DingError as exc:
        steps.append(failed("base64", exc))
        steps.append(skipped("block_size", "the ciphertext is not base64"))
        return False
    steps.append(passed("base64", f"decodes to {len(data)} bytes", size=len(data)))
    steps.append(passed("block_size", f"{len(data) // 16} AES blocks of 16 bytes", blocks=len(data) // 16))
    return True
