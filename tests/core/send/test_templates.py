"""Event templates: every docs/PROTOCOL.md §3 type is there, renders to valid JSON with fresh IDs and times."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from dingconsole.core.events import event_type
from dingconsole.core.send import templates

REQUIRED = {
    "check_url",
    "bpms_instance_change_start",
    "bpms_instance_change_finish_agree",
    "bpms_instance_change_finish_refuse",
    "bpms_instance_change_terminate",
    "bpms_task_change_start",
    "bpms_task_change_finish",
    "bpms_task_change_comment",
    "user_add_org",
    "user_modify_org",
    "user_leave_org",
    "org_dept_create",
    "org_dept_modify",
    "org_dept_remove",
    "chat_add_member",
    "chat_remove_member",
    "chat_disband",
    "chat_update_title",
    "org_admin_add",
    "label_user_change",
    "check_in",
}
NAMES = [name for name, _, _ in templates.list_templates()]


def test_every_required_template_ships_in_the_package() -> None:
    folder = resources.files("dingconsole.resources") / "templates"
    shipped = {entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json")}
    assert shipped >= REQUIRED
    assert set(NAMES) >= shipped  # and a catalogue template for every other event type


@pytest.mark.parametrize("name", NAMES)
def test_render_fills_every_placeholder(name: str) -> None:
    text = templates.render(name)
    assert "{{" not in text
    payload = json.loads(text)
    assert event_type(payload) == templates.get_template(name).event_type
    label = dict((n, lbl) for n, _, lbl in templates.list_templates("zh"))[name]
    assert label and re.search(r"[\u4e00-\u9fff]", label)


def test_current_shape_fields_are_fresh_and_typed() -> None:
    first = templates.render_payload("bpms_instance_change_finish_refuse", now_ms=1_700_000_000_123)
    second = templates.render_payload("bpms_instance_change_finish_refuse")
    assert first["EventTime"] == 1_700_000_000_123 and first["BizId"] == "1700000000123"
    assert first["finishTime"] == first["EventTime"] and first["createTime"] < first["finishTime"]
    assert (first["type"], first["result"]) == ("finish", "refuse")
    assert re.fullmatch(r"[0-9a-f]{32}", first["eventId"])
    assert first["eventId"] != second["eventId"]
    assert first["processInstanceId"] != second["processInstanceId"]
    assert first["processInstanceId"] in first["url"] and first["CorpId"] in first["url"]


def test_classic_shape_has_string_timestamp_and_id_lists() -> None:
    payload = templates.render_payload("org_dept_create", now_ms=1_700_000_000_000)
    assert payload["TimeStamp"] == "1700000000000"
    assert isinstance(payload["DeptId"], list) and isinstance(payload["DeptId"][0], int)
    user = templates.render_payload("user_leave_org")
    assert isinstance(user["UserId"], list) and isinstance(user["UserId"][0], str)


def test_overrides_set_placeholders_and_fields() -> None:
    payload = templates.render_payload("chat_update_title", corp_id="dingcafe", Title="新群名", Extra=1)
    assert payload["CorpId"] == "dingcafe" and payload["Title"] == "新群名" and payload["Extra"] == 1
    task = templates.render_payload("bpms_task_change_finish", event_id="fixed-id")
    assert task["eventId"] == "fixed-id"


def test_event_type_picks_a_default_variant() -> None:
    assert templates.get_template("bpms_task_change").name == "bpms_task_change_start"
    assert templates.get_template("check_in").event_type == "check_in"


def test_unknown_template_suggests_close_names_and_the_families() -> None:
    with pytest.raises(templates.TemplateError) as caught:
        templates.render("no_such_event")
    assert "Families: " in caught.value.hint and "approval" in caught.value.hint
    with pytest.raises(templates.TemplateError) as close:
        templates.render("check_ur")
    assert close.value.hint.startswith("Did you mean check_url")
