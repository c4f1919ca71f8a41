"""Every catalogued event type has a send template: it validates against its own documented fields,
is sent to our own listener over a real socket, is answered `success`, and is stored with a label
and a readable summary in both languages."""

from __future__ import annotations

import asyncio
import json

import pytest

from dingconsole.core import catalogue, events
from dingconsole.core.send import sender, templates
from tests.send_stubs import PROFILE

NAMES = [t.name for t in templates.templates()]


def test_every_catalogued_type_has_a_template() -> None:
    covered = {t.event_type for t in templates.templates()}
    assert covered >= set(catalogue.types())
    assert len(NAMES) >= len(catalogue.types())


@pytest.mark.parametrize("name", NAMES)
def test_every_template_fits_its_documented_fields(name: str) -> None:
    assert templates.check_template(name) == []
    first, second = templates.render_payload(name), templates.render_payload(name)
    if "eventId" in first:
        assert first["eventId"] != second["eventId"]


def test_templates_are_grouped_by_family_in_catalogue_order() -> None:
    groups = templates.by_family("zh")
    assert [g[0] for g in groups][:2] == ["callback", "contacts"]
    assert sum(len(g[2]) for g in groups) == len(NAMES)
    edu = next(g for g in groups if g[0] == "edu")
    assert edu[1] == "家校通讯录" and "edu_user_insert" in [t.name for t in edu[2]]
    approval = next(g for g in groups if g[0] == "approval")
    assert "bpms_instance_change_finish_agree" in [t.name for t in approval[2]]


def test_each_template_is_answered_by_the_real_listener_with_a_readable_summary(tmp_path) -> None:
    from dingconsole.core.listener import Listener
    from dingconsole.core.store import EventStore

    async def send_all(url: str) -> list[sender.Delivery]:
        found = []
        for name in NAMES:
            found += await sender.send_async(url, templates.render(name), PROFILE)
        return found

    with EventStore(tmp_path / "events.sqlite3") as store:
        listener = Listener(store, [PROFILE], active=PROFILE.name)
        listener.start()
        try:
            deliveries = asyncio.run(send_all(listener.url))
        finally:
            listener.stop()
        captured = store.query(newest_first=False, limit=len(NAMES) + 10)
    assert [d.ok for d in deliveries] == [True] * len(NAMES), [d.verdict() for d in deliveries if not d.ok][:3]
    assert [e.event_type for e in captured] == [templates.get_template(n).event_type for n in NAMES]
    for exchange in captured:
        payload = json.loads(exchange.message or "null")
        for lang in ("en", "zh"):
            assert events.label(exchange.event_type, lang) != exchange.event_type
            assert events.summary(payload, lang).strip(), (exchange.event_type, lang)
