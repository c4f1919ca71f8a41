"""The Stream doctor against local stand-ins: each stage driven to each outcome, with the named cause.

Real HTTP, a real WebSocket and a real TLS handshake on loopback; DNS failures use the reserved
`.invalid` domain. Only DingTalk's own servers are stood in for (tests/dingtalk_standin.py).
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dingconsole.core.dingtalk.doctor import DoctorReport, StageResult, diagnose_stream
from dingconsole.core.dingtalk.doctor_text import MESSAGES, render
from dingconsole.core.profiles import Profile
from tests.dingtalk_standin import PROFILE, Gateway, OpenApi, event_frame, running, system_frame


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (what a TLS-inspecting proxy would present)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def api() -> Iterator[OpenApi]:
    with running(OpenApi([])) as stand_in:
        yield stand_in


def doctor(gateway: Gateway, api: OpenApi, profile: Profile = PROFILE, **options: Any) -> DoctorReport:
    options.setdefault("wait", 1.0)
    options.setdefault("timeout", 5.0)
    return diagnose_stream(profile, gateway=gateway.base, api_base=api.base, **options)


def stage(report: DoctorReport, name: str) -> StageResult:
    return next(s for s in report.stages if s.stage == name)


def statuses(report: DoctorReport) -> list[str]:
    return [s.status for s in report.stages]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_live_stream_passes_every_stage_and_answers_the_ping(gateway: Gateway, api: OpenApi) -> None:
    gateway.greet_next = system_frame("ping", '{"opaque": "p-1"}', message_id="ping-1")
    report = doctor(gateway, api)
    assert statuses(report) == ["pass"] * 6 and report.ok
    assert stage(report, "first_frame").cause == "frame_system"
    assert stage(report, "first_frame").params["topics"] == "EVENT *"
    assert gateway.wait_ack("ping-1")["data"] == '{"opaque": "p-1"}'
    assert report.checklist  # live is not proof that events are subscribed: the checklist still shows


def test_an_event_received_while_waiting_is_acked_later_so_it_is_not_lost(gateway: Gateway, api: OpenApi) -> None:
    gateway.greet_next = event_frame({"EventType": "user_add_org"}, message_id="ev-doc")
    report = doctor(gateway, api)
    assert stage(report, "first_frame").cause == "frame_delivery"
    assert '"LATER"' in gateway.wait_ack("ev-doc")["data"]


@pytest.mark.parametrize(
    ("field", "value", "cause"),
    [
        ("app_secret", PROFILE.app_secret + " ", "cred_whitespace_edge"),
        ("owner_key", "ding abc", "cred_whitespace_inside"),
        ("app_secret", "sec\u200bret", "cred_whitespace_invisible"),
        ("app_secret", "", "cred_no_app_secret"),
        ("owner_key", "", "cred_no_app_key"),
        ("owner_key", "ding0123456789abcdef", "cred_corp_id"),
    ],
)
def test_credentials_stage_names_the_field_and_stops(
    gateway: Gateway, api: OpenApi, field: str, value: str, cause: str
) -> None:
    report = doctor(gateway, api, Profile(**{**PROFILE.to_dict(), field: value}))
    assert stage(report, "credentials").status == "fail" and stage(report, "credentials").cause == cause
    assert statuses(report)[1:5] == ["skip"] * 4 and stage(report, "token").cause == "not_checked"
    assert stage(report, "verdict").params == {"stage": "credentials"}
    assert not gateway.open_bodies and not api.token_requests  # nothing was sent anywhere


def test_whitespace_is_named_by_field(gateway: Gateway, api: OpenApi) -> None:
    report = doctor(gateway, api, Profile(**{**PROFILE.to_dict(), "app_secret": PROFILE.app_secret + "\n"}))
    text = render(stage(report, "credentials").cause, stage(report, "credentials").params)
    assert "AppSecret" in text and "'\\n'" in text


def test_the_token_api_refusing_is_named_with_dingtalks_code(gateway: Gateway, api: OpenApi) -> None:
    report = doctor(gateway, api, Profile(**{**PROFILE.to_dict(), "app_secret": "wrong-secret"}))
    token = stage(report, "token")
    assert token.status == "fail" and token.cause == "token_refused"
    assert token.params["errcode"] == 40089 and token.params["errmsg"] == "不合法的corpid或corpsecret"
    assert stage(report, "open").status == "skip" and not gateway.open_bodies


def test_the_token_api_unreachable_names_the_layer(gateway: Gateway) -> None:
    report = diagnose_stream(PROFILE, gateway=gateway.base, api_base=f"http://127.0.0.1:{closed_port()}", wait=1)
    assert stage(report, "token").cause == "net_tcp" and stage(report, "token").params["layer"] == "tcp"


@pytest.mark.parametrize(
    ("status", "body", "cause"),
    [
        (401, {"code": "authFailed", "message": "鉴权失败", "requestid": "r1"}, "open_auth"),
        (400, {"code": "InvalidParameter", "message": "app not online", "requestid": "r2"}, "open_invalid_parameter"),
        (
            403,
            {"code": "Forbidden.AccessDenied.IpNotInWhiteList", "message": "ip", "requestid": "r3"},
            "open_forbidden",
        ),
        (403, {"code": "Forbidden.AccessDenied.QpsLimitForApi", "message": "qps", "requestid": "r4"}, "open_throttled"),
        (429, {"code": "Throttling", "message": "slow down", "requestid": "r5"}, "open_throttled"),
        (503, {"code": "InternalError", "message": "oops", "requestid": "r6"}, "open_server"),
        (502, {"code": "", "message": "bad gateway", "requestid": "r7"}, "open_server"),
    ],
)
def test_open_refusals_are_read_from_dingtalks_body(
    gateway: Gateway, api: OpenApi, status: int, body: dict[str, Any], cause: str
) -> None:
    gateway.open_script = [(status, body)]
    report = doctor(gateway, api)
    opened = stage(report, "open")
    assert opened.status == "fail" and opened.cause == cause
    assert opened.params["status"] == status and opened.params["code"] == body["code"]
    assert stage(report, "token").status == "pass" and stage(report, "websocket").status == "skip"
    # only DingTalk's own credentials refusal is blamed on the credentials
    assert ("credentials are wrong" in render(cause, opened.params)) == (cause == "open_auth")


def test_open_answered_by_something_else_is_not_blamed_on_credentials(gateway: Gateway, api: OpenApi) -> None:
    gateway.open_script = [(400, "<html>400 The plain HTTP request was sent to HTTPS port</html>")]  # type: ignore[list-item]
    report = doctor(gateway, api)
    assert stage(report, "open").cause == "open_not_json" and "plain HTTP" in stage(report, "open").params["body"]


def test_the_open_call_is_the_sdks(gateway: Gateway, api: OpenApi) -> None:
    gateway.greet_next = system_frame("ping", "{}")
    doctor(gateway, api, callback_topics=["/v1.0/im/bot/messages/get"])
    assert gateway.open_headers[0]["Accept"] == "application/json"
    assert gateway.open_bodies[0]["subscriptions"][1] == {"type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"}


def _endpoint(gateway: Gateway, endpoint: str, ticket: str = "t-1") -> None:
    gateway.open_script = [(200, {"endpoint": endpoint, "ticket": ticket})]


def test_websocket_dns_failure_is_named(gateway: Gateway, api: OpenApi) -> None:
    _endpoint(gateway, "wss://doctor-test.invalid/connect")
    report = doctor(gateway, api)
    assert stage(report, "open").status == "pass"
    ws = stage(report, "websocket")
    assert ws.cause == "net_dns" and ws.params["host"] == "doctor-test.invalid"


def test_websocket_tcp_refusal_is_named(gateway: Gateway, api: OpenApi) -> None:
    _endpoint(gateway, f"ws://127.0.0.1:{closed_port()}/connect")
    assert stage(doctor(gateway, api), "websocket").cause == "net_tcp"


def test_websocket_upgrade_refusal_is_named_with_its_status(gateway: Gateway, api: OpenApi) -> None:
    _endpoint(gateway, f"ws://127.0.0.1:{gateway.port}/connect", ticket="not-a-ticket")
    ws = stage(doctor(gateway, api), "websocket")
    assert ws.cause == "net_upgrade" and ws.params["status"] == 403


def test_websocket_tls_failure_is_named(gateway: Gateway, api: OpenApi, certificate: tuple[Path, Path]) -> None:
    with running(Gateway(ssl_context=server_context(certificate))) as tls_gateway:
        _endpoint(gateway, f"wss://127.0.0.1:{tls_gateway.port}/connect")
        ws = stage(doctor(gateway, api), "websocket")
    assert ws.cause == "net_tls" and "certificate" in ws.params["detail"].lower()


def test_a_silent_socket_fails_the_first_frame_and_gives_the_checklist(gateway: Gateway, api: OpenApi) -> None:
    gateway.silent_next = True
    report = doctor(gateway, api, wait=0.5)
    assert stage(report, "websocket").status == "pass"
    assert stage(report, "first_frame").cause == "frame_silent" and stage(report, "first_frame").params["wait"] == 0.5
    assert stage(report, "verdict").cause == "verdict_silent" and not report.ok
    assert "check_other_consumer" in report.checklist and "check_card_callback_type" in report.checklist


def test_a_socket_closed_at_once_is_named(gateway: Gateway, api: OpenApi) -> None:
    gateway.close_next = True
    assert stage(doctor(gateway, api), "first_frame").cause == "frame_closed"


def test_every_code_the_doctor_reports_has_both_languages(gateway: Gateway, api: OpenApi) -> None:
    for english, chinese in MESSAGES.values():
        if any(c.isalpha() for c in english.split("}")[-1]):  # templates of only fields need no words
            assert any("\u4e00" <= c <= "\u9fff" for c in chinese), english
    gateway.silent_next = True
    report = doctor(gateway, api, wait=0.2)
    for result in report.stages:
        assert result.cause in MESSAGES and (not result.hint or result.hint in MESSAGES)
        assert render(result.cause, result.params, "zh") != render(result.cause, result.params, "en")


def test_the_frame_wait_is_not_cut_by_the_http_timeout(gateway: Gateway, api: OpenApi) -> None:
    gateway.silent_next = True
    started = time.monotonic()
    report = doctor(gateway, api, wait=1.5, timeout=0.5)
    assert stage(report, "first_frame").cause == "frame_silent" and time.monotonic() - started >= 1.5


def test_a_black_holed_token_api_is_a_timeout(gateway: Gateway) -> None:
    with socket.socket() as hole:  # accepts the TCP connection (backlog) and never answers
        hole.bind(("127.0.0.1", 0))
        hole.listen(1)
        report = diagnose_stream(
            PROFILE, gateway=gateway.base, api_base=f"http://127.0.0.1:{hole.getsockname()[1]}", wait=1, timeout=0.5
        )
    assert stage(report, "token").cause == "net_timeout"
