"""Diagnosis detail lines rebuilt in Chinese from real reports' code + params; English and unknown
shapes keep the core's own text."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from dingconsole.core.crypto import generate_aes_key, parse_aes_key
from dingconsole.core.diagnose import Report, Status, Step, check_reply, diagnose_request
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push, sender
from dingconsole.gui import i18n
from dingconsole.gui.detail_panes import DiagnosisView
from dingconsole.gui.step_details import delivery_error, step_detail
from tests import send_stubs

DEMO = Profile("demo", "dingdemoapp7x2k9q", "demotoken2026", generate_aes_key())
EVENT = json.dumps({"EventType": "user_add_org", "UserId": ["u1"]})


@pytest.fixture
def zh(qapp) -> Iterator[i18n.LanguageManager]:
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    yield manager
    manager.set_language(i18n.ENGLISH, remember=False)


def failed(report: Report) -> Step:
    step = report.first_failure
    assert step is not None
    return step


def test_wrong_token_names_expected_and_received_in_chinese(zh) -> None:
    push = seal_push(EVENT, Profile("x", DEMO.owner_key, "another-token", DEMO.aes_key))
    step = failed(diagnose_request(push, [DEMO]))
    text = step_detail(step)
    assert step.code == "signature_mismatch"
    assert text.startswith("签名不符") and "“demo”" in text
    assert step.params["expected"] in text and step.params["received"] in text
    zh.set_language(i18n.ENGLISH, remember=False)
    assert step_detail(step) == step.detail  # English: the core's own words


def test_owner_key_made_for_a_corpid(zh) -> None:
    push = seal_push(EVENT, Profile("y", "ding5f1e0c3a7b2d9e41", DEMO.token, DEMO.aes_key))
    step = failed(diagnose_request(push, [DEMO]))
    text = step_detail(step)
    assert step.code == "owner_key_mismatch"
    assert "ding5f…" in text and "“demo”" in text and "CorpId" in text and "AppKey" in text
    assert "made for" not in text and "用于通过 register_call_back 注册的应用" in text


def test_wrong_aes_key_fails_padding_or_length_in_chinese(zh) -> None:
    push = seal_push(EVENT, Profile("z", DEMO.owner_key, DEMO.token, generate_aes_key()))
    step = failed(diagnose_request(push, [DEMO]))
    assert step.code in ("invalid_padding", "invalid_length", "invalid_utf8")
    text = step_detail(step)
    assert text != step.detail and any(word in text for word in ("填充", "长度字段", "明文", "UTF-8"))


def test_missing_query_parameter_and_bad_body(zh) -> None:
    push = seal_push(EVENT, DEMO)
    push.query.pop("nonce")
    step = failed(diagnose_request(push, [DEMO]))
    assert step_detail(step) == "URL 查询参数缺少 nonce"
    push.body = b"{not json"
    assert step_detail(failed(diagnose_request(push, [DEMO]))).startswith("请求体不是 JSON：")


def test_aes_key_errors_from_their_params(zh) -> None:
    for text, expected in (("abc", "aesKey 有 3 个字符，应为 43 个"), ("+" * 43, "aesKey 第 1 个字符是 '+'")):
        with pytest.raises(DingError) as caught:
            parse_aes_key(text)
        err = caught.value
        step = Step("aes_key", Status.FAILED, err.message, err.hint, err.code, dict(err.params))
        assert step_detail(step).startswith(expected)


def test_reply_field_errors_name_the_wrong_field(zh) -> None:
    sealed = DEMO.crypto().seal("success")
    sealed["timestamp"] = sealed.pop("timeStamp")
    report = check_reply(200, json.dumps(sealed).encode(), DEMO, elapsed_ms=2100)
    fields = next(s for s in report.steps if s.name == "fields")
    assert step_detail(fields) == "返回字段：`timestamp` 应为 `timeStamp`"
    slow = next(s for s in report.steps if s.name == "time")
    assert step_detail(slow) == "用时 2100 ms，超过了 1500 ms 的时限"
    status = failed(check_reply(302, b"", DEMO))
    assert step_detail(status) == "HTTP 302：重定向"


def test_missing_params_fall_back_to_the_core_text(zh) -> None:
    step = Step("signature", Status.FAILED, "signature mismatch (old store)", "", "signature_mismatch", {})
    assert step_detail(step) == "signature mismatch (old store)"
    odd = Step("x", Status.FAILED, "something new", "", "a_future_code", {"a": 1})
    assert step_detail(odd) == "something new"


def test_the_diagnosis_view_shows_chinese_details(qtbot, zh) -> None:
    push = seal_push(EVENT, Profile("x", DEMO.owner_key, "another-token", DEMO.aes_key))
    view = DiagnosisView()
    qtbot.addWidget(view)
    view.set_report(diagnose_request(push, [DEMO]))
    assert "签名不符" in view.verdict.text()
    details = [view.steps.topLevelItem(i).text(1) for i in range(view.steps.topLevelItemCount())]
    assert any(d.startswith("解码为") for d in details)  # passed steps with params are translated too


def test_a_diagnosis_view_shown_before_a_language_switch_follows_it(qtbot, zh) -> None:
    """An embedded view (the workbench's) kept its English headers and steps after switching."""
    zh.set_language(i18n.ENGLISH, remember=False)
    push = seal_push(EVENT, Profile("x", DEMO.owner_key, "another-token", DEMO.aes_key))
    view = DiagnosisView()
    qtbot.addWidget(view)
    view.set_report(diagnose_request(push, [DEMO]))
    assert view.steps.headerItem().text(0) == "Step" and "signature mismatch" in view.verdict.text()
    zh.set_language(i18n.CHINESE, remember=False)  # Qt posts LanguageChange: let it arrive
    qtbot.waitUntil(lambda: view.steps.headerItem().text(0) == "步骤")
    assert view.layout_table.headerItem().text(0) == "部分"
    assert "签名不符" in view.verdict.text()


def test_a_failed_rows_summary_is_its_translated_failure(zh) -> None:
    import time

    from dingconsole.core.exchange import Exchange, Outcome
    from dingconsole.gui.event_model import Row

    push = seal_push(EVENT, Profile("x", DEMO.owner_key, "another-token", DEMO.aes_key))
    report = diagnose_request(push, [DEMO])
    exchange = Exchange(
        received_at=time.time(),
        request=push,
        remote="127.0.0.1",
        outcome=Outcome.FAILED,
        error_code="signature_mismatch",
        error_message=failed(report).detail,
        diagnosis=report.to_dict(),
    )
    assert Row.build(exchange, "zh").summary.startswith("签名不符")
    zh.set_language(i18n.ENGLISH, remember=False)
    assert Row.build(exchange, "en").summary == failed(report).detail


def test_every_passed_step_of_a_good_push_is_chinese(zh) -> None:
    push = seal_push(EVENT, DEMO)
    report = diagnose_request(push, [DEMO])
    assert report.ok
    for step in report.steps:
        text = step_detail(step)
        assert text != step.detail or not step.detail.isascii(), f"{step.name} still English: {text}"
    parse = next(s for s in report.steps if s.name == "parse")
    params = next(s for s in report.steps if s.name == "parameters")
    assert step_detail(parse).startswith("请求体的 encrypt 值")
    assert step_detail(params) == f"msg_signature，时间戳 {push.query['timestamp']}，nonce {push.query['nonce']}"


def test_the_byte_layout_part_names_are_translated(qtbot, zh) -> None:
    view = DiagnosisView()
    qtbot.addWidget(view)
    view.set_report(diagnose_request(seal_push(EVENT, DEMO), [DEMO]))
    names = [view.layout_table.topLevelItem(i).text(0) for i in range(view.layout_table.topLevelItemCount())]
    assert names == ["随机数", "长度", "消息", "归属 Key", "填充"]
    assert "随机数" in view.bar.toolTip() and "owner" not in view.bar.toolTip()
    zh.set_language(i18n.ENGLISH, remember=False)
    view.set_report(diagnose_request(seal_push(EVENT, DEMO), [DEMO]))
    assert view.layout_table.topLevelItem(3).text(0) == "owner_key"  # the protocol's own word


def test_deliveries_without_a_reply_are_explained_in_chinese(zh) -> None:
    """The Send tab's no-reply errors (core.sender: refused, timeout) carry no params, only English text
    and a one-step report; they are rebuilt from it, and an unknown shape keeps the core's text."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        (refused,) = sender.send(f"http://127.0.0.1:{port}/cb", EVENT, DEMO)
    assert delivery_error(refused) == f"无法连接 127.0.0.1:{port}：连接被拒绝"
    assert step_detail(failed(refused.report)) == f"无法连接 127.0.0.1:{port}：连接被拒绝"
    with send_stubs.serve(send_stubs.StubHandler(mode="hang")) as url:
        (late,) = sender.send(url, EVENT, send_stubs.PROFILE, timeout=0.3)
    assert late.status is None and delivery_error(late) == "0.3 秒内没有回复（超时）"
    odd = Step("connect", Status.FAILED, "cannot reach the moon", "", "unreachable")
    assert step_detail(odd) == "cannot reach the moon"
