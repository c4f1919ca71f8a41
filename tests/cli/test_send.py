"""`dingconsole send` (in-process, `cli` fixture) against real HTTP handlers: exit codes and what it prints."""

from __future__ import annotations

import json
import socket
import time

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.send import seal_push, templates
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli
from tests.send_stubs import PROFILE, StubHandler, serve


def save_profile() -> None:
    ProfileStore().add(PROFILE)


def test_a_correct_handler_exits_0_with_one_line_per_delivery(cli: Cli) -> None:
    save_profile()
    with serve(StubHandler()) as url:
        proc = cli("send", url, "--profile", "stub", "--event-type", "bpms_task_change", "--pattern", "burst:3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("PASS") == 3 and "3 of 3 replies pass" in proc.stdout


def test_a_wrong_field_exits_1_and_names_it_with_the_correct_reply(cli: Cli) -> None:
    save_profile()
    with serve(StubHandler(mode="lower_timestamp")) as url:
        proc = cli("send", url, "--profile", "stub", "--event-type", "check_url")
    assert proc.returncode == 1
    assert "FAIL fields: `timestamp` should be `timeStamp`" in proc.stdout
    assert "the correct reply would be like" in proc.stdout and '"timeStamp"' in proc.stdout


def test_a_wrong_owner_key_exits_1_and_names_the_key(tmp_path, cli: Cli) -> None:
    data = tmp_path / "event.json"
    data.write_text(templates.render("user_add_org"), "utf-8")
    args = ["--token", PROFILE.token, "--aes-key", PROFILE.aes_key, "--app-key", PROFILE.owner_key]
    with serve(StubHandler(mode="other_owner")) as url:
        proc = cli("send", url, *args, "--data", str(data), "--json")
    assert proc.returncode == 1
    (delivery,) = json.loads(proc.stdout)
    assert delivery["ok"] is False and "dingsomeoneelse99" in json.dumps(delivery["report"])


def test_an_unreachable_url_exits_1_with_a_clear_error(cli: Cli) -> None:
    save_profile()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = cli("send", f"http://127.0.0.1:{port}/cb", "--profile", "stub", "--event-type", "check_url")
    assert proc.returncode == 1 and "connection refused" in proc.stdout and "71012" in proc.stdout


def test_a_malformed_url_is_a_clear_error_not_a_crash(cli: Cli) -> None:
    save_profile()
    for url in ("http://[::1/cb", "http://127.0.0.1:99999/cb"):
        proc = cli("send", url, "--profile", "stub", "--event-type", "check_url")
        assert proc.returncode == 1, proc.stderr
        assert "internal error" not in proc.stderr and "error [send_error]" in proc.stderr
        assert "hint:" in proc.stderr


def test_retry_with_a_small_scale_shows_every_attempt(cli: Cli) -> None:
    save_profile()
    with serve(StubHandler(mode="fail_then_ok:1")) as url:
        proc = cli(
            "send", url, "--profile", "stub", "--event-type", "check_in", "--pattern", "retry", "--retry-scale", "0.001"
        )
    assert "#2 (attempt 2)" in proc.stdout and "1 of 2 replies pass" in proc.stdout
    assert proc.returncode == 1  # the first reply failed DingTalk's check


def test_capture_resends_resealed_or_byte_exact(cli: Cli) -> None:
    save_profile()
    message = templates.render("chat_disband")
    request = seal_push(message, PROFILE, path="/callback")
    with EventStore() as store:
        exchange_id = store.add(
            Exchange(
                time.time(), request, profile="stub", outcome=Outcome.OK, message=message, event_type="chat_disband"
            )
        )
    handler = StubHandler()
    with serve(handler) as url:
        resealed = cli("send", url, "--capture", str(exchange_id), "--json")
        exact = cli("send", url, "--capture", str(exchange_id), "--replay-exact", "--json")
    assert resealed.returncode == 0 and exact.returncode == 0, resealed.stdout + exact.stdout
    assert handler.received == [message, message]
    assert json.loads(exact.stdout)[0]["request"]["body"] == request.body.decode()
    assert json.loads(resealed.stdout)[0]["request"]["body"] != request.body.decode()


def test_usage_errors_exit_2(cli: Cli) -> None:
    save_profile()
    url = "http://127.0.0.1:9/cb"
    assert cli("send", url, "--profile", "stub").returncode == 2
    assert cli("send", url, "--profile", "stub", "--event-type", "check_url", "--data", "-").returncode == 2
    assert cli("send", url, "--profile", "stub", "--event-type", "check_url", "--replay-exact").returncode == 2
    assert cli("send", url, "--profile", "stub", "--capture", "12345").returncode == 2
    for option, value in (("--timeout", "inf"), ("--timeout", "nan"), ("--budget-ms", "nan"), ("--retry-scale", "inf")):
        odd = cli("send", url, "--profile", "stub", "--event-type", "check_url", option, value)
        assert odd.returncode == 2 and "nan or inf" in odd.stderr, (option, value, odd.stderr)
    bad = cli("send", url, "--profile", "stub", "--event-type", "check_url", "--pattern", "burst:0")
    assert bad.returncode == 1 and "burst" in bad.stderr
    unknown = cli("send", url, "--profile", "stub", "--event-type", "nope")
    assert unknown.returncode == 1 and "send --list-templates" in unknown.stderr
    # issue 23: a did-you-mean and the families, not ~270 names on one line
    typo = cli("send", url, "--profile", "stub", "--event-type", "user_add_orgg")
    assert "Did you mean user_add_org" in typo.stderr and "contacts" in typo.stderr
    assert len(typo.stderr) < 1000 and "agoal_indicator_copy" not in typo.stderr


def test_list_templates(cli: Cli) -> None:
    proc = cli("send", "--list-templates")
    assert proc.returncode == 0
    assert "bpms_instance_change_finish_refuse" in proc.stdout and "Chat renamed" in proc.stdout
    assert "Home-school contacts (edu, " in proc.stdout and "attendance_schedule_change" in proc.stdout


def test_list_templates_json_groups_every_catalogued_type_by_family(cli: Cli) -> None:
    from dingconsole.core import catalogue

    proc = cli("send", "--list-templates", "--json")
    assert proc.returncode == 0
    groups = json.loads(proc.stdout)
    families = {g["family"]: g for g in groups}
    assert set(families) >= {"edu", "attendance", "meetingroom", "calendar", "hrm", "crm", "servicegroup", "medical"}
    assert set(families) >= {"exclusive", "robot", "card", "personal"}
    listed = {t["event_type"] for g in groups for t in g["templates"]}
    assert listed >= set(catalogue.types())
    assert families["edu"]["label"] == {"en": "Home-school contacts", "zh": "家校通讯录"}
    edu = {t["name"]: t for t in families["edu"]["templates"]}
    assert edu["edu_user_insert"]["label"]["zh"]


def test_list_templates_labels_its_columns_and_marks_callbacks_and_unconfirmed_fields(cli: Cli) -> None:
    """Issue 23: no two identical unlabelled columns; card and robot callbacks and unconfirmed field lists marked."""
    out = cli("send", "--list-templates").stdout
    assert out.splitlines()[0].split() == [
        "TEMPLATE",
        "EVENT",
        "TYPE",
        "(when",
        "not",
        "the",
        "name)",
        "LABEL",
        "[NOTE]",
    ]
    check = next(line for line in out.splitlines() if line.split()[:1] == ["check_url"])
    assert check.split()[1:3] == ["URL", "check"]  # the type is the name: not repeated
    card = next(line for line in out.splitlines() if "card_callback_action" in line)
    assert "Stream CALLBACK topic /v1.0/card/instances/callback, not an HTTP event push" in card
    im = next(line for line in out.splitlines() if line.split()[:1] == ["user_im_message_receive_o2o"])
    assert "field list unconfirmed" in im
    data = json.loads(cli("send", "--list-templates", "--json").stdout)
    found = {t["name"]: t for g in data for t in g["templates"]}
    assert found["robot_message_text"]["stream_callback_topic"] == "/v1.0/im/bot/messages/get"
    assert "third-party" in found["user_im_message_receive_o2o"]["unconfirmed"]
    assert "unconfirmed" not in found["user_add_org"]
