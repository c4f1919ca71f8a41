"""The causes the diagnosis names (core/diagnose/causes.py), in the user's language.

The core gives each cause a stable code and its params; its English sentence is the CLI's. Here
each code maps to a translatable template with %1-style placeholders filled from the params, for the
detail line and for the hint, so the Workbench and the window's Diagnosis tab say the same thing in
either language. Codes not listed here fall back to step_details / hints (older codes) or English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from dingconsole.core.diagnose import Status, Step
from dingconsole.core.diagnose.cause import ISV_DEMO
from dingconsole.core.diagnose.causes import DEMO_PY3
from dingconsole.gui import i18n

translate = QCoreApplication.translate
Template = Callable[[], str]


_TRANSIT_HINT: Template = lambda: translate(  # noqa: E731 - a lazy translation, looked up at render time
    "CauseTexts",
    "The token and the aesKey are fine: take the encrypt value exactly as it arrived in the JSON body.",
)
_CUT_HINT: Template = lambda: translate(  # noqa: E731
    "CauseTexts",
    "The value was cut in transit or when copied (a log line limit, a database column): take the whole encrypt "
    "value. The token and the aesKey are not the problem.",
)
_ENCODEBYTES_HINT: Template = lambda: translate(  # noqa: E731
    "CauseTexts", "The sender signs a value with line breaks: use base64.b64encode, which adds none."
)


def _proof(p: dict[str, Any]) -> str:
    proof = p.get("proof")
    if proof == "both":
        return translate("CauseTexts", "the signature verifies and the message decrypts")
    if proof == "signature":
        return translate("CauseTexts", "the signature verifies")
    if proof == "seen":
        return i18n.fill(translate("CauseTexts", "nothing verifies it yet (%1)"), _why(p))
    return translate("CauseTexts", "the message decrypts")


def _why(p: dict[str, Any]) -> str:
    """Why the transit step could not prove anything (repairs.unproven's two reasons)."""
    if p.get("why") == "no token or aesKey fits":
        return translate("CauseTexts", "no token or aesKey fits")
    return translate("CauseTexts", "no token or aesKey to check with")


def _where(p: dict[str, Any]) -> str:
    """The whitespace a sender's token carried (core/diagnose/signing.py's words)."""
    where = {
        "a trailing newline": lambda: translate("CauseTexts", "a trailing newline"),
        "a trailing CR LF": lambda: translate("CauseTexts", "a trailing CR LF"),
        "a trailing space": lambda: translate("CauseTexts", "a trailing space"),
        "a trailing tab": lambda: translate("CauseTexts", "a trailing tab"),
        "a trailing CR": lambda: translate("CauseTexts", "a trailing CR"),
        "leading whitespace": lambda: translate("CauseTexts", "leading whitespace"),
    }.get(str(p.get("where")))
    return where() if where is not None else str(p.get("where"))


def age(seconds: Any) -> str:
    """'3 days', '5 hours' … in the UI language."""
    value = abs(float(seconds))
    if value >= 86400:
        return i18n.fill(translate("CauseTexts", "%1 days"), int(value // 86400))
    if value >= 3600:
        return i18n.fill(translate("CauseTexts", "%1 hours"), int(value // 3600))
    if value >= 60:
        return i18n.fill(translate("CauseTexts", "%1 minutes"), int(value // 60))
    return i18n.fill(translate("CauseTexts", "%1 seconds"), int(value))


def _form(p: dict[str, Any]) -> str:
    form = p.get("form")
    if form == "form-encoded":
        return translate("CauseTexts", "form-encoded")
    if form == "URL-encoded JSON":
        return translate("CauseTexts", "URL-encoded JSON")
    return str(form)


def _page(p: dict[str, Any]) -> str:
    server, title = str(p.get("server") or ""), str(p.get("title") or "")
    if server in ("nginx", "Apache"):
        kind = i18n.fill(translate("CauseTexts", "an %1 error page"), server)
    else:
        kind = translate("CauseTexts", "an HTML page")
    return f"{kind} “{title}”" if title else kind


def _server(p: dict[str, Any]) -> str:
    server = str(p.get("server") or "")
    return translate("CauseTexts", "a proxy") if server in ("", "a proxy") else server


# code -> (detail template, values from params, hint template, values for the hint)
_DETAILS: dict[str, tuple[Template, Callable[[dict[str, Any]], list[Any]]]] = {
    "plus_as_space": (
        lambda: translate("CauseTexts", "%1 spaces where '+' was URL-decoded; with '+' restored %2"),
        lambda p: [p["count"], _proof(p)],
    ),
    "percent_encoded": (
        lambda: translate("CauseTexts", "%1 URL escapes (%3) left in the value; decoded, %2"),
        lambda p: [p["count"], _proof(p), "%2B, %2F, %3D, %20"],
    ),
    "lost_newline": (
        lambda: translate("CauseTexts", "the trailing newline of base64.encodebytes was lost; with it restored %1"),
        lambda p: [_proof(p)],
    ),
    "lost_line_breaks": (
        lambda: translate(
            "CauseTexts",
            "the line breaks base64.encodebytes puts every 76 characters were removed; with them restored %1",
        ),
        lambda p: [_proof(p)],
    ),
    "line_breaks_added": (
        lambda: translate("CauseTexts", "%1 line breaks were put into the value after it was signed; without them %2"),
        lambda p: [p["count"], _proof(p)],
    ),
    "token_whitespace": (
        lambda: translate(
            "CauseTexts",
            "the token of “%1” has %2 whitespace characters around it; without them the signature verifies",
        ),
        lambda p: [p["profile"], p["count"]],
    ),
    "token_whitespace_sender": (
        lambda: translate(
            "CauseTexts",
            "the signature verifies with the token of “%1” plus %2: the sender's token carries whitespace",
        ),
        lambda p: [p["profile"], _where(p)],
    ),
    "signature_unsorted": (
        lambda: translate(
            "CauseTexts",
            "the signature verifies over %1 concatenated in that order; DingTalk sorts the four values byte-wise "
            "(ordinal) first",
        ),
        lambda p: [p["order"]],
    ),
    "body_bom": (
        lambda: translate(
            "CauseTexts",
            "the body starts with a UTF-8 byte order mark (EF BB BF); read without it — DingTalk would not send it",
        ),
        lambda p: [],
    ),
    "java_illegal_key_size": (
        lambda: translate(
            "CauseTexts", "HTTP %1 with Java's 'Illegal key size': the handler cannot use the 32-byte AES key"
        ),
        lambda p: [p["status"]],
    ),
    "reply_bom": (
        lambda: translate(
            "CauseTexts", "the reply starts with a UTF-8 byte order mark (EF BB BF); the rest was checked without it"
        ),
        lambda p: [],
    ),
    "truncated_blocks": (
        lambda: translate(
            "CauseTexts",
            "the ciphertext was cut: %1 bytes arrived, yet the aesKey of “%2” opens its beginning, whose length "
            "field declares %3 bytes of message",
        ),
        lambda p: [p["size"], p["profile"], p["declared"]],
    ),
    "truncated_chars": (
        lambda: translate(
            "CauseTexts",
            "the ciphertext was cut mid-value: %1 base64 characters are not whole AES blocks; the aesKey of “%2” "
            "opens its beginning, whose length field declares %3 bytes of message",
        ),
        lambda p: [p["chars"], p["profile"], p["declared"]],
    ),
    "length_not_quad": (
        lambda: translate(
            "CauseTexts",
            "the value has %1 base64 characters, not a multiple of 4: it was cut or altered on the way (nothing "
            "verifies more: %2)",
        ),
        lambda p: [p["chars"], _why(p)],
    ),
    "body_short": (
        lambda: translate("CauseTexts", "the body has %1 bytes, its Content-Length says %2: the body was cut"),
        lambda p: [p["received"], p["declared"]],
    ),
    "transit_not_checked": (
        lambda: translate(
            "CauseTexts",
            "not checked: %1; seen without keys: no spaces, no URL escapes, %2 characters (a multiple of 4)",
        ),
        lambda p: [_why(p), p["chars"]],
    ),
    "foreign_push": (
        lambda: translate(
            "CauseTexts",
            "neither the token nor the aesKey of any profile fits this push (%1 tried): it was sealed for another app",
        ),
        lambda p: [p["profiles"]],
    ),
    "aes_key_length": (
        lambda: translate("CauseTexts", "the aesKey of “%1” has %2 characters, expected 43"),
        lambda p: [p["profile"], p["length"]],
    ),
    "aes_key_character": (
        lambda: translate("CauseTexts", "character %2 of the aesKey of “%1” is %3; only A–Z, a–z and 0–9 are allowed"),
        lambda p: [p["profile"], p["position"], repr(p["char"])],
    ),
    "aes_key_whitespace": (
        lambda: translate("CauseTexts", "the aesKey of “%1” has %2 whitespace characters around it; used without them"),
        lambda p: [p["profile"], p["count"]],
    ),
    "aes_key_equals": (
        lambda: translate("CauseTexts", "the aesKey of “%1” ends with '='; used without it (43 characters)"),
        lambda p: [p["profile"]],
    ),
    "invalid_padding": (
        lambda: translate(
            "CauseTexts", "the aesKey of “%1” does not open the ciphertext: the last byte is %2, not PKCS#7 padding"
        ),
        lambda p: [p["profile"], p["value"]],
    ),
    "length_counts_characters": (
        lambda: translate(
            "CauseTexts",
            "the sender counted characters, not UTF-8 bytes: the length field says %1, the message has %2 "
            "characters and %3 bytes",
        ),
        lambda p: [p["declared"], p["characters"], p["actual"]],
    ),
    "suite_placeholder": (
        lambda: translate(
            "CauseTexts", "made for the placeholder %1, as DingTalk seals %2; the profile's suiteKey stays as it is"
        ),
        lambda p: [p["found"], p["event_type"]],
    ),
    "timestamp_not_digits": (
        lambda: translate(
            "CauseTexts", "timestamp %1 is not a number: DingTalk's timestamps are milliseconds, digits only"
        ),
        lambda p: [p["timestamp"]],
    ),
    "timestamp_seconds": (
        lambda: translate("CauseTexts", "timestamp %1 is in seconds; DingTalk's pushes carry milliseconds"),
        lambda p: [p["timestamp"]],
    ),
    "timestamp_old": (
        lambda: translate("CauseTexts", "the push is %1 old (timestamp %2)"),
        lambda p: [age(p["age_s"]), p["timestamp"]],
    ),
    "timestamp_future": (
        lambda: translate("CauseTexts", "the timestamp %1 is %2 in the future"),
        lambda p: [p["timestamp"], age(p["age_s"])],
    ),
    "form_body": (
        lambda: translate(
            "CauseTexts", "the body is %1, not JSON: DingTalk posts JSON; its encrypt field was read anyway"
        ),
        lambda p: [_form(p)],
    ),
    "reply_status_proxy": (
        lambda: translate("CauseTexts", "HTTP %1 from %2: the proxy cannot reach your handler"),
        lambda p: [p["status"], _server(p)],
    ),
    "reply_status_error": (
        lambda: translate("CauseTexts", "HTTP %1: the handler failed"),
        lambda p: [p["status"]],
    ),
    "reply_status_not_found": (
        lambda: translate("CauseTexts", "HTTP %1: nothing answers at this path"),
        lambda p: [p["status"]],
    ),
    "reply_body_page": (
        lambda: translate("CauseTexts", "the reply is %1, not JSON"),
        lambda p: [_page(p)],
    ),
    "reply_body_empty": (lambda: translate("CauseTexts", "the reply body is empty"), lambda p: []),
    "reply_timestamp_number": (
        lambda: translate(
            "CauseTexts",
            "timeStamp is a JSON number (%1), not a string: every official demo sends a string; whether DingTalk "
            "accepts a number is unverified",
        ),
        lambda p: [p["value"]],
    ),
    "reply_not_json": (
        lambda: translate("CauseTexts", "the reply is not JSON: %1"),
        lambda p: [p["error"]],
    ),
    "reply_signature_upper_case": (
        lambda: translate("CauseTexts", "msg_signature %1 is upper-case hex; DingTalk's demos compare lower-case hex"),
        lambda p: [p["received"]],
    ),
    "reply_signed_request_timestamp": (
        lambda: translate(
            "CauseTexts",
            "msg_signature was computed over the request's timestamp %1, not the reply's own timeStamp %2",
        ),
        lambda p: [p["request_timestamp"], p["timestamp"]],
    ),
    "reply_line_breaks": (
        lambda: translate(
            "CauseTexts",
            "encrypt holds %1 line breaks (base64.encodebytes); DingTalk accepts them today, strict parsers do not",
        ),
        lambda p: [p["count"]],
    ),
    "reply_suite_random": (
        lambda: translate("CauseTexts", "for %1 DingTalk wants the Random value %2 sealed, the reply holds %3"),
        lambda p: [p["event_type"], repr(p["random"]), repr(p["found"])],
    ),
}

_HINTS: dict[str, tuple[Template, Callable[[dict[str, Any]], list[Any]]]] = {
    "plus_as_space": (
        lambda: (
            translate("CauseTexts", "A URL decoder (a query string, a log, a form parser) read the value.")
            + " "
            + _TRANSIT_HINT()
        ),
        lambda p: [],
    ),
    "percent_encoded": (
        lambda: (
            translate("CauseTexts", "URL-decode a value taken from a query string exactly once.")
            + " "
            + _TRANSIT_HINT()
        ),
        lambda p: [],
    ),
    "lost_newline": (_ENCODEBYTES_HINT, lambda p: []),
    "lost_line_breaks": (_ENCODEBYTES_HINT, lambda p: []),
    "truncated_blocks": (_CUT_HINT, lambda p: []),
    "line_breaks_added": (
        lambda: (
            translate(
                "CauseTexts",
                "Send the encrypt value exactly as it was signed: whatever wraps it between signing and sending (a "
                "logger, a base64 tool with a line length, a mail or chat client) must not.",
            )
            + " "
            + _TRANSIT_HINT()
        ),
        lambda p: [],
    ),
    "token_whitespace": (
        lambda: translate(
            "CauseTexts",
            "Remove the whitespace around the token where it is stored (the profile): DingTalk signs with the bare "
            "token. The aesKey is not the problem.",
        ),
        lambda p: [],
    ),
    "token_whitespace_sender": (
        lambda: translate(
            "CauseTexts",
            "Strip the token in the sender (a value read from a file or an environment variable keeps its "
            "newline). The profile's token is right.",
        ),
        lambda p: [],
    ),
    "signature_unsorted": (
        lambda: translate(
            "CauseTexts",
            "Sort token, timestamp, nonce and encrypt by their UTF-8 bytes (ordinal, case-sensitive) and "
            "concatenate them with no separator; then SHA-1, lower-case hex. The token is right.",
        ),
        lambda p: [],
    ),
    "body_bom": (
        lambda: translate(
            "CauseTexts",
            "DingTalk's pushes carry no BOM: a sender imitating DingTalk should write UTF-8 without one (.NET: new "
            "UTF8Encoding(false)).",
        ),
        lambda p: [],
    ),
    "java_illegal_key_size": (
        lambda: translate(
            "CauseTexts",
            "Not the aesKey: in the official Java demo (DingCallbackCrypto) remove the static block that sets "
            'crypto.policy=limited, or run Security.setProperty("crypto.policy", "unlimited") before that class '
            "loads. On JDK 8u151 and older install the unlimited-strength JCE policy files.",
        ),
        lambda p: [],
    ),
    "reply_bom": (
        lambda: translate(
            "CauseTexts",
            "Write the reply as UTF-8 without a BOM (.NET: new UTF8Encoding(false)): JSON senders must not add one "
            "(RFC 8259 §8.1). Whether DingTalk skips it is unverified.",
        ),
        lambda p: [],
    ),
    "truncated_chars": (_CUT_HINT, lambda p: []),
    "length_not_quad": (_CUT_HINT, lambda p: []),
    "body_short": (
        lambda: translate(
            "CauseTexts",
            "Take the whole body: a log line limit or a copy cut it. The token and the aesKey are not the problem.",
        ),
        lambda p: [],
    ),
    "transit_not_checked": (
        lambda: translate(
            "CauseTexts",
            "Choose the profile of this app (or type its token and aesKey) so the value can be verified.",
        ),
        lambda p: [],
    ),
    "foreign_push": (
        lambda: translate(
            "CauseTexts", "Choose the profile of the app this callback belongs to, or copy its token and aesKey again."
        ),
        lambda p: [],
    ),
    "aes_key_length": (
        lambda: translate(
            "CauseTexts", "Copy the whole encodingAESKey from the event subscription page: 43 letters and digits."
        ),
        lambda p: [],
    ),
    "aes_key_character": (
        lambda: translate("CauseTexts", "The encodingAESKey has letters and digits only: copy it again."),
        lambda p: [],
    ),
    "aes_key_whitespace": (
        lambda: translate(
            "CauseTexts",
            "Remove the whitespace where the aesKey is stored: DingTalk's demos reject the key with it.",
        ),
        lambda p: [],
    ),
    "aes_key_equals": (
        lambda: translate(
            "CauseTexts", "Store the 43-character encodingAESKey without '=': the demos append it before decoding."
        ),
        lambda p: [],
    ),
    "length_counts_characters": (
        lambda: translate(
            "CauseTexts",
            "Pack len(message.encode('utf-8')) in the sender. The official Python 3 demo does it wrong: %1.",
        ),
        lambda p: [DEMO_PY3],
    ),
    "suite_placeholder": (
        lambda: translate(
            "CauseTexts",
            "Open suite URL checks with the TestSuiteKey placeholder; keep the real suiteKey for every other push.",
        ),
        lambda p: [],
    ),
    "timestamp_not_digits": (
        lambda: translate(
            "CauseTexts",
            "DingConsole's listener refuses such a push (400). A sender imitating DingTalk should send digits.",
        ),
        lambda p: [],
    ),
    "timestamp_seconds": (
        lambda: translate(
            "CauseTexts",
            "Not an error: the signature covers the value as sent. A sender imitating DingTalk should use "
            "milliseconds.",
        ),
        lambda p: [],
    ),
    "timestamp_old": (
        lambda: translate(
            "CauseTexts",
            "Not an error: old pushes still verify. A live push is seconds old; DingTalk retries a failed one later.",
        ),
        lambda p: [],
    ),
    "timestamp_future": (
        lambda: translate("CauseTexts", "Check the clock of the machine that made the push."),
        lambda p: [],
    ),
    "form_body": (
        lambda: translate(
            "CauseTexts", 'DingTalk posts {"encrypt": "..."} as application/json; send the same when you imitate it.'
        ),
        lambda p: [],
    ),
    "reply_status_proxy": (
        lambda: translate(
            "CauseTexts",
            "The handler never saw the push: start it, and check the proxy's upstream address and port.",
        ),
        lambda p: [],
    ),
    "reply_status_error": (
        lambda: translate(
            "CauseTexts",
            "The handler raised an error: its log has the reason. DingTalk needs HTTP 200 with the sealed reply.",
        ),
        lambda p: [],
    ),
    "reply_status_not_found": (
        lambda: translate(
            "CauseTexts",
            "Check the callback path registered with DingTalk against the handler's route (trailing slash, prefix).",
        ),
        lambda p: [],
    ),
    "reply_body_page": (
        lambda: translate("CauseTexts", "DingTalk wants the sealed JSON reply. The body (first 2 KB):\n%1"),
        lambda p: [p["body"]],
    ),
    "reply_body_empty": (
        lambda: translate(
            "CauseTexts", 'Send {"msg_signature", "timeStamp", "nonce", "encrypt"} as JSON with HTTP 200.'
        ),
        lambda p: [],
    ),
    "reply_not_json": (
        lambda: translate(
            "CauseTexts",
            'DingTalk wants exactly {"msg_signature", "timeStamp", "nonce", "encrypt"}. The body (first 2 KB):\n%1',
        ),
        lambda p: [p["body"]],
    ),
    "reply_signature_upper_case": (
        lambda: translate(
            "CauseTexts",
            ".NET's Convert.ToHexString gives upper case: use Convert.ToHexString(hash).ToLowerInvariant().",
        ),
        lambda p: [],
    ),
    "reply_signed_request_timestamp": (
        lambda: translate("CauseTexts", "Sign the values you send back: the reply's own timeStamp, nonce and encrypt."),
        lambda p: [],
    ),
    "reply_line_breaks": (
        lambda: translate("CauseTexts", "Use base64.b64encode, which adds no line breaks."),
        lambda p: [],
    ),
    "reply_timestamp_number": (
        lambda: translate(
            "CauseTexts", "Send timeStamp as a string of digits, as the demos do: str(int(time.time() * 1000))."
        ),
        lambda p: [],
    ),
    "reply_suite_random": (
        lambda: translate(
            "CauseTexts",
            "Answer check_create_suite_url and check_update_suite_url with the message's Random value, sealed like "
            "success (%1).",
        ),
        lambda p: [ISV_DEMO],
    ),
}


def _render(table: dict[str, tuple[Template, Callable[[dict[str, Any]], list[Any]]]], step: Step) -> str:
    entry = table.get(step.code or "")
    if entry is None:
        return ""
    template, values = entry
    try:
        return i18n.fill(template(), *values(step.params or {}))
    except (KeyError, TypeError, ValueError):  # params of an older store: the core's English instead
        return ""


def detail(step: Step) -> str:
    """The detail line of a cause step (or of a new passed step) in the UI language; '' when not ours."""
    if i18n.manager().language() == i18n.ENGLISH:
        return ""
    if step.code == "invalid_padding" and "profile" not in (step.params or {}):
        return ""  # the older padding failure without a profile: step_details renders it
    text = _render(_DETAILS, step)
    return text or _passed(step)


def hint(step: Step) -> str:
    """The hint of a cause step in the UI language; '' when not ours (callers fall back)."""
    if i18n.manager().language() == i18n.ENGLISH:
        return ""
    if (step.params or {}).get("proof") == "seen":
        return translate(
            "CauseTexts",
            "Base64 holds no spaces and no '%': the value was altered on its way here. Choose the profile of this "
            "app (or type its token and aesKey) to verify the repair.",
        )
    return _render(_HINTS, step)


def _passed(step: Step) -> str:
    if step.status is not Status.PASSED:
        return ""
    p = step.params or {}
    if step.name == "transit" and p.get("state") == "verified":
        return translate("CauseTexts", "the signature verifies over the value as it arrived: not altered in transit")
    if step.name == "transit" and p.get("state") == "intact":
        return translate(
            "CauseTexts", "the aesKey opens the value as it arrived: not cut, and no spaces or URL escapes in it"
        )
    if step.name == "aes_key" and "profiles" in p:
        if int(p["profiles"]) == 1:
            return translate("CauseTexts", "43 letters and digits")
        return i18n.fill(translate("CauseTexts", "all %1 profiles have 43 letters and digits"), p["profiles"])
    if step.name == "timestamp" and "age_s" in p and "timestamp" in p:
        return i18n.fill(translate("CauseTexts", "%1 (milliseconds, %2 old)"), p["timestamp"], age(p["age_s"]))
    if step.name == "encoding" and "lines" in p:
        return translate("CauseTexts", "encrypt is one line of base64")
    if step.name == "message" and "message" in p:
        return i18n.fill(translate("CauseTexts", "decrypts to %1"), repr(p["message"]))
    return ""
