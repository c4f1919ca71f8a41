"""`dingconsole mcp` through the SDK's stdio client: the tools, their schemas and results, over a seeded store."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from mcp.shared.exceptions import MCPError

from dingconsole.core.crypto import sign
from tests.mcp.conftest import BIG_TEXT, Seeded, dump

TOOLS = {
    "profiles_list", "catalogue", "events_list", "event_show", "diagnose", "decrypt", "encrypt", "sign", "send",
    "conform",
}  # fmt: skip


def raw_http(seeded: Seeded, name: str) -> str:
    """One of the seeded pushes as a pasted raw HTTP request."""
    req = seeded.requests[name]
    return (
        f"POST /api/callback?{urlencode(req.query)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\n\r\n{req.body.decode()}"
    )


def test_tools_are_listed_with_their_schemas(seeded: Seeded) -> None:
    tools = {tool.name: tool for tool in seeded.server.run(lambda s: s.list_tools()).tools}
    assert set(tools) == TOOLS  # no gateway tools (no local gateway yet), nothing that deletes
    for tool in tools.values():
        assert tool.input_schema["type"] == "object" and tool.description
        assert tool.annotations is not None and tool.annotations.destructive_hint is False
    listing = tools["events_list"].input_schema["properties"]
    assert {"event_types", "families", "outcomes", "profiles", "text", "since", "until", "limit", "lang"} <= set(
        listing
    )
    assert listing["lang"]["enum"] == ["en", "zh"] and listing["limit"]["maximum"] == 200
    assert tools["event_show"].input_schema["required"] == ["event_id"]
    assert tools["events_list"].annotations.read_only_hint is True
    assert tools["send"].annotations.read_only_hint is False
    templates = seeded.server.run(lambda s: s.list_resource_templates()).resource_templates
    assert [t.uri_template for t in templates] == ["dingconsole://events/{event_id}"]


def test_profiles_list_says_which_secrets_are_set_never_their_values(seeded: Seeded) -> None:
    error, text, data = seeded.call("profiles_list")
    assert not error and data["code"] == "profiles_list"
    rows = {p["name"]: p for p in data["data"]["profiles"]}
    assert rows["demo"]["active"] and rows["demo"]["owner_key"] == "dingappkey0001"
    assert rows["robot"]["secrets"] == {"token": True, "aes_key": True, "app_secret": True, "permanent_code": False}
    assert rows["demo"]["secrets"]["app_secret"] is False
    assert "* demo" in text and "AppSecret: missing" in text
    zh = seeded.call("profiles_list", lang="zh")[1]
    assert "已设置" in zh and "未设置" in zh


def test_events_list_filters_like_the_cli(seeded: Seeded) -> None:
    ids = seeded.ids
    error, text, data = seeded.call("events_list")
    assert not error
    listed = [row["id"] for row in data["data"]["events"]]
    assert listed[: len(ids)] == sorted(ids.values(), reverse=True)[: len(listed)]
    failed = seeded.call("events_list", outcomes=["failed"])[2]["data"]["events"]
    assert {row["id"] for row in failed} >= {ids["forged"]}
    assert all(row["outcome"] == "failed" for row in failed)
    added = seeded.call("events_list", event_types=["user_add_org"], limit=5)[2]["data"]["events"]
    by_id = {row["id"]: row for row in added}
    assert by_id[ids["repeat"]]["repeat_of"] == ids["valid"] and by_id[ids["valid"]]["event_id"] == "evt-1"
    assert by_id[ids["valid"]]["uri"] == f"dingconsole://events/{ids['valid']}"
    assert (
        seeded.call("events_list", families=["contacts"], text="evt-3")[2]["data"]["events"][0]["id"] == ids["secret"]
    )
    one = seeded.call("events_list", limit=1)[2]
    assert len(one["data"]["events"]) == 1 and one["data"]["more"] is True and one["params"]["total"] >= len(ids)
    window = seeded.call("events_list", since="2000-01-01T00:00:00Z", until="2000-01-02")[2]
    assert window["data"]["events"] == [] and window["params"]["total"] == 0
    zh_error, zh_text, _ = seeded.call("events_list", event_types=["user_add_org"], lang="zh")
    assert not zh_error and "员工入职" in zh_text and "符合条件的记录" in zh_text


def test_event_show_bounds_bodies_with_a_marker(seeded: Seeded) -> None:
    error, text, data = seeded.call("event_show", event_id=seeded.ids["big"], max_chars=500)
    assert not error and data["data"]["truncated"] is True
    assert "…[truncated: " in text and "end-of-big" not in text
    event = data["data"]["event"]
    assert event["message"].endswith("more characters]") and len(event["message"]) < 600
    assert "end-of-big" not in json.dumps(data, ensure_ascii=False)
    full = seeded.call("event_show", event_id=seeded.ids["big"], max_chars=50_000)[2]
    assert full["data"]["truncated"] is False and BIG_TEXT in full["data"]["event"]["message"]
    zh = seeded.call("event_show", event_id=seeded.ids["big"], max_chars=500, lang="zh")[1]
    assert "…[已截断：还有 " in zh


def test_event_show_carries_the_diagnosis_of_a_failed_push(seeded: Seeded) -> None:
    error, text, data = seeded.call("event_show", event_id=seeded.ids["forged"])
    assert not error
    steps = {step["name"]: step for step in data["data"]["event"]["diagnosis"]["steps"]}
    assert steps["signature"]["status"] == "failed"
    assert "== diagnosis" in text and "signature" in text


def test_event_resource(seeded: Seeded) -> None:
    uri = f"dingconsole://events/{seeded.ids['valid']}"
    contents = seeded.server.run(lambda s: s.read_resource(uri)).contents
    body = json.loads(contents[0].text)
    assert contents[0].mime_type == "application/json"
    assert body["event"]["id"] == seeded.ids["valid"] and body["event"]["event_type"] == "user_add_org"
    assert "== request" in body["text"]
    with pytest.raises(MCPError, match="no exchange #999999"):
        seeded.server.run(lambda s: s.read_resource("dingconsole://events/999999"))


def test_catalogue(seeded: Seeded) -> None:
    families = seeded.call("catalogue")[2]["data"]["families"]
    assert "contacts" in [f["family"] for f in families]
    contacts = seeded.call("catalogue", family="contacts", lang="zh")
    assert "user_add_org" in [e["type"] for e in contacts[2]["data"]["events"]] and "员工入职" in contacts[1]
    one = seeded.call("catalogue", event_type="user_add_org")[2]["data"]
    assert one["family"] == "contacts" and one["payload"]["EventType"] == "user_add_org"
    assert any(f["name"] for f in one["fields"])
    error, text, data = seeded.call("catalogue", event_type="no_such_event")
    assert error and data["code"] == "unknown_type" and "no_such_event" in text


def test_diagnose_and_decrypt_read_any_pasted_form(seeded: Seeded) -> None:
    error, text, data = seeded.call("diagnose", text=raw_http(seeded, "valid"))
    assert not error and data["data"]["all_passed"] is True
    assert {"code": "profile_fits", "value": "demo", "param": ""} in data["data"]["facts"]
    assert "PASS  signature" in text
    forged = seeded.call("diagnose", text=raw_http(seeded, "forged"), profile="demo")[2]
    assert forged["data"]["all_passed"] is False and forged["params"]["failed_step"] == "signature"
    opened = seeded.call("decrypt", text=seeded.requests["valid"].body.decode(), profile="demo")[2]
    assert json.loads(opened["data"]["output"])["eventId"] == "evt-1"
    reply = seeded.call("event_show", event_id=seeded.ids["valid"])[2]["data"]["event"]["reply_body"]
    judged = seeded.call("diagnose", text=reply, profile="demo")[2]
    assert judged["data"]["action"] == "reply" and judged["data"]["all_passed"] is True


def test_encrypt_and_sign_by_profile_name(seeded: Seeded) -> None:
    sealed = seeded.call("encrypt", message='{"EventType": "check_url"}', profile="demo")[2]
    value = json.loads(sealed["data"]["output"])
    assert set(value) == {"msg_signature", "timeStamp", "nonce", "encrypt"}
    signed = seeded.call("sign", encrypt=value["encrypt"], timestamp=value["timeStamp"], nonce=value["nonce"],
                         profile="demo")[2]  # fmt: skip
    expected = sign(seeded.demo.token, value["timeStamp"], value["nonce"], value["encrypt"])
    assert signed["params"]["signature"] == expected == value["msg_signature"]
    checked = seeded.call("sign", text=raw_http(seeded, "valid"), profile="demo")[2]
    assert checked["data"]["report"]["steps"][0]["code"] == "signature_matches"


def test_send_and_conform_against_a_loopback_handler(seeded: Seeded) -> None:
    before = seeded.newest_id()
    error, text, data = seeded.call("send", url=seeded.listener.url, event_type="user_add_org", profile="demo",
                                    pattern="duplicate")  # fmt: skip
    assert not error, text
    assert data["params"]["passed"] == 2 == data["params"]["total"]
    assert seeded.newest_id() == before + 2  # the listener recorded both deliveries
    again = seeded.call("send", url=seeded.listener.url, capture=seeded.ids["valid"])[2]
    assert again["params"] == {**again["params"], "profile": "demo", "passed": 1}
    error, text, data = seeded.call("conform", url=seeded.listener.url, profile="demo", only=["check_url"], lang="zh")
    assert not error and data["data"]["ok"] is True and data["params"]["passed"] == 1
    assert "check_url" in text and "个用例" in text
    cases = seeded.call("conform")[2]["data"]["cases"]
    assert "check_url" in [case["id"] for case in cases]


def test_send_a_message_or_refuse_a_bad_source(seeded: Seeded) -> None:
    error, _text, data = seeded.call("send", url=seeded.listener.url, capture=seeded.ids["junk"])
    assert error and data["code"] == "send_not_decrypted"
    error, _text, data = seeded.call("send", url=seeded.listener.url, event_type="user_add_org", message="{}")
    assert error and data["code"] == "one_source"
    message = '{"EventType": "user_add_org", "eventId": "evt-json-text", "UserId": ["u9"]}'  # JSON text stays text
    error, text, data = seeded.call("send", url=seeded.listener.url, message=message, profile="demo")
    assert not error and data["params"]["passed"] == 1, text


@pytest.mark.parametrize(
    ("tool", "arguments", "code"),
    [
        ("events_list", {"limit": "many"}, None),
        ("events_list", {"limit": 100_000}, None),
        ("events_list", {"families": ["nope"]}, "invalid_argument"),
        ("events_list", {"since": "last tuesday"}, "invalid_argument"),
        ("event_show", {"event_id": 999_999}, "event_not_found"),
        ("event_show", {}, None),
        ("decrypt", {"text": "junk", "profile": "ghost"}, "profile_error"),
        ("encrypt", {"message": "x", "profile": "ghost"}, "profile_error"),
        ("diagnose", {"text": "   "}, "empty_input"),
        ("send", {"url": "ftp://127.0.0.1/x", "event_type": "user_add_org"}, "conform_error"),
        ("send", {"url": "http://127.0.0.1:1/x", "event_type": "no_such_template"}, "template_error"),
        ("conform", {"url": "http://127.0.0.1:1/x", "only": ["no_such_case"]}, "conform_error"),
        ("no_such_tool", {}, None),
    ],
)
def test_a_malformed_call_is_an_error_result_and_the_server_keeps_answering(
    seeded: Seeded, tool: str, arguments: dict, code: str | None
) -> None:
    result = seeded.server.call(tool, **arguments)
    assert result.is_error, dump(result)
    if code is not None:
        assert (result.structured_content or {})["code"] == code, dump(result)
    assert not seeded.call("profiles_list")[0]
