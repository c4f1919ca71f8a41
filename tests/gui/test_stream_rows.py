"""Robot messages, card callbacks, header-typed Stream events and their errors in the table, in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from dingconsole.core.dingtalk.stream_protocol import MissingAppSecret, StreamAuthError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.gui import i18n
from dingconsole.gui.event_model import Row
from dingconsole.gui.stream_health import error_text
from tests.dingtalk_standin import card_callback, robot_message


def exchange(payload: dict[str, object], kind: str, **fields: object) -> Exchange:
    return Exchange(
        received_at=1.0,
        request=HttpRequest("STREAM", "/v1.0/im/bot/messages/get"),
        transport=Transport.STREAM,
        outcome=Outcome.OK,
        message=json.dumps(payload, ensure_ascii=False),
        event_type=kind,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def chinese(qtbot: QtBot) -> Iterator[None]:
    i18n.manager().set_language(i18n.CHINESE, remember=False)
    try:
        yield
    finally:
        i18n.manager().set_language(i18n.ENGLISH, remember=False)


def test_robot_and_card_rows_in_english(qtbot: QtBot) -> None:
    robot = Row.build(exchange(robot_message("hello"), "robot_message"), "en")
    assert robot.summary == "张三 · group “项目群” · hello"
    card = Row.build(exchange(card_callback("approve", {"reason": "ok"}), "card_callback"), "en")
    assert card.summary == "manager01 · action approve · reason=ok"


def test_a_stream_event_typed_by_its_headers_is_summarised(qtbot: QtBot) -> None:
    row = Row.build(exchange({"userId": ["u1", "u2"]}, "user_add_org"), "en")
    assert "u1" in row.summary and "userId=" not in row.summary


def test_rows_and_errors_in_chinese(chinese: None) -> None:
    robot = Row.build(exchange(robot_message("你好"), "robot_message"), "zh")
    assert robot.summary == "张三 · 群聊 “项目群” · 你好"
    bad = exchange({}, "robot_message", error_code="robot_bad_sign", error_message="robot `sign` does not match")
    bad.outcome, bad.message = Outcome.FAILED, None
    assert "AppSecret" in Row.build(bad, "zh").summary and "sign does not match" not in Row.build(bad, "zh").summary


def test_stream_errors_in_chinese(chinese: None) -> None:
    refused = StreamAuthError("the gateway refused …", "", status=401, detail="clientSecret is wrong")
    text = error_text(refused)
    assert "钉钉拒绝" in text and "401" in text and "clientSecret is wrong" in text
    spaced = MissingAppSecret("…", "", profile="p", field="AppSecret")
    assert "空格" in error_text(spaced)
