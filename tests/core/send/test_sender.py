"""The sender against real HTTP servers: a correct handler, and handlers written the way users get them wrong."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from dingconsole.core.crypto import request_params
from dingconsole.core.diagnose import Status
from dingconsole.core.send import sender, templates
from tests.send_stubs import PROFILE, StubHandler, event_ids, serve


def _failure_text(delivery: sender.Delivery) -> str:
    return json.dumps(delivery.report.to_dict(), ensure_ascii=False) + (delivery.error or "")


def test_seal_push_is_what_dingtalk_sends() -> None:
    request = sender.seal_push('{"EventType":"check_url"}', PROFILE, timestamp="1445827045067", nonce="nEXhMP4r")
    assert request.method == "POST"
    assert request.query["signature"] == request.query["msg_signature"]
    assert (request.query["timestamp"], request.query["nonce"]) == ("1445827045067", "nEXhMP4r")
    assert set(json.loads(request.body)) == {"encrypt"}
    assert PROFILE.crypto().open_request(request.query, request.body).message == '{"EventType":"check_url"}'
    fresh = sender.seal_push("x", PROFILE)
    assert len(fresh.query["nonce"]) == 8 and len(fresh.query["timestamp"]) == 13
    assert request_params(fresh.query)["signature"] == fresh.query["msg_signature"]


def test_a_correct_handler_passes_and_the_observer_sees_it() -> None:
    handler = StubHandler()
    seen: list[sender.Delivery] = []
    with serve(handler) as url:
        deliveries = sender.send(url, templates.render("check_url"), PROFILE, observer=seen.append)
    assert [d.ok for d in deliveries] == [True]
    assert seen == deliveries
    delivery = deliveries[0]
    assert delivery.status == 200 and delivery.error is None and delivery.elapsed_ms > 0
    assert handler.received == ['{"EventType":"check_url"}']
    assert delivery.to_dict()["ok"] is True


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("lower_timestamp", "timeStamp"),
        ("plain", "json"),
        ("other_owner", "dingsomeoneelse99"),
    ],
)
def test_broken_handlers_are_judged_with_the_right_diagnosis(mode: str, expected: str) -> None:
    with serve(StubHandler(mode=mode)) as url:
        (delivery,) = sender.send(url, templates.render("check_in"), PROFILE)
    assert delivery.status == 200 and delivery.error is None
    assert not delivery.ok
    failure = delivery.report.first_failure
    assert failure is not None
    assert expected.lower() in (failure.name + failure.detail + str(failure.code)).lower()


def test_owner_key_failure_names_both_keys() -> None:
    with serve(StubHandler(mode="other_owner")) as url:
        (delivery,) = sender.send(url, templates.render("check_in"), PROFILE)
    text = _failure_text(delivery)
    assert "dingsomeoneelse99" in text and PROFILE.owner_key in text


def test_a_two_second_reply_is_over_the_1500_ms_budget() -> None:
    with serve(StubHandler(delay=2.0)) as url:
        (delivery,) = sender.send(url, templates.render("check_url"), PROFILE)
    assert delivery.status == 200 and delivery.elapsed_ms >= 2000
    assert not delivery.ok
    assert "1500" in _failure_text(delivery)


def test_a_redirect_is_reported_not_followed() -> None:
    with serve(StubHandler(mode="redirect")) as url:
        (delivery,) = sender.send(url, templates.render("check_url"), PROFILE)
    assert delivery.status == 302 and not delivery.ok
    assert "redirect" in delivery.error and "/elsewhere" in delivery.error
    assert delivery.report.first_failure.name == "status"


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (delivery,) = sender.send(f"http://127.0.0.1:{port}/cb", "x", PROFILE)
    assert delivery.status is None and not delivery.ok
    assert "connection refused" in delivery.error
    assert delivery.report.first_failure.code == "unreachable"


def test_a_hanging_handler_times_out() -> None:
    with serve(StubHandler(mode="hang")) as url:
        (delivery,) = sender.send(url, "x", PROFILE, timeout=0.3)
    assert delivery.status is None and "timeout" in delivery.error
    assert delivery.report.first_failure.status is Status.FAILED


def test_a_huge_reply_is_read_only_up_to_the_cap() -> None:
    with serve(StubHandler(mode="huge")) as url:
        (delivery,) = sender.send(url, "x", PROFILE)
    assert delivery.status == 200 and not delivery.ok
    assert len(delivery.reply_body) <= sender.MAX_REPLY_BYTES < 8 << 20
    assert "larger than" in delivery.error


def test_duplicate_sends_the_same_event_id_twice_sealed_afresh() -> None:
    handler = StubHandler()
    with serve(handler) as url:
        deliveries = sender.send(url, templates.render("bpms_task_change_finish"), PROFILE, "duplicate")
    assert [d.index for d in deliveries] == [1, 2] and all(d.ok for d in deliveries)
    ids = event_ids(handler.received)
    assert len(ids) == 2 and ids[0] == ids[1] and ids[0]
    assert deliveries[0].request.query["nonce"] != deliveries[1].request.query["nonce"]


def test_burst_sends_n_concurrent_copies() -> None:
    handler = StubHandler()
    with serve(handler) as url:
        deliveries = sender.send(url, templates.render("bpms_instance_change_start"), PROFILE, "burst:12")
    assert sorted(d.index for d in deliveries) == list(range(1, 13)) and all(d.ok for d in deliveries)
    assert len(set(event_ids(handler.received))) == 1 and len(handler.received) == 12


def test_retry_follows_the_schedule_until_the_reply_passes() -> None:
    handler = StubHandler(mode="fail_then_ok:2")
    with serve(handler) as url:
        deliveries = sender.send(url, templates.render("check_in"), PROFILE, "retry", delay_scale=0.005)
    assert [(d.attempt, d.ok) for d in deliveries] == [(1, False), (2, False), (3, True)]
    assert handler.calls == 3


def test_retry_stops_after_three_attempts_and_cancel_stops_the_wait() -> None:
    handler = StubHandler(mode="plain")
    with serve(handler) as url:
        deliveries = sender.send(url, "x", PROFILE, "retry", delay_scale=0.001)
        assert len(deliveries) == 3 and not any(d.ok for d in deliveries)
        cancel = threading.Event()
        cancel.set()
        cancelled = sender.send(url, "x", PROFILE, "retry", cancel=cancel)
    assert len(cancelled) == 1


def test_replay_exact_sends_the_captured_bytes() -> None:
    handler = StubHandler()
    captured = sender.seal_push(templates.render("check_in"), PROFILE, path="/callback")
    with serve(handler) as url:
        deliveries = sender.send(url, captured, PROFILE, "duplicate")
    assert all(d.ok for d in deliveries)
    assert all(d.request.body == captured.body and d.request.query == captured.query for d in deliveries)


@pytest.mark.parametrize("text", ["twice", "burst:0", "burst:x", "burst:1001"])
def test_bad_patterns_are_refused(text: str) -> None:
    with pytest.raises(sender.SendError):
        sender.Pattern.parse(text)


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(sender.SendError):
        sender.send("ftp://example.com/", "x", PROFILE)


def test_send_to_the_real_listener_records_the_events(tmp_path) -> None:
    from dingconsole.core.listener import Listener, Policy
    from dingconsole.core.store import EventStore

    with EventStore(tmp_path / "events.sqlite3") as store:
        listener = Listener(store, [PROFILE], active=PROFILE.name)
        listener.start()
        try:
            good = sender.send(listener.url, templates.render("bpms_instance_change_start"), PROFILE, "duplicate")
            listener.set_policy(Policy.non_success())
            (refused,) = sender.send(listener.url, templates.render("check_url"), PROFILE)
        finally:
            listener.stop()
        assert [d.ok for d in good] == [True, True]
        assert not refused.ok and refused.report.first_failure.name == "message"
        captured = store.query(newest_first=False)
    assert [e.event_type for e in captured] == ["bpms_instance_change", "bpms_instance_change", "check_url"]
    assert captured[1].repeat_of == captured[0].id
