"""Failed pushes for every app type: the token flow follows the owner key, and every documented item
shape is rebuilt into the push DingTalk would have sent (stand-in open API written from its docs)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dingconsole.core.dingtalk.failed_items import Unrebuildable, rebuild
from dingconsole.core.dingtalk.failed_pushes import fetch, replay
from dingconsole.core.dingtalk.tokens import MissingTokenField, OpenApiError, flow
from dingconsole.core.exchange import Outcome
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import (
    APP_KEY,
    APP_SECRET,
    AUTH_CORP_ID,
    CORP_ID,
    CORP_SECRET,
    PERMANENT_CODE,
    SUITE_KEY,
    SUITE_SECRET,
    SUITE_TICKET,
    OpenApi,
    running,
)
from tests.send_stubs import PROFILE as HANDLER_PROFILE
from tests.send_stubs import StubHandler, serve

AES = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"
APP = Profile("app", APP_KEY, "tok", AES, app_secret=APP_SECRET)
CORP = Profile("corp", CORP_ID, "tok", AES, app_secret=CORP_SECRET)
SUITE = Profile(
    "suite",
    SUITE_KEY,
    "tok",
    AES,
    app_secret=SUITE_SECRET,
    suite_ticket=SUITE_TICKET,
    auth_corp_id=AUTH_CORP_ID,
    permanent_code=PERMANENT_CODE,
)
# An approval item as DingTalk's page and users' posts show it: the event sits in bpmsCallBackData.
APPROVAL = {
    "processInstanceId": "31068f6f-30b0-4970-9f84-8aef0f38868e",
    "finishTime": 1622863706000,
    "corpId": "dingde2ae6b631f2e1d4f2c783f7214b6d69",
    "EventType": "bpms_instance_change",
    "businessId": "202106050956000553602",
    "title": "张三提交的报销",
    "type": "finish",
    "result": "agree",
    "createTime": 1622863000000,
    "processCode": "PROC-ELYJ1A4W",
    "bizCategoryId": "",
    "staffId": "manager405",
    "url": "https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm",
}
BPMS_ITEM = {
    "call_back_tag": "bpms_instance_change",
    "event_time": 1622863706000,
    "bpms_instance_change": {"corpid": "dingde2ae6b631f2e1d4f2c783f7214b6d69", "bpmsCallBackData": APPROVAL},
}
USER_ITEM = {
    "call_back_tag": "user_add_org",
    "event_time": 1606126433000,
    "user_add_org": {"userid": ["zhangsan"], "corpid": "ding241f334c339e175b35c2f4657xxxx"},
}


def test_the_flow_follows_the_owner_key() -> None:
    assert [flow(p) for p in (APP, CORP, SUITE)] == ["app_key", "corp_id", "suite_key"]


@pytest.mark.parametrize("profile", [APP, CORP, SUITE], ids=["AppKey", "CorpId", "suiteKey"])
def test_failed_works_for_every_app_type(profile: Profile, store: EventStore) -> None:
    with running(OpenApi([[BPMS_ITEM, USER_ITEM]])) as api:
        fetched = fetch(store, profile, api_base=api.base)
        requests = api.token_requests
        assert api.calls == [api.token]
    assert [ex.outcome for ex in fetched] == [Outcome.OK, Outcome.OK]
    if profile is APP:
        assert requests == [{"path": "/gettoken", "appkey": APP_KEY, "appsecret": APP_SECRET}]
    elif profile is CORP:
        assert requests == [{"path": "/gettoken", "corpid": CORP_ID, "corpsecret": CORP_SECRET}]
    else:
        assert [r["path"] for r in requests] == ["/service/get_suite_token", "/service/get_corp_token"]
        assert requests[1]["auth_corpid"] == AUTH_CORP_ID and requests[1]["permanent_code"] == PERMANENT_CODE


def test_a_suite_profile_without_its_fields_is_refused_before_any_call(store: EventStore) -> None:
    bare = Profile("suite", SUITE_KEY, "tok", AES, app_secret=SUITE_SECRET)
    with pytest.raises(MissingTokenField) as info:
        fetch(store, bare, api_base="http://127.0.0.1:9")
    assert "suite ticket" in info.value.message and "--permanent-code" in info.value.hint


def test_a_wrong_suite_ticket_is_named(store: EventStore) -> None:
    stale = Profile(**{**SUITE.to_dict(), "suite_ticket": "old-ticket"})
    with running(OpenApi([])) as api, pytest.raises(OpenApiError) as info:
        fetch(store, stale, api_base=api.base)
    assert "40001" in info.value.message and "ticket" in info.value.hint


def test_bpms_items_replay_as_the_full_approval_event(store: EventStore) -> None:
    with running(OpenApi([[BPMS_ITEM]])) as api:
        (fetched,) = fetch(store, CORP, api_base=api.base)
    assert fetched.event_type == "bpms_instance_change"
    handler = StubHandler(mode="good")
    with serve(handler) as url:
        ((_, delivery),) = replay([fetched], url, HANDLER_PROFILE)
    assert delivery.ok
    (received,) = [json.loads(m) for m in handler.received]
    assert received == {**APPROVAL, "EventTime": 1622863706000}  # every approval field, nothing emptied


def test_address_book_items_use_the_push_spelling() -> None:
    assert rebuild(USER_ITEM) == {
        "EventType": "user_add_org",
        "UserId": ["zhangsan"],
        "CorpId": "ding241f334c339e175b35c2f4657xxxx",
        "EventTime": 1606126433000,
        "TimeStamp": "1606126433000",
    }


@pytest.mark.parametrize(
    ("key", "data"),
    [
        ("callbackData", {"EventType": "attendance_check_record", "DataList": [{"userId": "u1"}]}),
        ("roleLabelChange", {"LabelIdList": [1], "UserIdList": ["u1"]}),
        ("hrmCallBackData", json.dumps({"userId": "u1", "status": 2})),  # any …CallBackData, JSON text too
    ],
)
def test_every_callback_data_variant_is_rebuilt(key: str, data: Any) -> None:
    item = {"call_back_tag": "some_tag", "event_time": 5, "some_tag": {"corpid": "dingc", key: data}}
    message = rebuild(item)
    inner = json.loads(data) if isinstance(data, str) else data
    assert {k: message[k] for k in inner} == inner
    assert message["CorpId"] == "dingc" and message["EventType"] == inner.get("EventType", "some_tag")


@pytest.mark.parametrize(
    "item",
    [
        {"call_back_tag": "user_modify_org", "event_time": 1, "user_modify_org": "{corpid=dingb40b8a19}"},
        {"call_back_tag": "bpms_task_change", "event_time": 1, "bpms_task_change": {"corpid": "dingc"}},
        {"call_back_tag": "bpms_task_change", "bpms_task_change": {"corpid": "c", "bpmsCallBackData": {}}},
        {"call_back_tag": "user_add_org", "event_time": 1},
    ],
)
def test_items_without_event_data_are_unrebuildable(item: dict[str, Any]) -> None:
    with pytest.raises(Unrebuildable):
        rebuild(item)


def test_an_unrebuildable_item_is_stored_but_never_replayed(store: EventStore) -> None:
    empty = {"call_back_tag": "bpms_task_change", "event_time": 1, "bpms_task_change": {"corpid": "dingc"}}
    with running(OpenApi([[empty, BPMS_ITEM]])) as api:
        bad, good = fetch(store, APP, api_base=api.base)
    assert bad.outcome is Outcome.INVALID and bad.message is None and store.get(bad.id or 0) is not None
    handler = StubHandler(mode="good")
    with serve(handler) as url:
        results = replay([bad, good], url, HANDLER_PROFILE)
    assert [ex.id for ex, _ in results] == [good.id] and len(handler.received) == 1
