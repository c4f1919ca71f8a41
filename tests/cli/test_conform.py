"""`dingconsole conform` (in-process) against real handlers on loopback: the table, --json, --junit, exit
codes, escaping of what a handler says, and the refusal to push at a non-loopback URL unasked."""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.commands import conform as command
from dingconsole.commands._common import UsageError
from dingconsole.core.conform import CASE_IDS
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli
from tests.conform_handlers import demo_handlers

PROFILE = Profile("app", "dingb4c0a5f3e7d1e2f4", "tokentoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
FAST = ("--rate", "500")


@pytest.fixture
def saved(home: Path) -> None:
    ProfileStore().add(PROFILE)


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[Listener]:
    with EventStore(tmp_path / "events.sqlite3") as store:
        server = Listener(store, [PROFILE])
        server.start()
        yield server
        server.stop()


@pytest.fixture(scope="module")
def handlers() -> Iterator[str]:
    with demo_handlers(PROFILE.token, PROFILE.aes_key, PROFILE.owner_key) as base:
        yield base


def test_list_names_every_case(cli: Cli) -> None:
    rc, out, _ = cli("conform", "--list")
    assert rc == 0 and [line.split()[0] for line in out.splitlines() if not line.startswith(" ")] == list(CASE_IDS)


def test_the_listener_passes_with_json_and_junit(cli: Cli, saved: None, listener: Listener, tmp_path: Path) -> None:
    junit = tmp_path / "ci" / "conform.xml"
    rc, out, err = cli("conform", listener.url, "--profile", "app", "--json", "--junit", str(junit), *FAST)
    assert rc == 0, err
    data = json.loads(out)
    assert [case["id"] for case in data["cases"]] == list(CASE_IDS)
    assert {case["status"] for case in data["cases"]} == {"pass"} and data["summary"]["failed"] == 0
    assert set(data["cases"][0]) >= {"id", "status", "title", "detail", "evidence"}
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "13" and suite.get("failures") == "0"


def test_a_bug_exits_1_with_its_row_and_hint(cli: Cli, saved: None, handlers: str, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    rc, out, _ = cli("conform", f"{handlers}/timestamp", "--profile", "app", "--html", str(html), *FAST)
    assert rc == 1
    rows = {line.split()[1]: line[0] for line in out.splitlines() if line[:1] in "✔✘⚠" and len(line.split()) > 1}
    assert rows["reply_format"] == "✘" and rows["check_url"] == "✘" and len(rows) == 13  # no URL saved (issue 23)
    assert "your handler answered `timestamp`; DingTalk requires `timeStamp`" in out
    assert "13 cases: 11 passed, 2 failed, 0 warned" in out
    assert "DingTalk would not save the URL" in out
    assert "requires `timeStamp`" in html.read_text("utf-8")


def test_the_table_in_chinese(cli: Cli, saved: None, handlers: str) -> None:
    rc, out, _ = cli("conform", f"{handlers}/unpad16", "--profile", "app", "--only", "padding_32", "--lang", "zh")
    assert rc == 1 and "17..32 字节的填充" in out and "按 16 字节分组去填充" in out
    assert "1 个用例：0 通过，1 失败，0 警告" in out and "cases" not in out


def test_the_case_list_in_chinese(cli: Cli) -> None:
    rc, out, _ = cli("conform", "--list", "--lang", "zh")
    assert rc == 0 and "钉钉：" in out and "正确：" in out and "DingTalk:" not in out


def test_what_a_handler_says_is_escaped(cli: Cli, saved: None, handlers: str) -> None:
    rc, out, _ = cli("conform", f"{handlers}/hostile", "--profile", "app", "--only", "check_url")
    assert rc == 1
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out


def test_non_loopback_url_is_refused_without_a_tty(cli: Cli, saved: None) -> None:
    rc, out, err = cli("conform", "http://192.0.2.1/callback", "--profile", "app")
    assert rc == 2 and out == ""
    assert "not a loopback address" in err and "--yes" in err


def test_the_prompt_asks_on_a_tty(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(yes=False, burst=20)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(UsageError, match="not run"):
        command._confirm_remote("https://example.com/cb", args, 400)
    assert "forged and corrupted" in capsys.readouterr().err
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    command._confirm_remote("https://192.0.2.1/cb", args, 400)  # answered yes: no error
    command._confirm_remote("http://localhost:8080/cb", argparse.Namespace(yes=False, burst=20), 400)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--only", "check_url,nope"), "unknown case id nope"),
        (("--burst", "0"), "burst must be"),
        (("--timeout", "1"), "timeout (s) must be longer than the time budget"),
        (("--budget-ms", "nan"), "must be a number, not nan or inf"),
        (("--timeout", "inf"), "must be a number, not nan or inf"),
        (("--case-time-limit", "nan"), "must be a number, not nan or inf"),
    ],
)
def test_bad_options_are_usage_errors(cli: Cli, saved: None, extra: tuple[str, ...], message: str) -> None:
    rc, _, err = cli("conform", "http://127.0.0.1:9/cb", "--profile", "app", *extra)
    assert rc == 2 and message in err


@pytest.mark.parametrize(
    ("url", "message"),
    [("http://127.0.0.1:99999/cb", "not a valid URL"), ("ftp://127.0.0.1/cb", "not an http(s) URL")],
)
def test_a_bad_url_is_a_usage_error_before_anything_runs(cli: Cli, saved: None, url: str, message: str) -> None:
    rc, out, err = cli("conform", url, "--profile", "app")
    assert rc == 2 and out == "" and message in err
