"""The core's English sentences that carry no code (skipped-step reasons, passed-reply details, notes,
bind errors, Python's own JSON and base64 errors), rendered in the UI language.

Most core messages reach the GUI as a code and params (hints.py, step_details.py); these few are plain
detail strings. They are matched here by exact text or by a pattern that pulls out the data (a name,
a number, a path) and put into a translated template; anything unknown is returned unchanged, so a
new core sentence shows in English rather than not at all — and the zh_CN walk test finds it.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from dingconsole.gui import i18n

translate = QCoreApplication.translate


def fill(template: str, *values: object) -> str:
    """%1, %2, … replaced in one pass (a value containing "%2" is not filled again)."""
    return re.sub(r"%(\d)", lambda m: str(values[int(m[1]) - 1]) if int(m[1]) <= len(values) else m[0], template)


def _exact() -> dict[str, str]:
    return {
        "no query given: signature not checked": translate(
            "DetailTexts", "no query given: the signature was not checked"
        ),
        "no encrypt value": translate("DetailTexts", "no encrypt value"),
        "no ciphertext to decrypt": translate("DetailTexts", "no ciphertext to decrypt"),
        "no encrypt value to sign": translate("DetailTexts", "no encrypt value to sign"),
        "no encrypt value to decode": translate("DetailTexts", "no encrypt value to decode"),
        "the ciphertext is not base64": translate("DetailTexts", "the ciphertext is not base64"),
        "no timestamp in the query": translate("DetailTexts", "no timestamp in the query"),
        "the message is not a JSON object": translate("DetailTexts", "the message is not a JSON object"),
        "the reply is not a JSON object": translate("DetailTexts", "the reply is not a JSON object"),
        "a JSON object": translate("DetailTexts", "a JSON object"),
        "exactly msg_signature, timeStamp, nonce and encrypt": translate(
            "DetailTexts", "exactly msg_signature, timeStamp, nonce and encrypt"
        ),
        "no timeStamp": translate("DetailTexts", "no timeStamp"),
        "a field is missing": translate("DetailTexts", "a field is missing"),
        "msg_signature fits the reply's own timeStamp, nonce and encrypt": translate(
            "DetailTexts", "msg_signature fits the reply's own timeStamp, nonce and encrypt"
        ),
        "encrypt does not decrypt": translate("DetailTexts", "encrypt does not decrypt"),
        "reply time not measured": translate("DetailTexts", "reply time not measured"),
        "Incorrect padding": translate("DetailTexts", "incorrect padding"),
        # what the listener records of a push before its diagnosis (core/listener/replies.py, opening.py)
        "encrypt is not base64": translate("DetailTexts", "encrypt is not base64"),
        "the ciphertext is not a whole number of 16-byte AES blocks": translate(
            "DetailTexts", "the ciphertext is not a whole number of 16-byte AES blocks"
        ),
        "the decrypted padding is not PKCS#7: the aesKey differs, or the value was altered": translate(
            "DetailTexts", "the decrypted padding is not PKCS#7: the aesKey differs, or the value was altered"
        ),
        "the length field does not fit: the aesKey differs, or the value was altered": translate(
            "DetailTexts", "the length field does not fit: the aesKey differs, or the value was altered"
        ),
        "the decrypted message is not UTF-8": translate("DetailTexts", "the decrypted message is not UTF-8"),
        "the payload was made for another owner key than the profile's": translate(
            "DetailTexts", "the payload was made for another owner key than the profile's"
        ),
        "The diagnosis of this exchange says why.": translate(
            "DetailTexts", "The diagnosis of this exchange says why."
        ),
        "timestamp is not a number": translate("DetailTexts", "timestamp is not a number"),
        "accepted, but stale: the timestamp is more than a day old": translate(
            "DetailTexts", "accepted, but stale: the timestamp is more than a day old"
        ),
        "accepted, but stale: the timestamp is more than an hour in the future": translate(
            "DetailTexts", "accepted, but stale: the timestamp is more than an hour in the future"
        ),
        "The request is recorded: run `dingconsole diagnose` on it (or paste it in the Workbench).": translate(
            "DetailTexts", "The request is recorded: run `dingconsole diagnose` on it (or paste it in the Workbench)."
        ),
    }


JSON_ERRORS = {
    "Expecting value": lambda: translate("DetailTexts", "a value was expected"),
    "Expecting property name enclosed in double quotes": lambda: translate(
        "DetailTexts", "a field name in double quotes was expected"
    ),
    "Expecting ',' delimiter": lambda: translate("DetailTexts", "a comma was expected"),
    "Expecting ':' delimiter": lambda: translate("DetailTexts", "a colon was expected"),
    "Extra data": lambda: translate("DetailTexts", "more text after the JSON value"),
    "Unterminated string starting at": lambda: translate("DetailTexts", "a string is not closed"),
    "Invalid control character at": lambda: translate("DetailTexts", "a control character inside a string"),
    "Invalid \\escape": lambda: translate("DetailTexts", "an invalid backslash escape"),
    "Invalid \\uXXXX escape": lambda: translate("DetailTexts", "an invalid \\u escape"),
}
_JSON_ERROR = re.compile("(" + "|".join(re.escape(m) for m in JSON_ERRORS) + r"): line (\d+) column (\d+) \(char \d+\)")


def _json_error(match: re.Match[str]) -> str:
    return fill(translate("DetailTexts", "%1 (line %2, column %3)"), JSON_ERRORS[match[1]](), match[2], match[3])


def _sqlite_text(text: str) -> str:
    """SQLite's own words for the usual reasons a store cannot be written."""
    known = {
        "attempt to write a readonly database": translate("DetailTexts", "the database is read-only"),
        "unable to open database file": translate("DetailTexts", "the database file cannot be opened"),
        "database or disk is full": translate("DetailTexts", "the disk is full"),
    }
    return known.get(text, text)


