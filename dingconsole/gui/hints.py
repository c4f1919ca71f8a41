"""Diagnosis text in the user's language: step titles and hints rendered from a step's `code` + `params`.

The core writes English (the CLI prints it as is) and gives every failed step a stable `code` and its
`params` so a face can say the same thing in another language. Here each code (and step name) maps
to a translatable sentence with %1-style placeholders. In English, and for any code not listed, the
core's own hint is shown: it is usually the most specific text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from dingconsole.core.diagnose import Status, Step
from dingconsole.gui import cause_texts, detail_texts, i18n
from dingconsole.gui.i18n import fill  # hints.fill: the name the other faces' modules use

translate = QCoreApplication.translate


def step_title(name: str) -> str:
    """A readable, translated title for a Report step id (unknown ids are shown as they are)."""
    titles = {
        "parse": translate("Hints", "Request shape"),
        "parameters": translate("Hints", "Query parameters"),
        "aes_key": translate("Hints", "aesKey"),
        "transit": translate("Hints", "Altered in transit?"),
        "encoding": translate("Hints", "Encoding"),
        "signature": translate("Hints", "Signature"),
        "base64": translate("Hints", "Base64"),
        "block_size": translate("Hints", "AES blocks"),
        "padding": translate("Hints", "Decryption and padding"),
        "length": translate("Hints", "Length field"),
        "owner_key": translate("Hints", "Owner key"),
        "json": translate("Hints", "JSON"),
        "event_type": translate("Hints", "Event type"),
        "event_fields": translate("Hints", "Event fields"),
        "status": translate("Hints", "HTTP status"),
        "fields": translate("Hints", "Reply fields"),
        "timestamp": translate("Hints", "timeStamp"),
        "decrypt": translate("Hints", "Decryption"),
        "message": translate("Hints", "Decrypted text"),
        "time": translate("Hints", "Reply time"),
        "timeout": translate("Hints", "Timeout"),
        "connect": translate("Hints", "Connection"),
        "redirect": translate("Hints", "Redirect"),
        "diagnosis": translate("Hints", "Diagnosis"),
    }
    return titles.get(name, name)


def layout_part_title(name: str) -> str:
    """A translated name for a byte-layout part of the decrypted plaintext (unknown ids as they are)."""
    titles = {
        "random": translate("Hints", "random"),
        "length": translate("Hints", "length"),
        "message": translate("Hints", "message"),
        "owner_key": translate("Hints", "owner_key"),
        "padding": translate("Hints", "padding"),
    }
    return titles.get(name, name)


def status_text(status: Status) -> str:
    return {
        Status.PASSED: translate("Hints", "passed"),
        Status.FAILED: translate("Hints", "failed"),
        Status.SKIPPED: translate("Hints", "skipped"),
        Status.WARNING: translate("Hints", "note"),
    }[status]


def error_hint(code: str | None, params: dict[str, Any] | None = None, fallback: str = "", step: str = "") -> str:
    """The hint for a DingError code (and the step it failed in), translated; `fallback` otherwise."""
    if i18n.manager().language() == i18n.ENGLISH or not code:
        return fallback
    p = params or {}
    if code == "reply_invalid":
        return _reply_hint(step, p) or fallback
    if code == "owner_key_mismatch" and p.get("found"):
        return fill(
            translate(
                "Hints",
                "Set the profile's owner key to %1. DingTalk appends the AppKey for apps configured in the "
                "developer console, the CorpId for apps registered with register_call_back, and the suiteKey "
                "for third-party (ISV) apps.",
            ),
            p["found"],
        )
    if code == "signature_mismatch" and step == "signature" and "field" in p:
        return translate(
            "Hints",
            "Sign the reply's own timeStamp, nonce and encrypt (not the request's) with the token: sort the "
            "four strings byte-wise, join them, SHA-1, lowercase hex.",
        )
    if code == "event_fields_differ":
        return fill(
            translate(
                "Hints",
                "Not an error: DingTalk adds fields over time and leaves some out. Make sure the handler does not "
                "depend on these fields as written in an older sample; the documentation is at %1.",
            ),
            p.get("source") or "open.dingtalk.com",
        )
    if code == "reply_too_slow":
        return fill(
            translate(
                "Hints",
                "The reply took %1 ms; DingTalk waits %2 ms. Reply first and do slow work afterwards "
                "(a queue or a background task), or DingTalk gives up and retries.",
            ),
            round(float(p.get("elapsed_ms", 0))),
            round(float(p.get("budget_ms", 1500))),
        )
    simple = {
        "bad_request": translate("Hints", 'DingTalk posts a JSON body {"encrypt": "..."}; paste the whole request.'),
        "missing_parameter": translate(
            "Hints", "DingTalk puts signature (msg_signature), timestamp and nonce in the URL query of every push."
        ),
        "signature_mismatch": translate(
            "Hints",
            "The token is wrong (the token, not the aesKey): copy it again from the event subscription page.",
        ),
        "invalid_base64": translate(
            "Hints", "Copy the encrypt value exactly; URL-decode it if it came from a query string."
        ),
        "invalid_block_size": translate("Hints", "The encrypt value was truncated or altered in transit."),
        "invalid_padding": translate(
            "Hints", "The aesKey does not fit this payload: copy the aesKey (encodingAESKey) again."
        ),
        "invalid_length": translate(
            "Hints", "The aesKey differs, or the sender counted characters instead of UTF-8 bytes."
        ),
        "invalid_utf8": translate(
            "Hints", "The sender counted characters instead of UTF-8 bytes, or the payload is not text."
        ),
        "invalid_json": translate(
            "Hints", "The payload decrypted, but the message is not the JSON an event should be."
        ),
        "missing_event_type": translate(
            "Hints", "Every DingTalk callback names its EventType; this payload was not made by DingTalk."
        ),
        "invalid_aes_key": translate(
            "Hints", "The aesKey must be exactly 43 letters and digits, as shown on the event subscription page."
        ),
        "timeout": translate("Hints", "DingTalk gives up after 1500 ms; the handler must answer well within that."),
        "unreachable": translate(
            "Hints",
            "Start the handler and check the host and port; DingTalk reports this as 71012 (url地址访问异常).",
        ),
        "http": translate("Hints", "The handler closed the connection or answered something that is not HTTP."),
        "redirect": translate(
            "Hints", "DingTalk does not follow redirects: register the final URL (scheme, host, path, trailing slash)."
        ),
    }
    return simple.get(code, fallback)


def _reply_hint(step: str, p: dict[str, Any]) -> str:
    shape = translate("Hints", 'DingTalk wants exactly {"msg_signature", "timeStamp", "nonce", "encrypt"}.')
    if step == "fields":
        wrong = ", ".join(str(f) for f in p.get("fields", [])) or str(p.get("field", ""))
        return fill(translate("Hints", "%1 Wrong or missing: %2. Compare with the correct reply."), shape, wrong)
    if step == "status":
        return translate(
            "Hints", "Answer HTTP 200 once the push is handled, even for events you ignore; DingTalk needs no redirect."
        )
    if step == "json":
        return fill(translate("Hints", "%1 Encrypt the word success and send the signed JSON, serialised once."), shape)
    if step == "timestamp":
        return translate(
            "Hints", "Use the current Unix time as a string of digits, for example str(int(time.time() * 1000))."
        )
    if step == "message":
        return translate("Hints", "Encrypt exactly the word success.")
    return ""


def step_hint(step: Step) -> str:
    """The hint to show under a step: translated when possible, the core's English hint otherwise."""
    caused = cause_texts.hint(step)  # the causes of core/diagnose/causes.py, notes included
    if caused:
        return caused
    if step.status is not Status.FAILED:
        return detail_texts.localise(step.hint)
    return error_hint(step.code, step.params, step.hint, step.name)
