"""Exports: the fixtures folder passes pytest on its own, jsonl/curl/har have the right structure, no secrets leak."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export.curl import curl_command, to_curl, write_curl
from dingconsole.core.export.fixtures import ExportError, export_fixtures
from dingconsole.core.export.formats import to_har, to_jsonl
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push, templates

PROD = Profile("prod", "dingprodappkey777", "prodtokenSECRET42", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
TYPES = ["check_url", "bpms_task_change_finish", "user_add_org", "chat_update_title"]


def captured() -> list[Exchange]:
    exchanges = []
    for index, name in enumerate(TYPES, start=1):
        message = templates.render(name)
        request = seal_push(message, PROD, path="/api/callback/prod")
        request.headers.update({"Host": "127.0.0.1:8080", "Cookie": "session=private"})
        exchanges.append(
            Exchange(
                received_at=time.time(),
                request=request,
                remote="203.119.1.2",
                profile="prod",
                outcome=Outcome.OK,
                message=message,
                event_type=templates.get_template(name).event_type,
                event_id=json.loads(message).get("eventId"),
                reply_status=200,
                reply_body=json.dumps(PROD.crypto().seal("success")).encode(),
                handling_ms=3.5,
                id=index,
            )
        )
    broken = HttpRequest("POST", "/api/callback", {}, {"Host": "127.0.0.1:8080"}, b"\xff\xfe not utf-8")
    exchanges.append(Exchange(time.time(), broken, outcome=Outcome.INVALID, reply_status=400, id=99))
    return exchanges


def run_pytest(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fixtures_folder_passes_pytest_as_it_is_and_holds_no_production_secret(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    result = export_fixtures(captured(), folder)
    assert len(result.written) == len(TYPES) and [id_ for id_, _ in result.skipped] == [99]
    names = {p.name for p in folder.iterdir()}
    assert {"conftest.py", "dingtalk_fixture.py", "README.txt", "test_fixtures_sample.py", "pytest.ini"} <= names
    everything = "".join(p.read_text("utf-8") for p in folder.iterdir())
    assert PROD.token not in everything and PROD.aes_key not in everything and PROD.owner_key not in everything
    assert "session=private" not in everything
    fixture = json.loads((folder / "0002_bpms_task_change.json").read_text("utf-8"))
    assert fixture["credentials"]["owner_key"].startswith("dingtestfixture")
    assert fixture["event_type"] == "bpms_task_change" and fixture["resealed"] is True
    assert set(fixture["request"]) >= {"method", "path", "query", "headers", "body"}
    assert fixture["request"]["path"] == "/api/callback/prod"
    fake = Profile("t", **fixture["credentials"])
    assert (
        fake.crypto().open_request(fixture["request"]["query"], fixture["request"]["body"]).message
        == (fixture["message"])
    )
    proc = run_pytest(folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{3 * len(TYPES) + 1} passed" in proc.stdout


def test_generated_conftest_offers_one_fixture_per_event_type(tmp_path: Path) -> None:
    folder = tmp_path / "fx"
    export_fixtures(captured(), folder)
    (folder / "test_typed.py").write_text(
        "def test_task(dingtalk_bpms_task_change):\n"
        "    assert dingtalk_bpms_task_change.payload['EventType'] == 'bpms_task_change'\n"
        "def test_reseal(dingtalk_check_url, dingtalk):\n"
        "    fresh = dingtalk_check_url.resealed(timestamp='1700000000000')\n"
        "    assert fresh.query['timestamp'] == '1700000000000' and fresh.verify() == '{\"EventType\":\"check_url\"}'\n"
        "    assert fresh.body != dingtalk_check_url.body\n",
        "utf-8",
    )
    proc = run_pytest(folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "15 passed" in proc.stdout


def test_a_broken_fixture_fails_the_exported_suite(tmp_path: Path) -> None:
    folder = tmp_path / "fx"
    export_fixtures(captured()[:1], folder)
    file = folder / "0001_check_url.json"
    data = json.loads(file.read_text("utf-8"))
    data["credentials"]["token"] = "wrong"
    file.write_text(json.dumps(data), "utf-8")
    proc = run_pytest(folder)
    assert proc.returncode == 1 and "signature" in proc.stdout


def test_keep_original_needs_include_secrets_and_then_keeps_the_bytes(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        export_fixtures(captured(), tmp_path / "no", keep_original=True)
    exchanges = captured()
    result = export_fixtures(
        exchanges, tmp_path / "real", keep_original=True, include_secrets=True, profiles={"prod": PROD}.get
    )
    fixture = json.loads(result.written[0].read_text("utf-8"))
    assert fixture["request"]["body"].encode() == exchanges[0].request.body
    assert fixture["credentials"] == {"token": PROD.token, "aes_key": PROD.aes_key, "owner_key": PROD.owner_key}
    assert "REAL production credentials" in (tmp_path / "real" / "README.txt").read_text("utf-8")
    assert result.written[0].stat().st_mode & 0o077 == 0
    assert run_pytest(tmp_path / "real").returncode == 0


def test_jsonl_is_one_exchange_a_line_with_base64_for_binary_bodies() -> None:
    exchanges = captured()
    lines = to_jsonl(exchanges).splitlines()
    assert len(lines) == len(exchanges)
    first, last = json.loads(lines[0]), json.loads(lines[-1])
    assert first["request"]["body"] == exchanges[0].request.body.decode() and first["request"]["body_base64"] is False
    assert last["request"]["body_base64"] is True and last["request"]["body"] == "//4gbm90IHV0Zi04"
    assert first["message"] == exchanges[0].message and first["outcome"] == "ok"
    assert PROD.token not in "".join(lines)


def test_curl_script_replays_every_request_with_data_binary(tmp_path: Path) -> None:
    exchanges = captured()
    script = to_curl(exchanges)
    assert script.startswith("#!/usr/bin/env bash")
    assert script.count("curl -sS -g -X POST") == len(exchanges) and script.count("--data-binary @-") == len(exchanges)
    assert "/api/callback/prod?signature=" in script and "base64 -d" in script
    path = tmp_path / "replay.sh"
    write_curl(exchanges, path)
    assert os.access(path, os.X_OK)
    syntax = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_curl_script_sends_the_captured_bytes(tmp_path: Path) -> None:
    """Run the script against a real handler; it must accept the captured pushes."""
    import shutil

    from tests.send_stubs import PROFILE, StubHandler, serve

    if shutil.which("curl") is None:
        pytest.fail("curl is needed for this test")
    request = seal_push(templates.render("check_in"), PROFILE, path="/callback")
    exchange = Exchange(time.time(), request, outcome=Outcome.OK, id=1)
    path = tmp_path / "replay.sh"
    write_curl([exchange], path)
    handler = StubHandler()
    with serve(handler) as url:
        origin = url.rsplit("/", 1)[0]
        proc = subprocess.run(["bash", str(path), origin], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("200") and len(handler.received) == 1


def test_har_has_the_http_archive_1_2_structure() -> None:
    exchanges = captured()
    har = json.loads(json.dumps(to_har(exchanges)))
    log = har["log"]
    assert log["version"] == "1.2" and log["creator"]["name"] == "DingConsole" and log["creator"]["version"]
    assert len(log["entries"]) == len(exchanges)
    for entry in log["entries"]:
        assert {"startedDateTime", "time", "request", "response", "cache", "timings"} <= set(entry)
        assert entry["startedDateTime"].endswith("Z")
        request, response = entry["request"], entry["response"]
        for key in ("method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"):
            assert key in request
        for key in ("status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL"):
            assert key in response
        assert {"size", "mimeType"} <= set(response["content"])
        assert all(set(h) == {"name", "value"} for h in request["headers"] + request["queryString"])
        assert {"send", "wait", "receive"} <= set(entry["timings"])
        assert all(v >= 0 for v in entry["timings"].values())
    first = log["entries"][0]
    assert first["request"]["url"].startswith("http://127.0.0.1:8080/api/callback/prod?")
    assert first["request"]["postData"]["text"] == exchanges[0].request.body.decode()
    assert first["response"]["status"] == 200 and first["response"]["statusText"] == "OK"
    assert log["entries"][-1]["request"]["postData"]["encoding"] == "base64"


def test_export_never_replaces_a_projects_own_conftest(tmp_path: Path) -> None:
    project_tests = tmp_path / "tests"
    project_tests.mkdir()
    (project_tests / "conftest.py").write_text("import pytest  # the project's own\n", "utf-8")
    with pytest.raises(ExportError, match="not written by DingConsole"):
        export_fixtures(captured(), project_tests)
    assert (project_tests / "conftest.py").read_text("utf-8") == "import pytest  # the project's own\n"
    assert list(project_tests.iterdir()) == [project_tests / "conftest.py"]


def test_re_export_replaces_its_own_fixtures_and_keeps_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    export_fixtures(captured(), folder)
    (folder / "settings.json").write_text('{"mine": true}', "utf-8")
    result = export_fixtures(captured()[:1], folder)  # fewer events than before
    fixtures = sorted(p.name for p in folder.glob("0*.json"))
    assert fixtures == [p.name for p in result.written] == ["0001_check_url.json"]
    assert (folder / "settings.json").read_text("utf-8") == '{"mine": true}'
    assert run_pytest(folder).returncode == 0


def test_one_curl_command_re_sends_a_binary_chunked_request_byte_for_byte(listener, store) -> None:
    """What "Copy as curl" puts on the clipboard, run by bash; the listener records the exact bytes it got."""
    body = b'{"encrypt": "\xff\xfe not utf-8"}'
    request = HttpRequest(
        "POST", "/api/callback", {"nonce": "n 1"}, {"Transfer-Encoding": "chunked", "X-Trace": "t"}, body
    )
    command = curl_command(request, origin=listener.url.rsplit("/api/callback", 1)[0])
    assert "Transfer-Encoding" not in command and "X-Trace: t" in command
    proc = subprocess.run(["bash", "-c", command + " -sS -o /dev/null"], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    [received] = store.query()
    assert received.request.body == body
    assert received.request.query == {"nonce": "n 1"} and received.request.headers["X-Trace"] == "t"
