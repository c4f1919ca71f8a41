"""Robot messages and card callbacks read the same in the terminal as in the window: `events list`
(both languages) and `--json` summarise a card action by its action and params, a robot message by
sender, conversation and text."""

from __future__ import annotations

import json
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli
from tests.dingtalk_standin import CARD_TOPIC, ROBOT_TOPIC, card_callback, robot_message


def stored(payload: dict[str, object], kind: str, topic: str) -> None:
    with EventStore() as store:
        store.add(
            Exchange(
                received_at=1.0,
                request=HttpRequest("STREAM", topic),
                transport=Transport.STREAM,
                outcome=Outcome.OK,
                message=json.dumps(payload, ensure_ascii=False),
                event_type=kind,
                event_id=kind,
            )
        )


def test_events_list_summarises_callbacks_in_both_languages(home: Path, cli: Cli) -> None:
    stored(card_callback("approve", {"reason": "ok"}), "card_callback", CARD_TOPIC)
    stored(robot_message("hello"), "robot_message", ROBOT_TOPIC)
    english = cli("events", "list").stdout
    assert "manager01 · action approve · reason=ok" in english
    assert "张三 · group “项目群” · hello" in english
    chinese = cli("events", "list", "--lang", "zh").stdout
    assert "manager01 · 动作 approve · reason=ok" in chinese and "群聊" in chinese
    records = json.loads(cli("events", "list", "--json").stdout)
    card = next(r for r in records if r["event_type"] == "card_callback")
    assert card["event"]["summary"] == {
        "en": "manager01 · action approve · reason=ok",
        "zh": "manager01 · 动作 approve · reason=ok",
    }
