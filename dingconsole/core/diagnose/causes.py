"""The causes the diagnosis can name: one table, used both to build steps and to write the README's table.

Each `Cause` says which symptom users see (DingTalk's error, their code's exception), what causes it,
and the console's English sentence for it as a `str.format` template over the step's params. The
diagnosis builds its steps with `cause_step(code, **params)`, and `tools/causes_table.py` renders
the README section from the same rows with their `example` params, so the two cannot drift
(tests/core/diagnose/test_causes.py checks the README). The GUI renders the same codes + params in
the user's language (gui/cause_texts.py).
"""

from __future__ import annotations

from typing import Any

from dingconsole.core.crypto import describe_owner_key
from dingconsole.core.diagnose.cause import PREVIEW_BYTES, Cause
from dingconsole.core.diagnose.causes_reply import REPLY_CAUSES
from dingconsole.core.diagnose.report import Status, Step

__all__ = ["BY_CODE", "CAUSES", "PREVIEW_BYTES", "Cause", "cause_step", "render"]

DEMO_PY3 = "open-dingtalk/DingTalk-Callback-Crypto DingCallbackCrypto3.py, length(): `l = len(content)`"


# How a repair was proven: the words that end "with '+' restored …"
PROOFS = {
    "both": "the signature verifies and the message decrypts",
    "signature": "the signature verifies",
    "decrypt": "the message decrypts",
    "seen": "nothing verifies it yet ({why})",
}


_TRANSIT_HINT = "The token and the aesKey are fine: take the encrypt value exactly as it arrived in the JSON body."
_CUT_HINT = (
    "The value was cut in transit or when copied (a log line limit, a database column): take the whole "
    "encrypt value. The token and the aesKey are not the problem."
)

