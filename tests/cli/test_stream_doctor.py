"""`dingconsole stream doctor` (in-process `cli`) against the stand-in gateway and open API: stages, languages, exit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.core.profiles import ProfileStore
from tests.cli_runner import Cli, Live
from tests.dingtalk_standin import PROFILE, Gateway, OpenApi, running, system_frame


@pytest.fixture(autouse=True)
def profiles(home: Path) -> None:
    store = ProfileStore()
    store.add(PROFILE)
    # a profile saved before keys were checked on save (or edited by hand): the doctor must name the space
    data = json.loads(store.path.read_text("utf-8"))
    data["profiles"].append({**PROFILE.to_dict(), "name": "spaced", "app_secret": PROFILE.app_secret + " "})
    store.path.write_text(json.dumps(data), "utf-8")
    assert ProfileStore().get("spaced").app_secret.endswith(" ")


@pytest.fixture
def api() -> Iterator[OpenApi]:
    with running(OpenApi([])) as stand_in:
        yield stand_in


def doctor(cli: Cli, gateway: Gateway, api: OpenApi, *extra: str) -> tuple[int, str, str]:
    args = ["stream", "doctor", "--gateway-base", gateway.base, "--api-base", api.base, "--wait", "1", *extra]
    return cli(*args)


def test_a_live_stream_passes_and_exits_0(cli: Cli, gateway: Gateway, api: OpenApi) -> None:
    gateway.greet_next = system_frame("ping", "{}")
    rc, out, err = doctor(cli, gateway, api, "--profile", "streamer", "--lang", "en")
    assert rc == 0, err
    assert out.count("[pass]") == 6 and "the stream is live" in out and "Checklist" in out


def test_whitespace_is_named_in_english_and_chinese(cli: Cli, gateway: Gateway, api: OpenApi) -> None:
    rc, out, _ = doctor(cli, gateway, api, "--profile", "spaced", "--lang", "en")
    assert rc == 1
    assert "[FAIL] credentials: the AppSecret starts or ends with whitespace (' ')" in out
    assert out.count("[not checked]") == 4 and not gateway.open_bodies
    rc, out, _ = doctor(cli, gateway, api, "--profile", "spaced", "--lang", "zh")
    assert rc == 1 and "[失败] 凭证：AppSecret 的开头或结尾有空白字符" in out and "[未检查] 访问令牌" in out


def test_the_language_follows_the_locale(
    cli: Cli, gateway: Gateway, api: OpenApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    _, out, _ = doctor(cli, gateway, api, "--profile", "spaced")
    assert "凭证" in out


def test_json_report_and_a_silent_socket(cli: Cli, gateway: Gateway, api: OpenApi) -> None:
    gateway.silent_next = True
    rc, out, _ = doctor(cli, gateway, api, "--profile", "streamer", "--json", "--callback", "robot")
    report = json.loads(out)
    assert rc == 1 and not report["ok"]
    first = next(s for s in report["stages"] if s["stage"] == "first_frame")
    assert first["status"] == "fail" and first["cause"] == "frame_silent"
    assert first["params"]["topics"] == "EVENT *, CALLBACK /v1.0/im/bot/messages/get"
    assert report["stages"][-1]["cause"] == "verdict_silent" and "check_stream_mode" in report["checklist"]


def test_an_open_refusal_is_explained_not_blamed_on_credentials(cli: Cli, gateway: Gateway, api: OpenApi) -> None:
    gateway.open_script = [(400, {"code": "InvalidParameter", "message": "app not online", "requestid": "r"})]
    rc, out, _ = doctor(cli, gateway, api, "--profile", "streamer", "--lang", "en")
    assert rc == 1
    assert (
        "[FAIL] connections/open: HTTP 400 InvalidParameter: DingTalk refused the request, not the credentials" in out
    )
    assert "Publish the app" in out


def test_stream_without_a_profile_is_a_usage_error(cli: Cli) -> None:
    rc, _, err = cli("stream")
    assert rc == 2 and "--profile" in err


def test_stream_warns_about_other_consumers_unless_development_only(cli: Cli, gateway: Gateway) -> None:
    def connected(live: Live) -> None:
        live.wait_err("connected as")

    ran = cli.live("stream", "--profile", "streamer", "--gateway-base", gateway.base, body=connected)
    first = ran.stderr.index("warning: every client connected with AppKey dingstreamappkey01")
    assert first < ran.stderr.index("connected as")  # before the first connect
    assert "dingconsole profile development-only streamer" in ran.stderr
    rc, out, _ = cli("profile", "development-only", "streamer")
    assert rc == 0 and "marked development only" in out and ProfileStore().get("streamer").development_only
    ran = cli.live("stream", "--profile", "streamer", "--gateway-base", gateway.base, body=connected)
    assert "warning: every client" not in ran.stderr
    cli("profile", "development-only", "streamer", "--off")
    assert not ProfileStore().get("streamer").development_only


def test_stream_help_says_it(cli: Cli) -> None:
    _, out, _ = cli("stream", "--help")
    text = " ".join(out.split())
    assert "splits an app's frames between all clients" in text and "stream doctor" in text
