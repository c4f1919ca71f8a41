"""A self-test of an installed or frozen build: known crypto vectors, packaged resources, and a real
listener round trip on a free port. It touches nothing outside a temporary directory."""

from __future__ import annotations

import base64
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from Crypto.Cipher import AES

from dingconsole.core.crypto import DingCrypto, generate_aes_key, generate_token, pad, parse_aes_key
from dingconsole.core.diagnose import diagnose_request
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.send import sender, templates
from dingconsole.core.store import EventStore

# docs/PROTOCOL.md §2: DingTalk's published test vector.
VECTOR = {
    "token": "123456",
    "aes_key": "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
    "owner_key": "suite4xxxxxxxxxxxxxxx",
    "timestamp": "1445827045067",
    "nonce": "nEXhMP4r",
    "signature": "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0",
    "encrypt": "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmf"
    "xjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXu"
    "Q9+0pZcy0w9lQ==",
    "plaintext": '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
}


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def _published_vector() -> str:
    crypto = DingCrypto(VECTOR["token"], VECTOR["aes_key"], VECTOR["owner_key"])
    query = {"signature": VECTOR["signature"], "timestamp": VECTOR["timestamp"], "nonce": VECTOR["nonce"]}
    opened = crypto.open_request(query, {"encrypt": VECTOR["encrypt"]})
    if opened.message != VECTOR["plaintext"] or opened.pad_value != 22:
        raise AssertionError(f"vector opened to {opened.message!r} (pad {opened.pad_value})")
    return "published vector verifies and decrypts (pad value 22)"


def _round_trip() -> str:
    aes_key = generate_aes_key()
    crypto = DingCrypto(generate_token(), aes_key, "dingselftest")
    message = '{"EventType":"check_url","text":"钉钉 ✓ 🎉"}'
    sealed = crypto.seal(message)
    query = {"msg_signature": sealed["msg_signature"], "timeStamp": sealed["timeStamp"], "nonce": sealed["nonce"]}
    if crypto.open_request(query, sealed).message != message:
        raise AssertionError("sealed message did not open to itself")
    # The Go demo pads to 16 bytes: the console must still open it.
    key = parse_aes_key(aes_key)
    body = message.encode("utf-8")
    plain = b"\0" * 16 + len(body).to_bytes(4, "big") + body + b"dingselftest"
    go_style = base64.b64encode(AES.new(key, AES.MODE_CBC, key[:16]).encrypt(pad(plain, 16))).decode()
    if crypto.decrypt(go_style).message != message:
        raise AssertionError("16-byte padded ciphertext did not open")
    return "seal/open round trip (UTF-8, emoji) and 16-byte padding"


def _resources() -> str:
    root = resources.files("dingconsole.resources")
    names = [t.name for t in templates.templates()]
    if "check_url" not in {templates.get_template(n).event_type for n in names}:
        raise AssertionError("no check_url template")
    icon = root / "icons" / "dingconsole.png"
    if not icon.is_file():
        raise AssertionError("app icon missing")
    qm = [p.name for p in (root / "i18n").iterdir() if p.name.endswith(".qm")] if (root / "i18n").is_dir() else []
    return f"{len(names)} templates, icon, translations: {', '.join(sorted(qm)) or 'none'}"


def _listener_round_trip() -> str:
    profile = Profile("selftest", "dingselftest", generate_token(), generate_aes_key())
    with tempfile.TemporaryDirectory(prefix="dingconsole-selftest-") as tmp:
        store = EventStore(Path(tmp) / "events.sqlite3")
        try:
            with Listener(store, [profile], active=profile.name) as listener:
                [delivery] = sender.send(listener.url, templates.render("check_url"), profile, "once")
                if not delivery.ok:
                    raise AssertionError(f"reply failed DingTalk's check: {delivery.verdict()}")
                bad = sender.send(listener.url, "{}", Profile("wrong", "dingselftest", "nottoken", profile.aes_key))
            stored = store.query()
        finally:
            store.close()
    outcomes = sorted(e.outcome.value for e in stored)
    if outcomes != sorted([Outcome.OK.value, Outcome.FAILED.value]) or bad[0].status != 403:
        raise AssertionError(f"store holds {outcomes}, wrong-token push answered {bad[0].status}")
    return f"listener answered in {delivery.elapsed_ms:.0f} ms, reply passes; wrong token refused 403; both stored"


def _diagnosis() -> str:
    right = Profile("right", "dingselftest", "token-a", generate_aes_key())
    other = Profile("other", "dingselftest", "token-b", right.aes_key)
    request = sender.seal_push('{"EventType":"check_url"}', right)
    report = diagnose_request(request, [other, right])
    if report.profile != "right" or not report.ok:
        raise AssertionError(f"diagnosis named {report.profile!r}, ok={report.ok}")
    wrong = diagnose_request(request, [other])
    failure = wrong.first_failure
    if failure is None or failure.name != "signature":
        raise AssertionError(f"wrong token diagnosed as {failure.name if failure else 'nothing'}")
    return "picks the fitting profile; a wrong token fails the signature step"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("published vector", _published_vector),
    ("round trip", _round_trip),
    ("resources", _resources),
    ("diagnosis", _diagnosis),
    ("listener round trip", _listener_round_trip),
]


def run_checks() -> list[CheckResult]:
    """Run every check; a failing one is reported, never raised, so all checks always run."""
    results = []
    for name, check in CHECKS:
        started = time.perf_counter()
        try:
            detail = check()
            results.append(CheckResult(name, True, f"{detail} ({(time.perf_counter() - started) * 1000:.0f} ms)"))
        except (AssertionError, DingError, OSError, ValueError, json.JSONDecodeError) as exc:
            results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc}"))
    return results