def policy_text(policy: str) -> str:
    """A response policy as the listener writes it (`delay:2000`, `http_500`, …), in the UI language."""
    delay = re.fullmatch(r"delay:(\d+)", policy)
    if delay:
        return fill(translate("DetailTexts", "success after %1 ms"), delay[1])
    names = {
        "success": translate("DetailTexts", "success"),
        "non_success": translate("DetailTexts", "a sealed non-success"),
        "http_500": translate("DetailTexts", "HTTP 500"),
        "close": translate("DetailTexts", "closing the connection"),
    }
    return names.get(policy, policy)


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"not diagnosed: (\d+) failed pushes were already waiting for a diagnosis"),
        lambda m: fill(
            translate("DetailTexts", "not diagnosed: %1 failed pushes were already waiting for a diagnosis"), m[1]
        ),
    ),
    (
        re.compile(r"body is over (\d+) KiB and not a \{\"encrypt\": \"...\"\} object"),
        lambda m: fill(translate("DetailTexts", 'body is over %1 KiB and not a {"encrypt": "..."} object'), m[1]),
    ),
    (
        re.compile(r"encrypt is over (\d+) KiB"),
        lambda m: fill(translate("DetailTexts", "encrypt is over %1 KiB"), m[1]),
    ),
    (
        re.compile(r"answered with response policy (\S+)"),
        lambda m: fill(translate("DetailTexts", "answered with the response policy: %1"), policy_text(m[1])),
    ),
    (
        re.compile(r"encrypt opens with the aesKey of '(.*)'"),
        lambda m: fill(translate("DetailTexts", "encrypt opens with the aesKey of “%1”"), m[1]),
    ),
    (
        re.compile(r"cannot read (\S+): (.*)", re.S),
        lambda m: fill(translate("DetailTexts", "cannot read %1: %2"), m[1], _JSON_ERROR.sub(_json_error, m[2])),
    ),
    (
        re.compile(r"(\S+) cannot be written \((.*)\): new events cannot be recorded"),
        lambda m: fill(translate("DetailTexts", "%1 cannot be written (%2)"), m[1], _sqlite_text(m[2])),
    ),
    (re.compile(r"made for '(.*)'"), lambda m: fill(translate("DetailTexts", "made for %1"), m[1])),
    (re.compile(r"(\d+) \(milliseconds\)"), lambda m: fill(translate("DetailTexts", "%1 (milliseconds)"), m[1])),
    (re.compile(r"no callback at (.*)"), lambda m: fill(translate("DetailTexts", "no callback at %1"), m[1])),
    (
        re.compile(r"cannot tell what this is: (.*)", re.S),
        lambda m: fill(translate("DetailTexts", "cannot tell what this is: %1"), m[1]),
    ),
    (
        re.compile(
            r"encrypt is not base64: Invalid base64-encoded string: number of data characters \((\d+)\) "
            r"cannot be 1 more than a multiple of 4"
        ),
        lambda m: fill(
            translate("DetailTexts", "encrypt is not base64: %1 characters, one more than a multiple of 4"), m[1]
        ),
    ),  # fmt: skip
    (
        re.compile(r"encrypt is not base64: (Incorrect padding)"),
        lambda m: translate("DetailTexts", "encrypt is not base64: incorrect padding"),
    ),
    (
        re.compile(r"port (\d+) on (\S+) is already in use; pick another with --port, or 0 for any"),
        lambda m: fill(translate("DetailTexts", "port %1 on %2 is already in use"), m[1], m[2]),
    ),
    (
        re.compile(
            r"Not an error: DingTalk adds fields over time and leaves some out\. Make sure the handler does not "
            r"depend on these fields as written in an older sample; the documentation is at (\S+?)\.?"
        ),
        lambda m: fill(
            translate(
                "DetailTexts",
                "Not an error: DingTalk adds fields over time and leaves some out. Make sure the handler does "
                "not depend on these fields as an older sample showed them; the documentation is at %1",
            ),
            m[1],
        ),
    ),
]