REQUEST_CAUSES: tuple[Cause, ...] = (
    # -- request: was the ciphertext altered in transit? -------------------------------------
    Cause(
        "plus_as_space",
        "transit",
        "signature mismatch and a 'truncated' ciphertext (Incorrect padding) on a value copied from a URL or log",
        "a URL decoder turned every '+' of the base64 value into a space",
        "{count} spaces where '+' was URL-decoded; with '+' restored {proof_text}",
        "A URL decoder (a query string, a log, a form parser) read the value. " + _TRANSIT_HINT,
        example={"count": 6, "proof": "both"},
    ),
    Cause(
        "percent_encoded",
        "transit",
        "signature mismatch; 'not base64: character … is %'",
        "the value is still URL-encoded (%2B, %2F, %3D, %20 left in it)",
        "{count} URL escapes (%2B, %2F, %3D, %20) left in the value; decoded, {proof_text}",
        "URL-decode a value taken from a query string exactly once. " + _TRANSIT_HINT,
        example={"count": 3, "proof": "both"},
    ),
    Cause(
        "lost_newline",
        "transit",
        "signature mismatch on pushes from a sender built on the Python 3 demo",
        "the sender signed base64.encodebytes output (with its trailing newline) and the newline was stripped",
        "the trailing newline of base64.encodebytes was lost; with it restored {proof_text}",
        "The sender signs a value with line breaks: use base64.b64encode, which adds none.",
        example={"proof": "signature"},
    ),
    Cause(
        "lost_line_breaks",
        "transit",
        "signature mismatch on pushes from a sender built on the Python 3 demo",
        "the sender signed base64.encodebytes output and its line breaks were removed on the way",
        "the line breaks base64.encodebytes puts every 76 characters were removed; with them restored {proof_text}",
        "The sender signs a value with line breaks: use base64.b64encode, which adds none.",
        example={"proof": "signature"},
    ),
    Cause(
        "line_breaks_added",
        "transit",
        "signature mismatch although the token is right; the value decrypts",
        "line breaks were put into encrypt after it was signed (a wrapping logger, mail or chat client, a tool)",
        "{count} line breaks were put into the value after it was signed; without them {proof_text}",
        "Send the encrypt value exactly as it was signed: whatever wraps it between signing and sending "
        "(a logger, a base64 tool with a line length, a mail or chat client) must not. " + _TRANSIT_HINT,
        example={"count": 3, "proof": "both"},
    ),
    Cause(
        "truncated_blocks",
        "transit",
        "signature mismatch plus 'aesKey differs' / unpad errors",
        "the ciphertext was cut by whole AES blocks",
        "the ciphertext was cut: {size} bytes arrived, yet the aesKey of '{profile}' opens its beginning, "
        "whose length field declares {declared} bytes of message",
        _CUT_HINT,
        example={"size": 160, "profile": "prod", "declared": 212},
    ),
    Cause(
        "truncated_chars",
        "transit",
        "signature mismatch plus 'not a whole number of AES blocks' / Incorrect padding",
        "the ciphertext was cut mid-value (by characters)",
        "the ciphertext was cut mid-value: {chars} base64 characters are not whole AES blocks; the aesKey of "
        "'{profile}' opens its beginning, whose length field declares {declared} bytes of message",
        _CUT_HINT,
        example={"chars": 250, "profile": "prod", "declared": 212},
    ),
    Cause(
        "length_not_quad",
        "transit",
        "'Incorrect padding' / 'not base64' from a value copied from a log or a URL",
        "characters were lost or added: base64 from DingTalk is always a multiple of 4 characters long",
        "the value has {chars} base64 characters, not a multiple of 4: it was cut or altered on the way "
        "(nothing verifies more: {why})",
        _CUT_HINT,
        example={"chars": 250, "why": "no token or aesKey to check with"},
    ),
    Cause(
        "body_short",
        "parse",
        "'body is not JSON' / 'Unterminated string' on a pasted or logged push",
        "the body is shorter than its Content-Length: it was cut in transit or when copied",
        "the body has {received} bytes, its Content-Length says {declared}: the body was cut",
        "Take the whole body: a log line limit or a copy cut it. The token and the aesKey are not the problem.",
        example={"received": 180, "declared": 236},
    ),
    Cause(
        "transit_not_checked",
        "transit",
        "(the console cannot tell yet whether the value was altered)",
        "nothing could prove the value intact or repair it",
        "not checked: {why}; seen without keys: no spaces, no URL escapes, {chars} characters (a multiple of 4)",
        "Choose the profile of this app (or type its token and aesKey) so the value can be verified.",
        Status.SKIPPED,
        example={"why": "no token or aesKey to check with", "chars": 152},
    ),
    # -- request: credentials ------------------------------------------------------------------
    Cause(
        "signature_mismatch",
        "signature",
        "DingTalk: signature errors; demos: 'signature check error' / 签名不匹配",
        "the token differs (the ciphertext is intact: it decrypts)",
        "signature mismatch: expected {expected} with the token of '{profile}', received {received}",
        "The token differs from the one DingTalk signs with (the token, not the aesKey): copy it again "
        "from the event subscription page.",
        example={"expected": "5a65ce…", "profile": "prod", "received": "0b3f9a…"},
    ),
    Cause(
        "token_whitespace",
        "signature",
        "signature mismatch with a token that looks right",
        "the profile's token has whitespace around it (copied with a space or a newline)",
        "the token of '{profile}' has {count} whitespace characters around it; without them the signature verifies",
        "Remove the whitespace around the token where it is stored (the profile): DingTalk signs with the bare "
        "token. The aesKey is not the problem.",
        example={"profile": "prod", "count": 1},
    ),
    Cause(
        "token_whitespace_sender",
        "signature",
        "signature mismatch with a token that looks right (a hand-made or replaying sender)",
        "the sender signed with its token plus whitespace (a line read with its newline, a padded config value)",
        "the signature verifies with the token of '{profile}' plus {where}: the sender's token carries whitespace",
        "Strip the token in the sender (a value read from a file or an environment variable keeps its newline). "
        "The profile's token is right.",
        example={"profile": "prod", "where": "a trailing newline"},
    ),
    Cause(
        "signature_unsorted",
        "signature",
        "signature mismatch in a hand-written signer (every push, every token)",
        "the four values were concatenated unsorted, or sorted by another rule (not byte-wise)",
        "the signature verifies over {order} concatenated in that order; DingTalk sorts the four values "
        "byte-wise (ordinal) first",
        "Sort token, timestamp, nonce and encrypt by their UTF-8 bytes (ordinal, case-sensitive) and "
        "concatenate them with no separator; then SHA-1, lower-case hex. The token is right.",
        example={"profile": "prod", "order": "token, timestamp, nonce, encrypt"},
    ),
    Cause(
        "foreign_push",
        "signature",
        "signature mismatch and a decryption error together",
        "the push was sealed for another app: neither the token nor the aesKey fits",
        "neither the token nor the aesKey of any profile fits this push ({profiles} tried): "
        "it was sealed for another app",
        "Choose the profile of the app this callback belongs to, or copy its token and aesKey again.",
        example={"profiles": 2},
    ),
    Cause(
        "aes_key_length",
        "aes_key",
        "不合法的aes key / Incorrect padding when the key is decoded",
        "the encodingAESKey is not 43 characters",
        "the aesKey of '{profile}' has {length} characters, expected 43",
        "Copy the whole encodingAESKey from the event subscription page: 43 letters and digits.",
        example={"profile": "prod", "length": 42},
    ),
    Cause(
        "aes_key_character",
        "aes_key",
        "不合法的aes key",
        "the encodingAESKey holds a character other than A–Z, a–z, 0–9",
        "character {position} of the aesKey of '{profile}' is {char!r}; only A–Z, a–z and 0–9 are allowed",
        "The encodingAESKey has letters and digits only: copy it again.",
        example={"profile": "prod", "position": 17, "char": "+"},
    ),
    Cause(
        "aes_key_whitespace",
        "aes_key",
        "不合法的aes key in the demos (the console strips it)",
        "whitespace around the encodingAESKey",
        "the aesKey of '{profile}' has {count} whitespace characters around it; used without them",
        "Remove the whitespace where the aesKey is stored: DingTalk's demos reject the key with it.",
        Status.WARNING,
        example={"profile": "prod", "count": 1},
    ),
    Cause(
        "aes_key_equals",
        "aes_key",
        "不合法的aes key in the demos (the console strips it)",
        "the encodingAESKey was stored with the '=' the demos append themselves",
        "the aesKey of '{profile}' ends with '='; used without it (43 characters)",
        "Store the 43-character encodingAESKey without '=': the demos append it before decoding.",
        Status.WARNING,
        example={"profile": "prod"},
    ),
    Cause(
        "invalid_padding",
        "padding",
        "unpad / padding errors; 'Input is not padded or padding is corrupt'",
        "the aesKey differs from the one that encrypted the push",
        "the aesKey of '{profile}' does not open the ciphertext: the last byte is {value}, not PKCS#7 padding",
        "The aesKey does not fit this payload: copy the aesKey (encodingAESKey) again.",
        example={"profile": "prod", "value": 187},
    ),
    Cause(
        "lenient_decoding",
        "padding",
        "'Incorrect padding' or unpad errors in your own code",
        "'=' not appended to the aesKey, a strict base64 decoder, or a 16-byte unpadder (DingTalk pads to 32)",
        "the aesKey of '{profile}' decrypts; PKCS#7 pad value {pad_value}",
        "Nothing to fix in the push: append '=' before decoding the aesKey, and unpad values 1..32.",
        Status.PASSED,
        example={"profile": "prod", "pad_value": 22},
    ),
    Cause(
        "length_counts_characters",
        "length",
        "UnicodeDecodeError, or 'corpid不匹配' whose key found ends with the right key",
        "the sender counted characters, not UTF-8 bytes, for the length field (official Python 3 demo)",
        "the sender counted characters, not UTF-8 bytes: the length field says {declared}, the message has "
        "{characters} characters and {actual} bytes",
        "Pack len(message.encode('utf-8')) in the sender. The official Python 3 demo does it wrong: " + DEMO_PY3 + ".",
        example={"declared": 97, "characters": 97, "actual": 121},
    ),
    Cause(
        "owner_key_mismatch",
        "owner_key",
        "计算解密文字corpid不匹配 / corpId 校验错误",
        "the owner key differs (AppKey vs CorpId vs suiteKey)",
        "made for {found_short}, profile '{profile}' has {expected_short} — AppKey vs CorpId vs suiteKey "
        "(payload key '{found}', {kind})",
        "Set the profile's owner key to '{found}'. DingTalk appends the AppKey for console apps, the CorpId "
        "for register_call_back apps and the suiteKey for third-party apps.",
        example={"found": "dingq2w3e4r5t6y7u8i9", "profile": "prod", "expected": "ding0123456789abcdef"},
    ),
    Cause(
        "suite_placeholder",
        "owner_key",
        "a suite URL check that will not decrypt with the real suiteKey",
        "DingTalk seals check_create_suite_url with the placeholder suiteKey of its TestSuiteKey field",
        "made for the placeholder '{found}', as DingTalk seals {event_type}; the profile's suiteKey stays as it is",
        "Open suite URL checks with the TestSuiteKey placeholder; keep the real suiteKey for every other push.",
        Status.PASSED,
        example={"found": "suite4xxxxxxxxxxxxxxx", "event_type": "check_create_suite_url"},
    ),
    Cause(
        "timestamp_not_digits",
        "timestamp",
        "400 from DingConsole's listener (bad_timestamp)",
        "the timestamp holds characters other than digits: no push from DingTalk",
        "timestamp {timestamp} is not a number: DingTalk's timestamps are milliseconds, digits only",
        "DingConsole's listener refuses such a push (400). A sender imitating DingTalk should send digits.",
        example={"timestamp": "1796691383643J0Il"},
    ),
    # -- request: notes -------------------------------------------------------------------------
    Cause(
        "timestamp_seconds",
        "timestamp",
        "none (a push from a hand-made sender)",
        "the timestamp is in seconds; DingTalk's pushes carry milliseconds",
        "timestamp {timestamp} is in seconds; DingTalk's pushes carry milliseconds",
        "Not an error: the signature covers the value as sent. A sender imitating DingTalk should use milliseconds.",
        Status.WARNING,
        example={"timestamp": "1445827045"},
    ),
    Cause(
        "timestamp_old",
        "timestamp",
        "none (a replayed or copied push)",
        "the push is old: a replay, a retry or a value copied from a log",
        "the push is {age} old (timestamp {timestamp})",
        "Not an error: old pushes still verify. A live push is seconds old; DingTalk retries a failed one later.",
        Status.WARNING,
        example={"timestamp": "1445827045067", "age": "3 days", "age_s": 259200},
    ),
    Cause(
        "timestamp_future",
        "timestamp",
        "none",
        "the timestamp lies in the future: a wrong clock on the sender or here",
        "the timestamp {timestamp} is {age} in the future",
        "Check the clock of the machine that made the push.",
        Status.WARNING,
        example={"timestamp": "1945827045067", "age": "2 hours", "age_s": 7200},
    ),
    Cause(
        "body_bom",
        "parse",
        "'body is not JSON: Expecting value' / 'Unexpected UTF-8 BOM'",
        "the body starts with a UTF-8 byte order mark (EF BB BF): a hand-made sender (.NET's Encoding.UTF8)",
        "the body starts with a UTF-8 byte order mark (EF BB BF); read without it — DingTalk would not send it",
        "DingTalk's pushes carry no BOM: a sender imitating DingTalk should write UTF-8 without one "
        "(.NET: new UTF8Encoding(false)).",
        Status.WARNING,
        example={},
    ),
    Cause(
        "form_body",
        "parse",
        "'body is not JSON' in handlers that parse JSON",
        "a form-encoded, multipart or URL-encoded JSON body from a hand-made sender",
        "the body is {form}, not JSON: DingTalk posts JSON; its encrypt field was read anyway",
        'DingTalk posts {{"encrypt": "..."}} as application/json; send the same when you imitate it.',
        Status.WARNING,
        example={"form": "form-encoded"},
    ),
)

