"""The listener against the second attack run (issue 22): stalls, a timing oracle, probes, odd timestamps.

Each test here failed on the code before that issue: a body that made the depth scan quadratic stalled
the loop before the signature check; a push with valid padding got more work on the loop than one
without (a second decryption, a parse, the whole diagnosis) — the timing of a padding oracle; a stranger
told profile names apart by 200 vs 404; a timestamp of letters was accepted and an old push unmarked.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time

import pytest

from dingconsole.core.crypto import DingCrypto, cipher
from dingconsole.core.exchange import HttpRequest, Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.listener.handler import FORBIDDEN_BODY, REJECTED_BODY
from dingconsole.core.listener.status_page import BARE_STATUS_PAGE
from dingconsole.core.profiles import Profile
from tests.listener_util import event, push, send, wait_diagnosed

STRANGER = {"Host": "tunnel.example.com"}  # what a request through a tunnel carries: not a local browser


def redos_body(size: int) -> bytes:
    """A string that never closes, escaped quotes all the way, then brackets: quadratic for the old scan."""
    return b'"' + b'\\"' * (size // 2) + b"[" * 101


def signed_query(profile: Profile, encrypt: str, timestamp: str | None = None) -> dict[str, str]:
    stamp = timestamp or str(int(time.time() * 1000))
    return {"msg_signature": profile.crypto().sign(stamp, "nonce123", encrypt), "timestamp": stamp, "nonce": "nonce123"}


def signed_push(profile: Profile, encrypt: str, timestamp: str | None = None) -> HttpRequest:
    body = json.dumps({"encrypt": encrypt}).encode()
    return HttpRequest("POST", "/api/callback", signed_query(profile, encrypt, timestamp), {}, body)


# -- 1. bounded work before the signature ------------------------------------------------------------


@pytest.mark.timeout(60)  # a hang guard: the old scan took hours on the 1 MiB body
@pytest.mark.parametrize("size", [16 * 1024, 1024 * 1024 - 200])
def test_a_body_that_stalled_the_depth_scan_is_refused_and_the_next_push_answered(listener, store, profile, size):
    hostile = HttpRequest("POST", "/api/callback", signed_query(profile, "x"), {}, redos_body(size))
    status, _ = send("POST", listener.url, hostile)
    assert status == 400
    status, _ = send("POST", listener.url, push(profile, event()))
    assert status == 200
    rows = store.query(newest_first=False)
    assert [r.error_code for r in rows] == ["bad_request", None]


# -- 2. the same work for every failure behind a valid signature ---------------------------------------


class CountingAES:
    """AES.new as the cipher module uses it, counting decryptions per thread."""

    def __init__(self, real) -> None:
        self.real = real
        self.by_thread: dict[str, int] = {}
        self.lock = threading.Lock()
        self.MODE_CBC = real.MODE_CBC
        self.block_size = real.block_size

    def new(self, *args, **kwargs):
        made = self.real.new(*args, **kwargs)
        counts, lock = self.by_thread, self.lock

        class Counted:
            def encrypt(self, data: bytes) -> bytes:
                return made.encrypt(data)

            def decrypt(self, data: bytes) -> bytes:
                with lock:
                    name = threading.current_thread().name
                    counts[name] = counts.get(name, 0) + 1
                return made.decrypt(data)

        return Counted()


def valid_padding_failure(profile: Profile, size: int) -> str:
    """A ciphertext that decrypts and frames (valid padding) but was made for another owner key."""
    other = DingCrypto(profile.token, profile.aes_key, "dingsomeoneelse")
    return other.encrypt(event(note="x" * size))


def invalid_padding_failure(size: int) -> str:
    """A ciphertext of the same size whose padding does not check out (random blocks)."""
    return base64.b64encode(os.urandom(size - size % 32 + 32)).decode()


def test_failures_behind_a_valid_signature_get_the_same_work_in_the_listener(store, monkeypatch):
    profile = Profile("suitey", "suite4realsuitekey00", "tok" * 8, "a" * 43)
    counting = CountingAES(cipher.AES)
    monkeypatch.setattr(cipher, "AES", counting)
    lst = Listener(store, [profile])
    lst.start()
    try:
        for encrypt in (valid_padding_failure(profile, 4000), invalid_padding_failure(4000)):
            counting.by_thread.clear()
            before = store.count()
            status, body = send("POST", lst.url, signed_push(profile, encrypt))
            assert (status, body) == (400, REJECTED_BODY)
            wait_diagnosed(store, before + 1)
            # One decryption on the loop for either kind, and none more in this process: the diagnosis
            # (which decrypts again, tries repairs and keys) ran in the worker process.
            assert counting.by_thread == {"dingconsole-listener": 1}
    finally:
        lst.stop()
    rows = store.query(newest_first=False)
    assert [r.error_code for r in rows] == ["owner_key_mismatch", "invalid_padding"]
    assert "dingsomeoneelse" in json.dumps(rows[0].diagnosis)  # the details are in the diagnosis


def test_the_diagnosis_runs_in_a_worker_process(listener, store, profile, monkeypatch):
    from dingconsole.core.listener import diagnoser, replies

    called_here: list[str] = []
    monkeypatch.setattr(replies, "diagnose_request", lambda *a, **k: called_here.append("replies"))
    monkeypatch.setattr(diagnoser, "diagnose_failure", lambda *a, **k: called_here.append("diagnoser"))
    bad = push(profile, event())
    bad.query["msg_signature"] = "0" * 40
    assert send("POST", listener.url, bad) == (403, FORBIDDEN_BODY)
    wait_diagnosed(store, 1)
    assert called_here == []
    steps = store.query()[0].diagnosis["steps"]
    assert any(s["name"] == "signature" and s["status"] == "failed" for s in steps)


def test_a_flood_of_failures_gets_its_first_diagnoses_and_a_note_for_the_rest(listener, store, profile, monkeypatch):
    from dingconsole.core.listener import diagnoser

    monkeypatch.setattr(diagnoser, "MAX_WAITING", 0)  # as if 32 diagnoses were already waiting
    bad = push(profile, event())
    bad.query["msg_signature"] = "0" * 40
    assert send("POST", listener.url, bad)[0] == 403
    wait_diagnosed(store, 1)
    step = store.query()[0].diagnosis["steps"][0]
    assert step["status"] == "skipped" and step["code"] == "diagnosis_busy"


# -- 3. no probing of profile names ---------------------------------------------------------------------


def probes(profile: Profile) -> list[tuple[str, dict, bytes, dict]]:
    """(method, query, body, extra headers) a stranger might try on a callback path."""
    bad_sig = push(profile, event())
    bad_sig.query["msg_signature"] = "0" * 40
    return [
        ("GET", {}, b"", {}),
        ("POST", {}, b"", {}),
        ("POST", {}, b"hello", {}),
        ("POST", dict(bad_sig.query), bad_sig.body, {}),
        ("POST", {"timestamp": "12", "nonce": "n", "signature": "s"}, b"{}", {}),
        ("POST", {}, b"{}", {"timestamp": "1", "sign": "x"}),  # shaped like a robot message
        ("PUT", {}, b"x", {}),
    ]


def test_a_stranger_gets_the_same_answers_for_a_profile_and_a_name_that_does_not_exist(listener, store, profile):
    named, missing = f"{listener.url}/{profile.name}", f"{listener.url}/no-such-profile"
    for method, query, body, headers in probes(profile):
        answers = [
            send(method, url, params=query, data=body, headers={**STRANGER, **headers}) for url in (named, missing)
        ]
        assert answers[0] == answers[1], (method, query, headers, answers)
    rows = store.query(newest_first=False)
    unknown = [r for r in rows if r.request.path.endswith("/no-such-profile")]
    assert len(unknown) == len(probes(profile))
    assert all(r.error_code == "unknown_path" and r.outcome is Outcome.INVALID and r.profile is None for r in unknown)


def test_the_bare_page_is_what_a_stranger_sees_on_any_callback_path(listener, profile):
    assert send("GET", f"{listener.url}/what/ever", headers=STRANGER) == (200, BARE_STATUS_PAGE)


def test_a_local_browser_is_still_told_the_path_names_no_profile(listener, store, profile):
    status, body = send("POST", listener.url + "/no-such-profile", data=b"x")
    assert status == 404 and json.loads(body)["error"] == "unknown_path"


# -- 4. timestamps --------------------------------------------------------------------------------------


def test_a_timestamp_that_is_not_digits_is_refused_and_recorded(listener, store, profile):
    req = push(profile, event())
    req.query["timestamp"] = "1796691383643J0Il"
    req.query["msg_signature"] = profile.crypto().sign("1796691383643J0Il", req.query["nonce"], "x")
    status, body = send("POST", listener.url, req)
    assert status == 400 and json.loads(body)["error"] == "bad_timestamp"
    wait_diagnosed(store, 1)
    ex = store.query()[0]
    assert ex.error_code == "bad_timestamp" and ex.outcome is Outcome.FAILED
    first = next(s for s in ex.diagnosis["steps"] if s["status"] == "failed")
    assert first["code"] == "timestamp_not_digits"


@pytest.mark.parametrize(("offset_s", "says"), [(-2 * 86400, "old"), (3 * 3600, "future")])
def test_a_stale_push_is_accepted_and_noted_as_stale(listener, store, profile, offset_s, says):
    message = event(event_id=f"stale-{says}")
    stamp = str(int((time.time() + offset_s) * 1000))
    sealed = profile.crypto().seal(message, timestamp=stamp)
    req = HttpRequest(
        "POST",
        "/api/callback",
        {"msg_signature": sealed["msg_signature"], "timestamp": stamp, "nonce": sealed["nonce"]},
        {},
        json.dumps({"encrypt": sealed["encrypt"]}).encode(),
    )
    assert send("POST", listener.url, req)[0] == 200
    ex = store.query()[0]
    assert ex.outcome is Outcome.OK and ex.error_code == "stale_timestamp" and says in ex.error_message
    step = ex.diagnosis["steps"][0]
    assert step["name"] == "timestamp" and step["status"] == "warning"


def test_a_fresh_push_carries_no_stale_note(listener, store, profile):
    assert send("POST", listener.url, push(profile, event()))[0] == 200
    ex = store.query()[0]
    assert ex.error_code is None and ex.diagnosis is None


def test_a_robot_message_to_a_profile_without_an_app_secret_is_refused_as_one(listener, store, profile):
    status, _ = send("POST", listener.url, data=b'{"msgtype": "text"}', headers={"timestamp": "1", "sign": "x"})
    assert status == 403
    ex = store.query()[0]
    assert ex.error_code == "robot_no_secret" and ex.profile == profile.name


def test_a_body_the_record_truncates_is_diagnosed_as_it_arrived(listener, store, profile):
    """The record keeps the first 6 KiB of a refused body; the diagnosis must not call that a cut in transit."""
    deep = HttpRequest(
        "POST", "/api/callback", {"msg_signature": "x", "timestamp": "1", "nonce": "n"}, {}, b"[" * 100_000
    )
    assert send("POST", listener.url, deep)[0] == 400
    wait_diagnosed(store, 1)
    ex = store.query()[0]
    assert ex.body_truncated and len(ex.request.body) < 100_000
    first = next(s for s in ex.diagnosis["steps"] if s["status"] == "failed")
    assert first["code"] != "body_short" and first["name"] == "parse", first