def os_error_text(exc: OSError) -> str:
    """An OS error as "path: reason", the reason in the UI language for the common errno values."""
    reasons = {
        errno.ENOTDIR: translate("DetailTexts", "not a directory"),
        errno.EACCES: translate("DetailTexts", "permission denied"),
        errno.EPERM: translate("DetailTexts", "operation not permitted"),
        errno.EROFS: translate("DetailTexts", "read-only file system"),
        errno.ENOSPC: translate("DetailTexts", "no space left on the disk"),
        errno.ENOENT: translate("DetailTexts", "no such file or directory"),
        errno.EEXIST: translate("DetailTexts", "already exists"),
        errno.EISDIR: translate("DetailTexts", "is a directory"),
    }
    english = i18n.manager().language() == i18n.ENGLISH
    reason = exc.strerror if english or exc.errno not in reasons else reasons[exc.errno]
    reason = reason or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


_PORT_TAKEN = re.compile(r"port (\d+) on (\S+) is already in use; pick another with --port, or 0 for any")


def bind_error(text: str) -> str:
    """The listener's bind error for the window, in the UI language: its CLI advice (--port) left out,
    since the window's own advice is the toolbar's port field."""
    match = _PORT_TAKEN.fullmatch(text)
    if match is not None:
        return fill(translate("DetailTexts", "port %1 on %2 is already in use"), match[1], match[2])
    return localise(text)


def localise(text: str) -> str:
    """`text` in the UI language when it is one of the core's known sentences; else unchanged."""
    if not text or i18n.manager().language() == i18n.ENGLISH:
        return text
    exact = _exact().get(text)
    if exact is not None:
        return exact
    for pattern, render in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return render(match)
    return _JSON_ERROR.sub(_json_error, text)  # Python's JSON errors inside a longer sentence
