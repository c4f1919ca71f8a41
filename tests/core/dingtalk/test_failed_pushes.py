"""Failed-push list: fetch with has_more paging against a stand-in open API, store at once, replay at a handler."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from dingconsole.core.dingtalk.failed_pushes import FailedPushError, fetch, replay, to_exchange
from dingconsole.core.dingtalk.tokens import MissingTokenField
from dingconsole.core.exchange import Exchange, Outcome, Transport
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import APP_KEY, APP_SECRET, OpenApi, running
from tests.send_stubs import PROFILE as HANDLER_PROFILE
from tests.send_stubs import StubHandler, serve

PROFILE = Profile(
    name="corp",
    owner_key=APP_KEY,
    token="tok123",
    aes_key="4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
    app_secret=APP_SECRET,
)


def item(tag: str, n: int, payload: Any = None) -> dict[str, Any]:
    body = payload if payload is not None else {"CorpId": "dingcorp", "UserId": [f"u{n}"], "eventId": f"ev-{n}"}
    return {"call_back_tag": tag, "event_time": 1_700_000_000_000 + n, tag: body}


PAGES = [
    [item("user_add_org", 1), item("user_leave_org", 2)],
    [item("org_dept_create", 3, {"DeptId": [9]})],
    [item("user_modify_org", 4, "{corpid=dingcorp}")],
]


def test_fetch_follows_has_more_and_stores_every_item(store: EventStore) -> None:
    pages_seen: list[int] = []
    with running(OpenApi(PAGES)) as api:
        fetched = fetch(store, PROFILE, api_base=api.base, on_page=lambda page: pages_seen.append(store.count()))
        assert len(api.calls) == 3 and set(api.calls) == {api.token}
    assert pages_seen == [2, 3, 4]  # each page committed before the next call
    assert [ex.event_type for ex in fetched] == ["user_add_org", "user_leave_org", "org_dept_create", "user_modify_org"]
    stored = store.query(newest_first=False)
    assert [ex.id for ex in stored] == [ex.id for ex in fetched]
    first = stored[0]
    assert first.transport is Transport.FAILED_API and first.outcome is Outcome.OK and first.profile == "corp"
    assert json.loads(first.message or "") == {
        "EventType": "user_add_org",
        "CorpId": "dingcorp",
        "UserId": ["u1"],
        "eventId": "ev-1",
        "EventTime": 1_700_000_000_001,
        "TimeStamp": "1700000000001",
    }
    assert first.event_id == "ev-1"
    assert json.loads(first.request.body) == PAGES[0][0]  # the raw entry is kept
    assert APP_SECRET not in first.request.url_path() and "access_token" not in first.request.url_path()
    java_map = stored[3]  # Java map text holds no event: stored as it came, never replayable
    assert java_map.outcome is Outcome.INVALID and java_map.message is None
    assert java_map.error_code == "failed_item_unrebuildable" and "not JSON" in (java_map.error_message or "")
    assert java_map.event_type == "user_modify_org"


def test_an_error_half_way_keeps_what_was_fetched(store: EventStore) -> None:
    api = OpenApi(PAGES)
    api.fail_on_call = 2
    with running(api):
        with pytest.raises(FailedPushError) as info:
            fetch(store, PROFILE, api_base=api.base)
    assert "90018" in info.value.message and "2 failed pushes" in info.value.hint
    assert store.count() == 2


def test_wrong_credentials_are_named(store: EventStore) -> None:
    wrong = Profile(**{**PROFILE.to_dict(), "app_secret": "bad"})
    with running(OpenApi(PAGES)) as api:
        with pytest.raises(FailedPushError) as info:
            fetch(store, wrong, api_base=api.base)
        assert api.calls == []
    assert "40089" in info.value.message and "AppSecret" in info.value.hint
    assert store.count() == 0


def test_missing_app_secret_is_refused_before_any_call(store: EventStore) -> None:
    with pytest.raises(MissingTokenField):
        fetch(store, Profile(**{**PROFILE.to_dict(), "app_secret": ""}), api_base="http://127.0.0.1:9")


def test_an_unreachable_open_api_is_named(store: EventStore) -> None:
    with socket.socket() as closed:  # bound, never listening: connections are refused at once
        closed.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{closed.getsockname()[1]}"
        with pytest.raises(FailedPushError) as info:
            fetch(store, PROFILE, api_base=base)
    assert info.value.message.startswith(f"cannot reach DingTalk's open API at {base}/gettoken: ")
    assert "--api-base" in info.value.hint
    assert store.count() == 0


def test_an_entry_without_tag_is_recorded_invalid() -> None:
    ex = to_exchange({"event_time": 1}, PROFILE, "https://oapi.dingtalk.com")
    assert ex.outcome is Outcome.INVALID and ex.error_code == "bad_failed_item" and ex.message is None
    assert ex.remote == "oapi.dingtalk.com"


def test_replay_seals_each_event_for_the_handler(store: EventStore) -> None:
    with running(OpenApi(PAGES[:2])) as api:
        fetched = fetch(store, PROFILE, api_base=api.base)
    handler = StubHandler(mode="good")
    seen: list[tuple[Exchange, bool]] = []
    with serve(handler) as url:
        results = replay(fetched, url, HANDLER_PROFILE, observer=lambda ex, d: seen.append((ex, d.ok)))
    assert [json.loads(m)["EventType"] for m in handler.received] == [
        "user_add_org",
        "user_leave_org",
        "org_dept_create",
    ]
    assert [ok for _, ok in seen] == [True, True, True]
    assert all(d.status == 200 and d.report.ok for _, d in results)


def test_replay_reports_a_bad_reply() -> None:
    ex = to_exchange(item("check_in", 5), PROFILE, "https://oapi.dingtalk.com")
    with serve(StubHandler(mode="plain")) as url:
        ((_, delivery),) = replay([ex], url, HANDLER_PROFILE)
    assert delivery.status == 200 and not delivery.ok


def test_replay_records_each_delivery_as_a_new_exchange(store: EventStore) -> None:
    with running(OpenApi(PAGES[:1])) as api:
        fetched = fetch(store, PROFILE, api_base=api.base)
    heard: list[int] = []
    with serve(StubHandler(mode="good")) as url:
        results = replay(fetched, url, HANDLER_PROFILE, store=store, observer=lambda ex, d: heard.append(store.count()))
    assert heard == [3, 4]  # saved before the observer hears of it
    replays = store.query(newest_first=False)[2:]
    for original, replayed, (_, delivery) in zip(fetched, replays, results, strict=True):
        assert replayed.repeat_of == original.id and replayed.id not in (None, original.id)
        assert replayed.transport is Transport.FAILED_API and replayed.outcome is Outcome.OK
        assert replayed.profile == HANDLER_PROFILE.name
        assert (replayed.message, replayed.event_type, replayed.event_id) == (
            original.message,
            original.event_type,
            original.event_id,
        )
        assert replayed.reply_status == 200 and replayed.reply_body == delivery.reply_body
        assert replayed.diagnosis is not None and replayed.diagnosis["kind"] == "reply" and replayed.diagnosis["ok"]
        assert replayed.handling_ms == pytest.approx(delivery.elapsed_ms)
        assert replayed.request.method == "POST" and replayed.request.path == "/callback"
        assert replayed.request.query["msg_signature"] and json.loads(replayed.request.body)["encrypt"]
    assert store.get(fetched[0].id or 0) == fetched[0]  # the fetched event itself is untouched


def test_replay_records_refused_and_unreachable_deliveries_as_failed(store: EventStore) -> None:
    ex = to_exchange(item("check_in", 5), PROFILE, "https://oapi.dingtalk.com")
    store.add(ex)
    with serve(StubHandler(mode="plain")) as url:
        replay([ex], url, HANDLER_PROFILE, store=store)
    with serve(StubHandler(mode="good")) as gone:
        pass  # a port nothing listens on any more
    replay([ex], gone, HANDLER_PROFILE, store=store, timeout=5)
    _, refused, unreachable = store.query(newest_first=False)
    assert refused.outcome is Outcome.FAILED and refused.reply_status == 200 and refused.error_code
    assert refused.repeat_of == ex.id and "handler at" in (refused.error_message or "")
    assert unreachable.outcome is Outcome.FAILED and unreachable.reply_status is None
    assert unreachable.error_code == "unreachable" and unreachable.repeat_of == ex.id
