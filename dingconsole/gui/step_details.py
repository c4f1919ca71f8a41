"""Diagnosis detail lines in the user's language, rebuilt from a step's `code` + `params`.

The core writes each step's `detail` in English (the CLI prints it) and keeps the facts behind it in
`params` (expected/received signatures, found/expected owner keys, declared/available lengths, ...).
`hints.py` translates titles and hints; this module translates the detail line itself. In English,
and whenever a step lacks the params a sentence needs, the core's own text is shown unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from dingconsole.core import events
from dingconsole.core.crypto import cipher as crypto
from dingconsole.core.diagnose import Report, Status, Step
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.gui import cause_texts, detail_texts, hints, i18n, stream_rows
from dingconsole.gui.hints import fill

if TYPE_CHECKING:
    from dingconsole.core.send import Delivery

translate = QCoreApplication.translate

_FIELD_PROBLEMS = (
    (re.compile(r"`([^`]*)` should be `([^`]*)`"), "should_be"),
    (re.compile(r"`([^`]*)` is not expected"), "unexpected"),
    (re.compile(r"`([^`]*)` is missing"), "missing"),
    (re.compile(r"`([^`]*)` is a (\w+), not a string"), "not_string"),
)


def _short(key: Any) -> str:
    text = str(key or "")
    return f"{text[:6]}…" if len(text) > 8 else text or translate("StepDetails", "(empty)")


def owner_key_kind(key: str) -> str:
    """Which kind of key an owner key looks like (the core's guess), translated."""
    kind = crypto.owner_key_kind(key)
    if kind == "suite_key":
        return translate("StepDetails", "a suiteKey of a third-party app")
    if kind == "corp_id":
        return translate("StepDetails", "a CorpId, used by apps registered with register_call_back")
    if kind == "app_key":
        return translate("StepDetails", "an AppKey (Client ID)")
    return translate("StepDetails", "an unrecognised key")


def step_detail(step: Step) -> str:
    """The detail line of a step in the UI language; the core's English text when it cannot be rebuilt."""
    if not step.detail or i18n.manager().language() == i18n.ENGLISH:
        return step.detail
    p = step.params or {}
    caused = cause_texts.detail(step)  # the causes of core/diagnose/causes.py, and the newer passed steps
    if caused:
        return caused
    try:
        if step.status is Status.FAILED:
            text = _failed(step, p)
        elif step.status is Status.PASSED:
            text = _passed(step.name, p)
        elif step.status is Status.WARNING:
            text = _warning(step, p)
        else:
            text = ""
    except (KeyError, TypeError, ValueError):  # params of an older store or an unexpected shape
        text = ""
    return detail_texts.localise(text or step.detail)  # code-less core sentences, Python's JSON errors


def detail_after_title(step: Step) -> str:
    """The detail line for a sentence that already names the step ("✘ Failed at “%1”: %2"): some
    translated details start with the step's title (返回字段：…), which then stood there twice."""
    detail, title = step_detail(step), hints.step_title(step.name)
    rest = detail[len(title) :] if title and detail.startswith(title) else ""
    if rest.startswith((":", "：")):  # only a title used as a label: "签名不符" must stay whole
        return rest[1:].strip() or detail
    return detail


def _failed(step: Step, p: dict[str, Any]) -> str:  # noqa: C901 - one branch per error code, flat on purpose
    code = step.code or ""
    if code == "signature_mismatch" and "expected" in p and "received" in p:
        if p.get("field") == "msg_signature":
            return fill(translate("StepDetails", "msg_signature is wrong: expected %1, received %2"), *_sig(p))
        if p.get("profile"):
            return fill(
                translate("StepDetails", "signature mismatch: the token of profile “%3” gives %1, received %2"),
                *_sig(p),
                p["profile"],
            )
        return fill(translate("StepDetails", "signature mismatch: expected %1, received %2"), *_sig(p))
    if code == "owner_key_mismatch" and "found" in p and "expected" in p:
        found = str(p["found"])
        if p.get("field") == "encrypt":
            return fill(
                translate("StepDetails", "the reply was made for %1 (%2), the profile has %3"),
                found,
                owner_key_kind(found),
                p["expected"],
            )
        if p.get("profile"):
            return fill(
                translate(
                    "StepDetails",
                    "made for %1, profile “%2” has %3 — AppKey vs CorpId vs suiteKey (payload key %4, %5)",
                ),
                _short(found),
                p["profile"],
                _short(p["expected"]),
                found,
                owner_key_kind(found),
            )
        return fill(translate("StepDetails", "the payload was made for %1, the profile has %2"), found, p["expected"])
    if code == "invalid_padding":
        value = p.get("value")
        if value is None:
            return translate("StepDetails", "the plaintext is empty") if "empty" in step.detail else ""
        if 1 <= int(value) <= 32:
            return fill(translate("StepDetails", "the padding of %1 bytes is not uniform"), value)
        return fill(translate("StepDetails", "the last byte is %1, not a padding value 1..32"), value)
    if code == "invalid_length" and "available" in p:
        if p.get("declared") is None:
            return fill(
                translate("StepDetails", "the plaintext has %1 bytes, fewer than the 20-byte header"),
                int(p["available"]) + 20,
            )
        return fill(
            translate("StepDetails", "the length field says %1 bytes but only %2 follow"), p["declared"], p["available"]
        )
    if code == "invalid_utf8" and "position" in p:
        return fill(
            translate("StepDetails", "the message is not UTF-8 (byte %1 of %2)"), p["position"], p.get("declared", "?")
        )
    if code == "invalid_aes_key":
        if "length" in p:
            return fill(translate("StepDetails", "the aesKey has %1 characters, expected 43"), p["length"])
        if "position" in p and "char" in p:
            return fill(
                translate("StepDetails", "aesKey character %1 is %2; only A–Z, a–z and 0–9 are allowed"),
                p["position"],
                repr(p["char"]),
            )
        return ""
    if code == "invalid_base64":
        if "position" in p and "char" in p:
            return fill(
                translate("StepDetails", "encrypt is not base64: character %1 is %2"), p["position"], repr(p["char"])
            )
        if step.detail == "encrypt is empty":
            return translate("StepDetails", "encrypt is empty")
        return ""
    if code == "invalid_block_size" and "size" in p:
        return fill(
            translate("StepDetails", "the ciphertext is %1 bytes, not a whole number of 16-byte AES blocks"), p["size"]
        )
    if code == "missing_parameter" and p.get("missing"):
        missing = p["missing"]
        names = ", ".join(str(m) for m in missing) if isinstance(missing, list | tuple) else str(missing)
        return fill(translate("StepDetails", "the query is missing %1"), names)
    if code == "bad_request":
        return _bad_request(step.detail)
    if code == "invalid_json":
        if "detail" in p:
            return fill(translate("StepDetails", "the message is not JSON: %1"), p["detail"])
        return translate("StepDetails", "the message is JSON but not an object")
    if code == "missing_event_type":
        return translate("StepDetails", "the message has no EventType field")
    if code == "reply_too_slow" and "elapsed_ms" in p:
        return fill(
            translate("StepDetails", "answered in %1 ms, over the %2 ms budget"),
            round(float(p["elapsed_ms"])),
            round(float(p.get("budget_ms", 1500))),
        )
    if code == "reply_invalid":
        return _reply(step, p)
    if code in ("unreachable", "timeout", "http") and step.name in ("connect", "timeout"):
        return _no_reply(step.detail)
    return ""


# the sender's one-step failure reports carry no params: their English detail is the only source
_CONNECT = re.compile(r"cannot connect to (.+?:\S+): (.+)", re.DOTALL)
_TIMEOUT = re.compile(r"no reply within (\S+) s \(timeout\)")
_HTTP_ERROR = re.compile(r"HTTP error: (.+)", re.DOTALL)
_REDIRECTED = re.compile(r"redirected \((\d+)\) to (.*): DingTalk does not follow redirects", re.DOTALL)


def _no_reply(detail: str) -> str:
    """Why a POST of the Send tab got no reply (core.sender: unreachable, timeout, not HTTP)."""
    if match := _CONNECT.fullmatch(detail):
        target, reason = match.groups()
        if reason == "connection refused":
            return fill(translate("StepDetails", "cannot connect to %1: connection refused"), target)
        return fill(translate("StepDetails", "cannot connect to %1: %2"), target, reason)
    if match := _TIMEOUT.fullmatch(detail):
        return fill(translate("StepDetails", "no reply within %1 s (timeout)"), match.group(1))
    if match := _HTTP_ERROR.fullmatch(detail):
        return fill(translate("StepDetails", "HTTP error: %1"), match.group(1))
    return ""


def delivery_error(delivery: Delivery) -> str:
    """A Send delivery's `error` (the core's English: unreachable, timeout, redirect) in the UI language,
    rebuilt from its status and its one-step failure report; the core's text when it cannot be."""
    error = delivery.error or ""
    if not error or i18n.manager().language() == i18n.ENGLISH:
        return error
    if delivery.status is None:
        failure = delivery.report.first_failure
        return (step_detail(failure) or error) if failure is not None else error
    if match := _REDIRECTED.fullmatch(error):
        location = match.group(2)
        location = translate("StepDetails", "nowhere") if location == "nowhere" else location
        return fill(
            translate("StepDetails", "redirected (%1) to %2: DingTalk does not follow redirects"),
            match.group(1),
            location,
        )
    return error


def delivery_verdict(delivery: Delivery) -> str:
    """One line: what DingTalk makes of a delivery's reply, in the UI language (Send tab, replay)."""
    if delivery.ok:
        return translate("StepDetails", "✔ DingTalk accepts this reply")
    if delivery.error:  # no reply (unreachable, timeout) or a redirect
        return "✘ " + delivery_error(delivery)
    failure = delivery.report.first_failure
    if failure is None:
        return "✘ " + delivery.verdict()
    title, detail = hints.step_title(failure.name), step_detail(failure)
    return f"✘ {detail}" if detail.startswith(title) else f"✘ {title}: {detail}"


def _sig(p: dict[str, Any]) -> tuple[str, str]:
    return str(p["expected"]), str(p["received"])


def _bad_request(detail: str) -> str:
    if detail == "body is empty":
        return translate("StepDetails", "the body is empty")
    if detail.startswith("body is not JSON:"):
        return fill(translate("StepDetails", "the body is not JSON: %1"), detail.partition(":")[2].strip())
    if detail == 'body has no "encrypt" string':
        return translate("StepDetails", "the body has no “encrypt” string")
    return ""


def _reply(step: Step, p: dict[str, Any]) -> str:
    """Reply checks (code reply_invalid): which part of the reply is wrong, from the step and its field."""
    if step.name == "status" and "status" in p:
        status = int(p["status"])
        if 300 <= status < 400:
            return fill(translate("StepDetails", "HTTP %1: a redirect"), status)
        return fill(translate("StepDetails", "HTTP %1, DingTalk needs 200"), status)
    if step.name == "fields":
        problems = [_field_problem(part.strip()) for part in step.detail.split(";")]
        if problems and all(problems):
            return translate("StepDetails", "Reply fields: ") + "；".join(problems)
        wrong = p.get("fields") or [p.get("field", "")]
        return fill(translate("StepDetails", "wrong or missing reply fields: %1"), ", ".join(map(str, wrong)))
    if step.name == "json":
        detail = step.detail
        if detail == "the reply body is empty":
            return translate("StepDetails", "the reply body is empty")
        if detail.startswith("the reply is the plain text"):
            return translate("StepDetails", "the reply is the plain text “success”, not the encrypted JSON")
        if detail.startswith("the reply is JSON encoded twice"):
            return translate("StepDetails", "the reply is JSON encoded twice (a JSON string holding the object)")
        if detail.startswith("the reply is not JSON"):
            return translate("StepDetails", "the reply is not JSON")
        return translate("StepDetails", "the reply is JSON but not an object")
    if step.name == "timestamp":
        return translate("StepDetails", "timeStamp is not a time in seconds or milliseconds")
    if step.name == "message" and "found" in p:
        return fill(translate("StepDetails", "encrypt decrypts to %1, not “success”"), repr(str(p["found"])[:60]))
    return ""


def _field_problem(text: str) -> str:
    for pattern, kind in _FIELD_PROBLEMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if kind == "should_be":
            return fill(translate("StepDetails", "`%1` should be `%2`"), *match.groups())
        if kind == "unexpected":
            return fill(translate("StepDetails", "`%1` is not expected"), match.group(1))
        if kind == "missing":
            return fill(translate("StepDetails", "`%1` is missing"), match.group(1))
        return fill(translate("StepDetails", "`%1` is a %2, not a string"), *match.groups())
    return ""


def _warning(step: Step, p: dict[str, Any]) -> str:
    """Notes rebuilt from their params; others keep the core's text."""
    if step.code == "event_fields_differ" and p.get("event_type"):
        kind = str(p["event_type"])
        parts = [fill(translate("StepDetails", "%1 (missing)"), name) for name in p.get("missing") or ()]
        parts += [
            fill(translate("StepDetails", "%1 (%2, expected %3)"), w["field"], w["found"], w["expected"])
            for w in p.get("wrong_type") or ()
        ]
        label = events.label(kind, i18n.manager().data_lang())
        return fill(
            translate("StepDetails", "%1 differs from DingTalk's documented fields: %2"), label, "; ".join(parts)
        )
    return ""


def _passed(name: str, p: dict[str, Any]) -> str:
    """The common passed steps that carry their facts in params; others keep the core's text."""
    if name == "parse" and "length" in p:
        text = fill(translate("StepDetails", "body has an encrypt value of %1 characters"), p["length"])
        if p.get("method", "POST") != "POST":
            text += fill(translate("StepDetails", " (method is %1; DingTalk POSTs)"), p["method"])
        return text
    if name == "parameters" and {"used", "timestamp", "nonce"} <= p.keys():
        return fill(translate("StepDetails", "%1, timestamp %2, nonce %3"), p["used"], p["timestamp"], p["nonce"])
    if name == "signature" and p.get("profiles"):
        names = ", ".join(f"“{n}”" for n in p["profiles"])
        text = fill(translate("StepDetails", "matches the token of profile %1"), names)
        return text + (translate("StepDetails", " (over the repaired value)") if p.get("repaired") else "")
    if name == "base64" and "size" in p:
        return fill(translate("StepDetails", "decodes to %1 bytes"), p["size"])
    if name == "block_size" and "blocks" in p:
        return fill(translate("StepDetails", "%1 AES blocks of 16 bytes"), p["blocks"])
    if name == "padding" and "profile" in p and "pad_value" in p:
        return fill(
            translate("StepDetails", "the aesKey of “%1” decrypts; PKCS#7 pad value %2"), p["profile"], p["pad_value"]
        )
    if name == "length" and "declared" in p:
        return fill(translate("StepDetails", "the length field declares %1 bytes; they are valid UTF-8"), p["declared"])
    if name == "owner_key" and p.get("owner_key"):
        key = str(p["owner_key"])
        return fill(translate("StepDetails", "made for %1 (%2), as the profile says"), key, owner_key_kind(key))
    if name == "json" and "fields" in p:
        return fill(translate("StepDetails", "a JSON object with %1 fields"), p["fields"])
    if name == "event_type" and p.get("event_type"):
        kind = str(p["event_type"])
        if kind in events.KNOWN_TYPES:
            return f"{kind} — {events.label(kind, i18n.manager().data_lang())}"
        return fill(translate("StepDetails", "%1 (not a type the console knows; shown as is)"), kind)
    if name == "time" and "elapsed_ms" in p:
        return fill(translate("StepDetails", "answered in %1 ms"), round(float(p["elapsed_ms"])))
    return ""


def exchange_error(exchange: Exchange) -> str:
    """One line saying what went wrong with an exchange: its first failed step, translated when possible."""
    if i18n.manager().language() != i18n.ENGLISH and (stream_error := stream_rows.error_text(exchange)):
        return stream_error
    if exchange.diagnosis:  # the diagnosed cause in both languages, not the listener's fixed error (issue 23)
        try:
            failure = Report.from_dict(exchange.diagnosis).first_failure
        except (KeyError, TypeError, ValueError):
            failure = None
        if failure is not None:
            return step_detail(failure)
    return detail_texts.localise(exchange.error_message or "")


_INVALID_LABELS = {
    "method_not_allowed": lambda: translate("StepDetails", "Wrong method"),
    "unknown_path": lambda: translate("StepDetails", "Unknown path"),
    "bad_http": lambda: translate("StepDetails", "Malformed HTTP"),
    "too_large": lambda: translate("StepDetails", "Too large"),
    "timeout": lambda: translate("StepDetails", "Body timeout"),
    "client_disconnected": lambda: translate("StepDetails", "Client disconnected"),
}
NOT_JSON_PREVIEW = 60


def _invalid_summary(exchange: Exchange) -> str:
    """The error of a request that is not a push, rebuilt in the UI language when its facts are known."""
    request = exchange.request
    if exchange.error_code == "method_not_allowed":
        return fill(translate("StepDetails", "%1 is not how DingTalk calls back (it POSTs)"), request.method)
    if exchange.error_code == "unknown_path":
        return fill(translate("StepDetails", "no callback at %1"), request.path)
    return exchange_error(exchange)


def row_fallbacks(exchange: Exchange, label: str, summary: str, lang: str = "en") -> tuple[str, str]:
    """Event and summary texts for rows the event-type tables say nothing about (status page, non-JSON
    message, not a push): an empty cell there left users guessing what the request was."""
    if exchange.outcome is Outcome.INFO:
        return (
            label or translate("StepDetails", "Status page"),
            summary or fill(translate("StepDetails", "%1 — status page"), exchange.request.method),
        )
    summary = stream_rows.summary(exchange, lang) or summary  # robot, card, header-typed Stream events
    if not label and exchange.outcome is Outcome.INVALID and exchange.error_code:
        maker = _INVALID_LABELS.get(exchange.error_code)
        label = maker() if maker else exchange.error_code
    if exchange.outcome is Outcome.INVALID:
        if not summary or lang != "en":
            summary = _invalid_summary(exchange)
        return label, " ".join(summary.split())  # bad_http messages span lines: one line in a cell
    if summary:
        return label, summary
    if exchange.message is not None and exchange.message_json() is None:
        preview = " ".join(exchange.message[: NOT_JSON_PREVIEW * 2].split())[:NOT_JSON_PREVIEW]
        if len(exchange.message) > NOT_JSON_PREVIEW:
            preview += "…"
        return label or translate("StepDetails", "Not JSON"), fill(
            translate("StepDetails", "message is not JSON: %1"), preview
        )
    error = exchange_error(exchange)
    if error:
        return label, error
    if exchange.event_type and exchange.event_type.startswith("check_") and "url" in exchange.event_type:
        return label, translate("StepDetails", "DingTalk checks the callback URL")
    return label, summary
