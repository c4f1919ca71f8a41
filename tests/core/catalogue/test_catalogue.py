"""Walk the whole catalogue: every family and event type has labels in both languages, a source,
fields whose own example fits them, and a summary that is not blank in either language."""

from __future__ import annotations

import re

import pytest

from dingconsole.core import catalogue, events
from dingconsole.core.catalogue.check import check_fields
from dingconsole.core.catalogue.summary import render

CJK = re.compile(r"[\u4e00-\u9fff]")
SPECS = sorted(catalogue.types().values(), key=lambda s: s.type)
# the families issue 17 names, and those the console knew before the catalogue
NAMED = {
    "edu",
    "attendance",
    "meetingroom",
    "calendar",
    "hrm",
    "crm",
    "servicegroup",
    "medical",
    "exclusive",
    "robot",
    "card",
    "personal",
    "contacts",
    "approval",
    "chat",
    "checkin",
    "callback",
}
JSON_TYPES = {"string", "integer", "number", "boolean", "array", "object", "any"}


def test_the_catalogue_is_large_and_has_the_named_families() -> None:
    assert len(SPECS) >= 250
    assert set(catalogue.families()) >= NAMED


@pytest.mark.parametrize("family", sorted(catalogue.families().values(), key=lambda f: f.id), ids=lambda f: f.id)
def test_every_family_has_labels_sources_and_events(family: catalogue.Family) -> None:
    assert CJK.search(family.label("zh")) and family.label("en") and family.label("en") != family.label("zh")
    assert family.sources and all(s.startswith("https://") for s in family.sources)
    assert family.events and all(e.family == family.id for e in family.events)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.type)
def test_every_type_is_complete(spec: catalogue.EventSpec) -> None:
    assert CJK.search(spec.label("zh")), spec.labels
    assert spec.label("en") and not CJK.search(spec.label("en"))
    assert spec.source.startswith("https://")
    assert events.event_type(spec.example) == spec.type
    assert all(set(f.types) <= JSON_TYPES and f.meaning.get("zh") and f.meaning.get("en") for f in spec.fields)
    assert all(ident in spec.example for ident in spec.ids)
    assert check_fields(spec.example, spec) == []
    for lang in ("en", "zh"):
        assert spec.summary_rule(lang)
        assert render(spec.summary_rule(lang), spec.example, spec.values, lang).strip()
        assert events.summary(spec.example, lang) == render(spec.summary_rule(lang), spec.example, spec.values, lang)


def test_types_are_unique_across_families() -> None:
    names = [e.type for f in catalogue.families().values() for e in f.events]
    assert len(names) == len(set(names))
    assert catalogue.types_in("edu") and all(catalogue.family_of(t) == "edu" for t in catalogue.types_in("edu"))
    assert catalogue.types_in("no_such_family") == () and catalogue.get("brand_new_event") is None


def test_the_labels_the_console_had_before_are_kept() -> None:
    before = {
        "check_url": ("URL check", "回调地址验证"),
        "bpms_instance_change": ("Approval instance", "审批实例变更"),
        "user_add_org": ("User joined", "员工入职"),
        "chat_update_title": ("Chat renamed", "群名称变更"),
        "attendance_check_record": ("Attendance punch", "考勤打卡"),
    }
    for kind, pair in before.items():
        assert (events.label(kind, "en"), events.label(kind, "zh")) == pair