CAUSES = (*REQUEST_CAUSES, *REPLY_CAUSES)
BY_CODE: dict[str, Cause] = {cause.code: cause for cause in CAUSES}


def _derived(params: dict[str, Any]) -> dict[str, Any]:
    extra = dict(params)
    if "proof" in params:
        extra["proof_text"] = PROOFS.get(str(params["proof"]), PROOFS["decrypt"]).format(why=params.get("why", ""))
    if "found" in params:
        extra["kind"] = describe_owner_key(str(params["found"]))
        extra["found_short"] = _short(str(params["found"]))
    if "expected" in params:
        extra["expected_short"] = _short(str(params["expected"]))
    return extra


def _short(key: str) -> str:
    return f"{key[:6]}…" if len(key) > 8 else key or "(empty)"


def render(code: str, params: dict[str, Any]) -> tuple[str, str]:
    """The English detail and hint of a cause with these params."""
    cause = BY_CODE[code]
    values = _derived(params)
    return cause.says.format(**values), cause.hint.format(**values)


SEEN_HINT = (
    "Base64 holds no spaces and no '%': the value was altered on its way here. Choose the profile of this app "
    "(or type its token and aesKey) to verify the repair."
)


def cause_step(code: str, **params: Any) -> Step:
    """The step that names this cause (its status is the cause's: failed, a warning note, or passed)."""
    cause = BY_CODE[code]
    detail, hint = render(code, params)
    if params.get("proof") == "seen":
        hint = SEEN_HINT  # seen, not proven: the token and aesKey are not known to be fine
    return Step(cause.step, cause.status, detail, hint, code, params)


def human_age(seconds: float) -> str:
    """'3 days', '5 hours', '12 minutes': how old a push is, in English (the GUI formats its own)."""
    seconds = abs(seconds)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{int(seconds)} seconds"


README_START = "<!-- causes:start (generated by tools/causes_table.py from core/diagnose/causes.py) -->"
README_END = "<!-- causes:end -->"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def markdown_table() -> str:
    """The README's symptom → cause → console table, rendered from CAUSES with their example params."""
    rows = [
        "| What you see | Cause | What the console says (step) |",
        "|---|---|---|",
    ]
    for cause in CAUSES:
        detail, _hint = render(cause.code, cause.example)
        mark = {Status.WARNING: "note: ", Status.PASSED: "passes: ", Status.SKIPPED: "skipped: "}.get(cause.status, "")
        says = f"{mark}{detail} (`{cause.step}`)"
        rows.append(f"| {_cell(cause.symptom)} | {_cell(cause.cause)} | {_cell(says)} |")
    return "\n".join(rows)


def readme_section() -> str:
    return f"{README_START}\n{markdown_table()}\n{README_END}"
