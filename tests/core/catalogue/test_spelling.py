"""Issue 23: one spelling of one event — the send templates, the Stream → HTTP bridge and the field check
map the catalogue's documented (Stream) field names through core/catalogue/spelling.py."""

from __future__ import annotations

import json

from dingconsole.core import catalogue
from dingconsole.core.catalogue.check import check_fields
from dingconsole.core.dingtalk.spelling import http_payload
from dingconsole.core.send import templates


def _template(kind: str) -> dict[str, object]:
    return next(t.payload for t in templates.templates() if t.name == kind)


def test_a_catalogue_template_speaks_the_http_spelling_the_bridge_speaks() -> None:
    spec = catalogue.get("user_active_org")
    assert spec is not None and "userId" in spec.example  # DingTalk's documented (Stream) spelling
    payload = _template("user_active_org")
    assert "UserId" in payload and "userId" not in payload
    bridged = http_payload({"userId": ["u1"], "timeStamp": "1"}, {"eventType": "user_active_org"})
    assert set(bridged) >= {"UserId", "TimeStamp", "EventType"}
    assert {"UserId"} <= set(payload) & set(bridged)


def test_the_hand_written_and_catalogue_contacts_templates_agree() -> None:
    assert {"UserId", "TimeStamp"} <= set(_template("user_add_org"))
    assert not {"userId", "timeStamp"} & set(_template("user_add_org"))


def test_approval_templates_keep_their_camel_case() -> None:
    approval = _template("bpms_instance_change_start")
    assert "processInstanceId" in approval and "ProcessInstanceId" not in approval


def test_the_field_check_reads_the_http_spelling() -> None:
    spec = catalogue.get("user_add_org")
    assert spec is not None
    good = {"EventType": "user_add_org", "UserId": ["u1"], "TimeStamp": "1700000000000"}
    assert check_fields(good, spec) == []
    wrong = check_fields({**good, "UserId": "u1"}, spec)  # a string where DingTalk sends a list
    assert [(p.field, p.kind) for p in wrong] == [("UserId", "wrong_type")]


def test_callbacks_and_unconfirmed_lists_are_marked() -> None:
    for kind in ("card_callback", "robot_message"):
        spec = catalogue.get(kind)
        assert spec is not None and spec.stream_callback and "not an HTTP event push" in spec.note()
    im = catalogue.get("user_im_message_receive_o2o")
    assert im is not None and im.unconfirmed and "未经" in im.note("zh")
    user = catalogue.get("user_add_org")
    assert user is not None and not user.stream_callback and user.note() == ""
    assert json.dumps(user.example)  # unchanged catalogue data still loads
