"""Issue 23: every cause of the README's Troubleshooting table (and the new ones), named FIRST by every face.

Each scenario is built with independent crypto (tests/core/diagnose/independent.py: pycryptodome and
hashlib, none of the console's sealing code) the way a real, sometimes buggy, sender or handler does,
and checked where it can reach: the CLI (`diagnose --request`, `diagnose --reply`), the listener's
record (real HTTP into a real store, the diagnosis attached after the reply), and the Workbench's core
function (`workbench.analyse`). Each also names a step that must NOT pass for it: a step that passes
there would be confidently wrong.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from dingconsole.core.diagnose import Report, Status
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from dingconsole.core.workbench import analyse
from tests.cli_runner import Cli
from tests.core.diagnose import independent as ind
from tests.listener_util import send, wait_diagnosed

EVENT = '{"EventType":"user_add_org","TimeStamp":"1623060875680","UserId":["manager1234","u2"],"CorpId":"ding0"}'
PROD = Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY)
OTHER_KEY = "Q" * 43


@dataclass
class Push:
    query: dict[str, str]
    body: bytes
    profiles: list[Profile] = field(default_factory=lambda: [PROD])
    headers: dict[str, str] = field(default_factory=dict)


def _plus() -> tuple[str, str]:
    for pad in range(200):
        message = EVENT[:-1] + f',"pad":"{"x" * pad}"}}'
        enc = ind.seal(message)
        if enc.count("+") >= 2:
            return message, enc
    raise AssertionError("no '+' found")


def _signed(enc: str, signature: str) -> dict[str, str]:
    return {"signature": signature, "msg_signature": signature, "timestamp": ind.TS, "nonce": ind.NONCE}


def plus_as_space() -> Push:
    _m, enc = _plus()
    return Push(ind.query(enc), ind.body(enc.replace("+", " ")))


def percent_encoded() -> Push:
    _m, enc = _plus()
    return Push(ind.query(enc), ind.body(quote(enc, safe="")))


def lost_newline() -> Push:
    lines = ind.seal(EVENT, encodebytes=True)
    return Push(ind.query(lines), ind.body(lines.rstrip("\n")))


def lost_line_breaks() -> Push:
    lines = ind.seal(EVENT, encodebytes=True)
    return Push(ind.query(lines), ind.body(lines.replace("\n", "")))


def line_breaks_added() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc), ind.body("\n".join(enc[i : i + 64] for i in range(0, len(enc), 64))))


def truncated_blocks() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc), ind.body(base64.b64encode(base64.b64decode(enc)[:-16]).decode()))


def truncated_chars() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc), ind.body(enc[:-7]))


def signature_mismatch() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc, token="another-token"), ind.body(enc))


def foreign_push() -> Push:
    enc = ind.seal(EVENT, aes_key="Z" * 43)
    return Push(ind.query(enc, token="someone-else"), ind.body(enc))


def token_whitespace() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc), ind.body(enc), [Profile("prod", ind.APP_KEY, ind.TOKEN + "\n", ind.AES_KEY)])


def token_whitespace_sender() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc, token=ind.TOKEN + "\n"), ind.body(enc))


def signature_unsorted() -> Push:
    enc = ind.seal(EVENT)
    return Push(_signed(enc, hashlib.sha1((ind.TOKEN + ind.TS + ind.NONCE + enc).encode()).hexdigest()), ind.body(enc))


def length_counts_characters() -> Push:
    enc = ind.seal_char_counted('{"EventType":"check_url","name":"张三"}')
    return Push(ind.query(enc), ind.body(enc))


def owner_key_mismatch() -> Push:
    enc = ind.seal(EVENT, owner="dingforeign0000000000")
    return Push(ind.query(enc), ind.body(enc))


def invalid_padding() -> Push:
    enc = ind.seal(EVENT, aes_key=OTHER_KEY)
    return Push(ind.query(enc), ind.body(enc))  # the token fits, the aesKey does not


def aes_key_length() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc), ind.body(enc), [Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY[:42])])


def aes_key_character() -> Push:
    enc = ind.seal(EVENT)
    bad = ind.AES_KEY[:9] + "+" + ind.AES_KEY[10:]
    return Push(ind.query(enc), ind.body(enc), [Profile("prod", ind.APP_KEY, ind.TOKEN, bad)])


def timestamp_not_digits() -> Push:
    enc = ind.seal(EVENT)
    return Push({**ind.query(enc), "timestamp": ind.TS + "J0Il"}, ind.body(enc))


def not_json_message() -> Push:
    enc = ind.seal("EventType=user_add_org")
    return Push(ind.query(enc), ind.body(enc))


def missing_event_type() -> Push:
    enc = ind.seal('{"UserId":["u1"]}')
    return Push(ind.query(enc), ind.body(enc))


def body_short() -> Push:
    enc = ind.seal(EVENT)
    body = ind.body(enc)
    return Push(ind.query(enc), body[:-40], headers={"Content-Length": str(len(body))})


def length_not_quad() -> Push:
    enc = ind.seal(EVENT)
    return Push(ind.query(enc), ind.body(enc[:-3]), profiles=[])


CLI, LISTENER, BENCH = "cli", "listener", "workbench"
ALL = (CLI, LISTENER, BENCH)
# builder, the first failure every face names, the step that must not pass, the faces it reaches
PUSHES: dict[str, tuple[Callable[[], Push], str, str, tuple[str, ...]]] = {
    "plus_as_space": (plus_as_space, "plus_as_space", "transit", ALL),
    "percent_encoded": (percent_encoded, "percent_encoded", "transit", ALL),
    "lost_newline": (lost_newline, "lost_newline", "transit", ALL),
    "lost_line_breaks": (lost_line_breaks, "lost_line_breaks", "transit", ALL),
    "line_breaks_added": (line_breaks_added, "line_breaks_added", "transit", ALL),
    "truncated_blocks": (truncated_blocks, "truncated_blocks", "transit", ALL),
    "truncated_chars": (truncated_chars, "truncated_chars", "transit", ALL),
    "signature_mismatch": (signature_mismatch, "signature_mismatch", "signature", ALL),
    "foreign_push": (foreign_push, "foreign_push", "signature", ALL),
    "token_whitespace": (token_whitespace, "token_whitespace", "signature", ALL),
    "token_whitespace_sender": (token_whitespace_sender, "token_whitespace_sender", "signature", ALL),
    "signature_unsorted": (signature_unsorted, "signature_unsorted", "signature", ALL),
    "length_counts_characters": (length_counts_characters, "length_counts_characters", "length", ALL),
    "owner_key_mismatch": (owner_key_mismatch, "owner_key_mismatch", "owner_key", ALL),
    "invalid_padding": (invalid_padding, "invalid_padding", "padding", ALL),
    # a profile with a broken key cannot answer: the listener skips it, so only the CLI and the Workbench
    "aes_key_length": (aes_key_length, "aes_key_length", "aes_key", (CLI, BENCH)),
    "aes_key_character": (aes_key_character, "aes_key_character", "aes_key", (CLI, BENCH)),
    # the listener refuses a timestamp that is not digits before the signature (docs/PROTOCOL.md §6)
    "timestamp_not_digits": (timestamp_not_digits, "timestamp_not_digits", "timestamp", (CLI, BENCH)),
    # the listener answers any push that verifies and decrypts (its message is the handler's business)
    "invalid_json": (not_json_message, "invalid_json", "json", (CLI, BENCH)),
    "missing_event_type": (missing_event_type, "missing_event_type", "event_type", (CLI, BENCH)),
    # what a paste shows and a live push cannot: its Content-Length
    "body_short": (body_short, "body_short", "parse", (CLI, BENCH)),
    # no credentials at all: the Workbench's "Typed in" left empty (the CLI asks for credentials instead)
    "length_not_quad": (length_not_quad, "length_not_quad", "transit", (BENCH,)),
}


def raw_http(push: Push) -> str:
    headers = {"Host": "example.com", "Content-Type": "application/json", **push.headers}
    headers.setdefault("Content-Length", str(len(push.body)))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"POST /cb?{urlencode(push.query)} HTTP/1.1\r\n{head}\r\n" + push.body.decode("utf-8")


def first(report: Report) -> str | None:
    failure = report.first_failure
    return failure.code if failure is not None else None


def _cli_credentials(profiles: list[Profile]) -> list[str]:
    if not profiles:
        return []
    p = profiles[0]
    return ["--token", p.token, "--aes-key", p.aes_key, "--app-key", p.owner_key]


def _reaching(face: str) -> list[str]:
    return [name for name, (_b, _c, _n, faces) in PUSHES.items() if face in faces]


@pytest.mark.parametrize("name", _reaching(CLI))
def test_the_cli_names_the_cause_first(name: str, cli: Cli, tmp_path: Path) -> None:
    build, code, never, _faces = PUSHES[name]
    push = build()
    paste = tmp_path / "push.http"
    paste.write_text(raw_http(push), encoding="utf-8")
    ran = cli("diagnose", *_cli_credentials(push.profiles), "--request", str(paste), "--json")
    data = json.loads(ran.stdout)
    failed = [s for s in data["steps"] if s["status"] == "failed"]
    assert ran.returncode == 1 and failed and failed[0]["code"] == code, failed
    assert all(s["status"] != "passed" for s in data["steps"] if s["name"] == never)


@pytest.mark.parametrize("name", _reaching(BENCH))
def test_the_workbench_names_the_cause_first(name: str) -> None:
    build, code, never, _faces = PUSHES[name]
    push = build()
    result = analyse(raw_http(push), "auto", push.profiles)
    assert result.report is not None, result.error
    assert first(result.report) == code
    assert all(s.status is not Status.PASSED for s in result.report.steps if s.name == never)


@pytest.mark.parametrize("name", _reaching(LISTENER))
def test_the_listeners_record_names_the_cause_first(name: str, tmp_path: Path) -> None:
    build, code, never, _faces = PUSHES[name]
    push = build()
    with EventStore(tmp_path / "events.sqlite3") as store:
        listener = Listener(store, push.profiles)
        listener.start()
        try:
            status, _ = send(
                "POST", listener.url, params=push.query, data=push.body, headers={"Content-Type": "application/json"}
            )
            assert status in (400, 403), status  # the reply stays generic (docs/PROTOCOL.md §6)
            wait_diagnosed(store)
        finally:
            listener.stop()
        (ex,) = store.query()
    assert ex.cause()[0] == code, ex.diagnosis
    steps = (ex.diagnosis or {}).get("steps", [])
    assert all(s["status"] != "passed" for s in steps if s["name"] == never)


# -- replies: `diagnose --reply` and the Workbench's reply check ---------------------------------------

JAVA_TRACE = (
    "java.lang.RuntimeException: com.dingtalk.oapi.lib.aes.DingTalkEncryptException: 加密失败\n"
    "Caused by: java.security.InvalidKeyException: Illegal key size\n"
    "\tat javax.crypto.Cipher.checkCryptoPerm(Cipher.java:1039)\n"
)


def _reply(**changes: object) -> bytes:
    data: dict[str, object] = dict(ind.reply())
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data).encode()


def _renamed_timestamp() -> bytes:
    data = ind.reply()
    data["timestamp"] = data.pop("timeStamp")
    return json.dumps(data).encode()


def _upper() -> bytes:
    data = ind.reply()
    return json.dumps({**data, "msg_signature": data["msg_signature"].upper()}).encode()


NGINX_502 = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
LOGIN = b"<!DOCTYPE html><html><head><title>Login</title></head><body>sign in</body></html>"
# name: status, body, first failure, the step that must not pass
REPLIES: dict[str, tuple[int, bytes, str, str]] = {
    "reply_fields": (200, _renamed_timestamp(), "reply_invalid", "fields"),
    "java_illegal_key_size": (500, JAVA_TRACE.encode(), "java_illegal_key_size", "status"),
    "reply_status_error": (500, b"Internal Server Error", "reply_status_error", "status"),
    "reply_status_proxy": (502, NGINX_502, "reply_status_proxy", "status"),
    "reply_status_not_found": (404, b"Not Found", "reply_status_not_found", "status"),
    "reply_bom": (200, b"\xef\xbb\xbf" + json.dumps(ind.reply()).encode(), "reply_bom", "json"),
    "reply_not_json": (200, b"ok", "reply_not_json", "json"),
    "reply_body_empty": (200, b"", "reply_body_empty", "json"),
    "reply_body_page": (200, LOGIN, "reply_body_page", "json"),
    "reply_signature_upper_case": (200, _upper(), "reply_signature_upper_case", "signature"),
}


def raw_response(status: int, body: bytes) -> str:
    return f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n\r\n" + body.decode("utf-8")


@pytest.mark.parametrize("name", list(REPLIES))
def test_diagnose_reply_names_the_cause_first(name: str, cli: Cli, tmp_path: Path) -> None:
    status, body, code, never = REPLIES[name]
    reply = tmp_path / "reply.bin"
    reply.write_bytes(body)
    ran = cli("diagnose", *_cli_credentials([PROD]), "--reply", str(reply), "--status", str(status), "--json")
    data = json.loads(ran.stdout)
    failed = [s for s in data["steps"] if s["status"] == "failed"]
    assert ran.returncode == 1 and failed and failed[0]["code"] == code, failed
    assert all(s["status"] != "passed" for s in data["steps"] if s["name"] == never)


@pytest.mark.parametrize("name", [n for n in REPLIES if REPLIES[n][1]])  # an empty paste is no input at all
def test_the_workbench_reply_check_names_the_cause_first(name: str) -> None:
    status, body, code, never = REPLIES[name]
    result = analyse(raw_response(status, body), "reply", [PROD])
    assert result.report is not None, result.error
    assert first(result.report) == code
    assert all(s.status is not Status.PASSED for s in result.report.steps if s.name == never)


def test_the_scenarios_cover_the_troubleshooting_table() -> None:
    """Every failing cause of the README's table has a scenario here or in the core suites that assert its
    first naming (tests/core/diagnose/test_scenarios.py, test_isv.py, test_signature_causes.py)."""
    from dingconsole.core.diagnose.causes import CAUSES

    here = {code for _b, code, _n, _f in PUSHES.values()} | {code for _s, _b, code, _n in REPLIES.values()}
    elsewhere = {
        "reply_fields",  # its steps carry reply_invalid: REPLIES["reply_fields"]
        "reply_too_slow",  # measured time: tests/core/diagnose/test_reply.py (the time step)
        "unreachable",  # a refused connection: tests/core/send/test_sender.py
        "reply_signed_request_timestamp",  # needs the push it answers: tests/core/diagnose/test_scenarios.py
        "reply_suite_random",  # ISV: tests/cli/test_diagnose_reply.py
        "suite_placeholder",  # ISV, a pass: tests/core/diagnose/test_isv.py
        "lenient_decoding",  # a pass: every scenario that decrypts shows it
    }
    failing = {c.code for c in CAUSES if c.status is Status.FAILED}
    assert failing - here - elsewhere == set()
