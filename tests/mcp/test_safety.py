"""The MCP server's safety rules, end to end: no secret in any result, loopback only unless allowed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dingconsole.core.profiles import Profile
from dingconsole.mcp_server.guard import REDACTED, Redactor, allowed_target, loopback_host
from dingconsole.mcp_server.reply import ToolFailure
from tests.mcp.conftest import Seeded, dump
from tests.mcp.test_tools import raw_http
from tests.mcp_client import McpServerProcess


def test_no_secret_in_any_result_even_when_asked(seeded: Seeded) -> None:
    demo, robot = seeded.demo, seeded.robot
    calls = [
        ("profiles_list", {}),
        ("profiles_list", {"lang": "zh"}),
        ("events_list", {"limit": 200}),
        ("events_list", {"text": demo.token}),  # searching for the token finds the push that quotes it…
        ("event_show", {"event_id": seeded.ids["secret"], "max_chars": 50_000}),  # …whose message is shown…
        ("decrypt", {"text": raw_http(seeded, "secret"), "profile": "demo"}),  # …or decrypted again
        ("diagnose", {"text": raw_http(seeded, "secret")}),
        ("encrypt", {"message": f"token={demo.token} aesKey={demo.aes_key}", "profile": "demo"}),
        ("diagnose", {"text": f"the aesKey is {demo.aes_key} and the AppSecret {robot.app_secret}"}),
        ("sign", {"encrypt": robot.app_secret, "nonce": demo.token, "timestamp": "1", "profile": "robot"}),
        ("event_show", {"event_id": demo.token}),  # a malformed call echoes its arguments in the SDK's error
        ("catalogue", {"event_type": robot.app_secret}),
        ("send", {"url": f"http://{robot.app_secret}.example/x", "event_type": "user_add_org"}),
    ]
    texts = [dump(seeded.server.call(name, **arguments)) for name, arguments in calls]
    uri = f"dingconsole://events/{seeded.ids['secret']}"
    texts.append(dump(seeded.server.run(lambda s: s.read_resource(uri))))
    texts.append(dump(seeded.server.run(lambda s: s.list_tools())))
    for text in texts:
        for secret in seeded.secrets:
            assert secret not in text, text[:2000]
    shown = json.loads(texts[4])
    assert REDACTED in shown["structuredContent"]["data"]["event"]["message"]  # the push was shown, minus secrets
    assert "evt-3" in texts[3]
    listed = json.loads(texts[0])["structuredContent"]["data"]["profiles"]
    assert {"token", "aes_key", "app_secret"} <= set(listed[0]["secrets"])


def test_send_and_conform_refuse_a_non_loopback_host_before_connecting(seeded: Seeded) -> None:
    before = seeded.newest_id()
    port = seeded.listener.port
    # 0.0.0.0 reaches this machine's listener on Linux, so a refused call is visible as nothing recorded
    for tool, extra in (("send", {"event_type": "user_add_org"}), ("conform", {"only": ["check_url"]})):
        error, text, data = seeded.call(tool, url=f"http://0.0.0.0:{port}/api/callback", profile="demo", **extra)
        assert error and data["code"] == "remote_refused" and data["params"] == {"host": "0.0.0.0"}, text
        assert "--allow-remote 0.0.0.0" in text
    error, _text, data = seeded.call("send", url="http://192.0.2.10:8080/cb", event_type="user_add_org", lang="zh")
    assert error and data["code"] == "remote_refused" and "不是本机回环地址" in data["text"]
    assert seeded.newest_id() == before


def test_allow_remote_lets_the_named_host_through(seeded: Seeded, tmp_path: Path) -> None:
    before = seeded.newest_id()
    server = McpServerProcess(
        "--home", str(seeded.home), "--allow-remote", "0.0.0.0", stderr_path=tmp_path / "stderr.txt"
    )
    try:
        url = f"http://0.0.0.0:{seeded.listener.port}/api/callback"
        result = server.call("send", url=url, event_type="user_add_org", profile="demo")
        other = server.call("send", url="http://192.0.2.10:8080/cb", event_type="user_add_org")
    finally:
        server.close()
    data = result.structured_content or {}
    assert data["code"] == "send" and data["params"]["total"] == 1, dump(result)  # it went out: a delivery
    assert seeded.newest_id() == before + 1  # and reached the listener
    assert (other.structured_content or {})["code"] == "remote_refused"  # only the named host


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("localhost", True), ("api.localhost", True),
     ("LOCALHOST.", True), ("0.0.0.0", False), ("10.0.0.1", False), ("example.com", False),
     ("127.0.0.1.nip.io", False), ("::ffff:10.0.0.1", False)],
)  # fmt: skip
def test_loopback_is_decided_from_the_url_alone(host: str, loopback: bool) -> None:
    assert loopback_host(host) is loopback


def test_allowed_target() -> None:
    assert allowed_target("http://127.0.0.1:8000/cb", ()) == "http://127.0.0.1:8000/cb"
    assert allowed_target("https://Handler.Example.com/cb", ["handler.example.com"]).endswith("/cb")
    assert allowed_target("http://[::1]:9/cb", ())
    with pytest.raises(ToolFailure) as refused:
        allowed_target("http://handler.example.com.evil.test/cb", ["handler.example.com"])
    assert refused.value.params == {"host": "handler.example.com.evil.test"}


def test_redactor_replaces_every_form_of_every_secret() -> None:
    p = Profile("p", "owner", token="tok/en+1234", aes_key="A" * 43, app_secret="sec")
    redactor = Redactor.from_profiles([p])
    data = {"a": ["x tok/en+1234 y", {"tok%2Fen%2B1234": "A" * 43}], "n": 3}
    assert redactor.value(data) == {"a": [f"x {REDACTED} y", {REDACTED: REDACTED}], "n": 3}
    assert redactor.text("sec") == "sec"  # too short to redact without blanking ordinary words


def test_the_outcome_enum_of_the_schema_is_the_core_s() -> None:
    from typing import get_args

    from dingconsole.core.exchange import Outcome
    from dingconsole.mcp_server.params import OutcomeName

    assert get_args(OutcomeName) == tuple(o.value for o in Outcome)
