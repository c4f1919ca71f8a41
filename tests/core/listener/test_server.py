"""The listener over real HTTP (aiohttp client) on a free port, recording into a real SQLite file."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import threading
import types

import aiohttp
import pytest

from dingconsole.core.crypto import DingCrypto
from dingconsole.core.errors import SignatureMismatch
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.listener import Listener, ListenerError, Policy, diagnoser, replies
from dingconsole.core.listener import body as listener_body
from dingconsole.core.listener import handler as listener_app
from dingconsole.core.listener.handler import REJECTED_BODY
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventFilter, EventStore
from tests.listener_util import event, make_profile, push, reply_message, send, send_many, wait_diagnosed


def only(store: EventStore) -> Exchange:
    (ex,) = store.query()
    return ex


def test_valid_push_gets_sealed_success_and_is_recorded(listener: Listener, store: EventStore, profile: Profile):
    seen: list[tuple[Exchange, Exchange | None]] = []
    listener.add_observer(lambda ex: seen.append((ex, store.get(ex.id))))
    status, body = send("POST", listener.url, push(profile, event("check_url")))
    assert status == 200
    assert reply_message(profile, body) == "success"
    ex = only(store)
    assert ex.outcome is Outcome.OK and ex.profile == "demo"
    assert ex.event_type == "check_url"
    assert ex.reply_status == 200 and ex.reply_body == body
    assert json.loads(ex.message)["EventType"] == "check_url"
    assert ex.request.query["msg_signature"] and ex.request.body.startswith(b'{"encrypt"')
    assert ex.remote == "127.0.0.1"
    assert len(seen) == 1 and seen[0][1] is not None  # observers run after the commit
    assert seen[0][0].id == ex.id
    assert listener.url.startswith("http://127.0.0.1:") and listener.port > 0
    assert listener.warning is None


@pytest.mark.parametrize(
    ("mutate", "status", "code"),
    [
        (lambda r, p: r.query.update(msg_signature="0" * 40, signature="0" * 40), 403, "signature_mismatch"),
        (lambda r, p: setattr(r, "body", b"{not json"), 400, "bad_request"),
        (lambda r, p: r.query.clear(), 400, "missing_parameter"),
    ],
    ids=["wrong-signature", "malformed-json", "missing-parameters"],
)
def test_bad_pushes_get_4xx_json_and_are_recorded(listener, store, profile, mutate, status, code):
    req = push(profile, event())
    mutate(req, profile)
    got_status, body = send("POST", listener.url, req)
    assert got_status == status
    error = json.loads(body)
    assert error["error"] == code and error["step"] and error["message"]
    assert "hint" in error
    wait_diagnosed(store)  # attached after the reply, so its cost says nothing about the failure
    ex = only(store)
    assert ex.outcome is Outcome.FAILED and ex.error_code == code and ex.reply_status == status
    assert ex.diagnosis is not None and ex.diagnosis["ok"] is False
    if code == "bad_request":
        assert ex.message is None and not ex.recovered
    else:  # issue 23: the message the diagnosis opened is recorded, marked recovered, under its type
        assert ex.recovered and ex.message == ex.diagnosis["message"] and ex.event_type == "user_add_org"


def signed(profile: Profile, encrypt: str):
    req = push(profile, event())
    crypto = profile.crypto()
    sig = crypto.sign(req.query["timestamp"], req.query["nonce"], encrypt)
    req.query.update(msg_signature=sig, signature=sig)
    req.body = json.dumps({"encrypt": encrypt}).encode()
    return req


def test_undecryptable_and_wrong_owner_key(listener, store, profile):
    status, body = send("POST", listener.url, signed(profile, "not*base64"))
    assert (status, body) == (400, REJECTED_BODY)  # the same bytes for every failure behind a valid signature
    other = DingCrypto(profile.token, profile.aes_key, "dingsomeoneelse")
    status, body = send("POST", listener.url, signed(profile, other.encrypt(event())))
    assert (status, body) == (400, REJECTED_BODY) and b"dingsomeoneelse" not in body
    wait_diagnosed(store, 2)
    rows = store.query(newest_first=False)
    assert [ex.error_code for ex in rows] == ["invalid_base64", "owner_key_mismatch"]
    # The detailed error is worked out after the reply (its timing would tell the failures apart):
    # the diagnosis attached to the record names the key the payload was made for.
    assert "dingsomeoneelse" in json.dumps(rows[1].diagnosis)
    assert "dingsomeoneelse" not in rows[1].error_message


def test_wrong_method_unknown_path_and_status_page(listener, store, profile):
    status, body = send("PUT", listener.url, data=b"x")
    assert status == 405 and json.loads(body)["error"] == "method_not_allowed"
    status, body = send("POST", listener.url.replace("/api/callback", "/nowhere"), data=b"hello")
    assert status == 404 and json.loads(body)["error"] == "unknown_path"
    status, body = send("GET", listener.url + "/")
    assert status == 200
    page = body.decode()
    assert "DingConsole is listening" in page and "demo" in page and listener.url in page
    rows = store.query(newest_first=False)
    assert [(r.outcome, r.reply_status) for r in rows] == [
        (Outcome.INVALID, 405),
        (Outcome.INVALID, 404),
        (Outcome.INFO, 200),
    ]
    assert rows[1].request.body == b"hello" and rows[1].request.path == "/nowhere"


def test_oversized_body_gets_413_and_is_recorded_truncated(listener, store, profile):
    status, body = send("POST", listener.url, data=io.BytesIO(b"x" * (2 * 1024 * 1024 + 5)))
    assert status == 413 and json.loads(body)["error"] == "too_large"
    ex = only(store)
    assert ex.outcome is Outcome.INVALID and ex.body_truncated
    assert 0 < len(ex.request.body) <= listener_app.RECORDED_OVERSIZE
    assert send("POST", listener.url, push(profile, event()))[0] == 200  # still serving


def test_policies_switch_while_running(listener, store, profile):
    listener.set_policy(Policy.non_success())
    status, body = send("POST", listener.url, push(profile, event()))
    assert status == 200 and reply_message(profile, body) != "success"
    listener.set_policy(Policy.delay(30))
    status, body = send("POST", listener.url, push(profile, event()))
    assert status == 200 and reply_message(profile, body) == "success"
    listener.set_policy(Policy.http_500())
    status, body = send("POST", listener.url, push(profile, event()))
    assert status == 500
    listener.set_policy(Policy.close())
    with pytest.raises(aiohttp.ClientError):
        send("POST", listener.url, push(profile, event()))
    listener.set_policy(Policy.success())
    status, body = send("POST", listener.url, push(profile, event()))
    assert status == 200 and reply_message(profile, body) == "success"
    rows = store.query(newest_first=False)
    assert [(r.outcome, r.error_code, r.reply_status) for r in rows] == [
        (Outcome.POLICY, "policy_non_success", 200),
        (Outcome.POLICY, "policy_delay", 200),
        (Outcome.POLICY, "policy_http_500", 500),
        (Outcome.POLICY, "policy_close", None),
        (Outcome.OK, None, 200),
    ]
    assert rows[1].handling_ms >= 30


def test_policy_parse() -> None:
    assert Policy.parse("delay:250") == Policy.delay(250)
    assert str(Policy.parse("http-500")) == "http_500"
    for bad in ("delay:x", "nope", "delay:-1"):
        with pytest.raises(ValueError):
            Policy.parse(bad)


def test_several_profiles_each_on_its_path(store):
    a, b = make_profile("alpha", "dingaaaa"), make_profile("beta", "dingbbbb")
    with Listener(store, [a, b], active="beta") as lst:
        assert set(lst.urls()) == {"alpha", "beta"}
        assert send("POST", lst.urls()["alpha"], push(a, event()))[0] == 200
        assert send("POST", lst.urls()["beta"], push(b, event()))[0] == 200
        assert send("POST", lst.url, push(b, event()))[0] == 200  # active on the default path
        assert send("POST", lst.url, push(a, event()))[0] == 403  # alpha's token is not beta's
        lst.set_profiles([a], active="alpha")
        assert send("POST", lst.url, push(a, event()))[0] == 200
        assert send("POST", lst.url + "/beta", push(b, event()))[0] == 404
    rows = store.query(newest_first=False)
    assert [(r.profile, r.outcome) for r in rows] == [
        ("alpha", Outcome.OK),
        ("beta", Outcome.OK),
        ("beta", Outcome.OK),
        ("beta", Outcome.FAILED),
        ("alpha", Outcome.OK),
        (None, Outcome.INVALID),
    ]


def test_repeats_by_event_id_and_by_plaintext(listener, store, profile):
    first = push(profile, event("bpms_instance_change", event_id="evt-42"))
    retry = push(profile, event("bpms_instance_change", event_id="evt-42"))  # new nonce, same event
    classic = event("user_leave_org", UserId=["u1"], TimeStamp="1623060875680")
    for req in (first, retry, push(profile, classic), push(profile, classic)):
        assert send("POST", listener.url, req)[0] == 200
    rows = store.query(newest_first=False)
    assert [r.repeat_of for r in rows] == [None, rows[0].id, None, rows[2].id]
    assert rows[1].event_id == "evt-42"


def test_hundreds_of_simultaneous_pushes_each_recorded_once(listener, store, profile):
    reqs = [push(profile, event(event_id=f"burst-{i}")) for i in range(300)]
    statuses = send_many(listener.url, reqs)
    assert statuses == [200] * 300
    assert store.count() == 300
    ids = sorted(ex.event_id for ex in store.query())
    assert ids == sorted(f"burst-{i}" for i in range(300))
    assert store.count(EventFilter(outcomes=[Outcome.OK])) == 300


def test_restart_keeps_history(tmp_path, profile):
    path = tmp_path / "events.sqlite3"
    with EventStore(path) as s, Listener(s, [profile]) as lst:
        assert send("POST", lst.url, push(profile, event(event_id="e1")))[0] == 200
    with EventStore(path) as s:
        with Listener(s, [profile]) as lst:
            assert send("POST", lst.url, push(profile, event(event_id="e1")))[0] == 200
        rows = s.query(newest_first=False)
        assert len(rows) == 2 and rows[1].repeat_of == rows[0].id


def test_handler_bug_answers_500_is_recorded_and_listener_survives(listener, store, profile, monkeypatch):
    def broken(self, encrypted):
        raise RuntimeError("boom")

    monkeypatch.setattr(DingCrypto, "try_open", broken)
    status, body = send("POST", listener.url, push(profile, event()))
    assert status == 500 and json.loads(body)["error"] == "internal_error"
    monkeypatch.undo()
    assert send("POST", listener.url, push(profile, event()))[0] == 200
    rows = store.query(newest_first=False)
    assert [r.error_code for r in rows] == ["internal_error", None]


def test_failing_observer_does_not_stop_the_listener(listener, store, profile):
    calls: list[int] = []

    def bad(ex: Exchange) -> None:
        raise ValueError("observer bug")

    listener.add_observer(bad)
    listener.add_observer(lambda ex: calls.append(ex.id))
    assert send("POST", listener.url, push(profile, event()))[0] == 200
    listener.remove_observer(bad)
    assert send("POST", listener.url, push(profile, event()))[0] == 200
    assert len(calls) == 2


def test_a_diagnosis_bug_falls_back_to_the_listeners_own_error(profile, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("diagnosis bug")

    monkeypatch.setattr(replies, "diagnose_request", broken)
    wrong_token = Profile("x", profile.owner_key, "not-the-token", profile.aes_key)
    request = push(wrong_token, event())
    error = SignatureMismatch("signature mismatch", "the token differs")
    report = replies.diagnose_failure(request, profile, error)
    assert [(s.name, s.status.value, s.code) for s in report.steps] == [("signature", "failed", "signature_mismatch")]


def test_a_dead_diagnosis_worker_still_records_and_answers_the_push(listener, store, profile):
    wrong_token = Profile("x", profile.owner_key, "not-the-token", profile.aes_key)
    assert send("POST", listener.url, push(wrong_token, event()))[0] == 403
    wait_diagnosed(store, 1)  # the worker process is up
    for process in list(diagnoser._shared_pool()._processes.values()):
        process.kill()
        process.join(10)
    status, body = send("POST", listener.url, push(wrong_token, event()))
    assert status == 403 and json.loads(body)["error"] == "signature_mismatch"
    wait_diagnosed(store, 2)
    recorded = store.query()[0]
    assert recorded.outcome is Outcome.FAILED and recorded.error_code == "signature_mismatch"
    assert [(s["name"], s["status"], s["code"]) for s in recorded.diagnosis["steps"]] == [
        ("diagnosis", "skipped", "diagnosis_failed")
    ]
    assert send("POST", listener.url, push(profile, event()))[0] == 200  # and it keeps serving
    assert send("POST", listener.url, push(wrong_token, event()))[0] == 403
    wait_diagnosed(store, 3)  # a new worker diagnoses the next failure in full
    assert store.query()[0].diagnosis["steps"][0]["name"] == "parse"


def test_port_taken_is_a_clear_error(listener, store, profile):
    other = Listener(store, [profile], port=listener.port)
    with pytest.raises(ListenerError, match="already in use"):
        other.start()
    assert not other.running


def test_all_interfaces_only_when_asked_with_warning(store, profile):
    assert Listener(store, [profile]).warning is None
    exposed = Listener(store, [profile], host="0.0.0.0")
    assert "exposed" in exposed.warning


def test_slow_client_times_out(listener, store, monkeypatch):
    monkeypatch.setattr(listener_body, "BODY_TIMEOUT", 0.3)
    # A raw socket is the only way to send a body slower than its Content-Length promises.
    with socket.create_connection(("127.0.0.1", listener.port), timeout=10) as sock:
        sock.sendall(b"POST /api/callback HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
        reply = sock.recv(65536)
    assert reply.startswith(b"HTTP/1.1 408")
    ex = only(store)
    assert ex.error_code == "timeout" and ex.request.body == b"0123456789"


def test_stop_waits_for_in_flight_requests(store, profile, monkeypatch):
    # Know (not guess) that the request is inside the handler: the delay policy's sleep tells us.
    delaying = threading.Event()
    real_sleep = asyncio.sleep

    async def sleep(delay: float, *args, **kwargs):
        delaying.set()
        return await real_sleep(delay, *args, **kwargs)

    watched = types.ModuleType("asyncio")
    watched.__dict__.update(asyncio.__dict__)
    watched.sleep = sleep  # type: ignore[attr-defined]
    monkeypatch.setattr(listener_app, "asyncio", watched)
    lst = Listener(store, [profile], policy=Policy.delay(300))
    lst.start()
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(send("POST", lst.url, push(profile, event()))[0]))
    worker.start()
    assert delaying.wait(10), "the push never reached the delay policy"
    lst.stop()
    worker.join()
    assert result == [200]
    assert store.count() == 1
