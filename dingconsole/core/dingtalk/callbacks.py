"""CALLBACK topics of Stream mode (docs/PROTOCOL.md §4): robot messages and interactive-card callbacks.

A CALLBACK frame carries the same JSON an HTTP-mode robot receives (`msgtype`, `text.content`,
`senderNick`, `conversationId`, …) or a card action (`outTrackId`, `userId`, `content` = JSON text
with `cardPrivateData.actionIds` and `.params`), shapes read from the official SDKs' chatbot and
card-callback message classes. The client ACKs it with `{"response": …}` as the SDKs do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dingconsole.core import untrusted

TOPIC_ROBOT = "/v1.0/im/bot/messages/get"
TOPIC_CARD = "/v1.0/card/instances/callback"
KNOWN_TOPICS = (TOPIC_ROBOT, TOPIC_CARD)
# the event types a robot message and a card action are filed under (as in the event catalogue)
ROBOT_EVENT = "robot_message"
CARD_EVENT = "card_callback"
SUMMARY_MAX = 120  # a table cell, not the whole card
_CONVERSATION = {"1": ("1:1", "单聊"), "2": ("group", "群聊")}


class BadTopic(ValueError):
    """A CALLBACK topic that is not a path (`/v1.0/...`)."""


def check_topic(topic: str) -> str:
    """A topic as typed by a user, trimmed; refuse what the gateway could never route."""
    value = topic.strip()
    if not value.startswith("/") or any(c.isspace() for c in value) or len(value) > 200:
        raise BadTopic(f"{topic!r} is not a Stream topic (e.g. {TOPIC_ROBOT} or {TOPIC_CARD})")
    return value


def event_type_for(topic: str) -> str:
    """The event type a CALLBACK of `topic` is stored under (the topic itself when it is not a known one)."""
    return {TOPIC_ROBOT: ROBOT_EVENT, TOPIC_CARD: CARD_EVENT}.get(topic, topic)


def callback_id(headers: Mapping[str, Any], payload: Any) -> str | None:
    """What identifies a delivery across redeliveries: the robot's msgId, else the frame's messageId."""
    if isinstance(payload, Mapping) and payload.get("msgId"):
        return str(payload["msgId"])
    value = headers.get("messageId")
    return str(value) if value else None


def ack_data(response: Any) -> str:
    """The ACK `data` of a CALLBACK, as the SDKs build it: JSON text of {"response": …}."""
    return json.dumps({"response": response}, ensure_ascii=False)


def is_robot_message(payload: Any) -> bool:
    return isinstance(payload, Mapping) and "msgtype" in payload and "conversationId" in payload


def is_card_callback(payload: Any) -> bool:
    return isinstance(payload, Mapping) and "outTrackId" in payload and ("content" in payload or "value" in payload)


def _text(payload: Mapping[str, Any]) -> str:
    kind = payload.get("msgtype")
    text = payload.get("text")
    if kind == "text" and isinstance(text, Mapping):
        return str(text.get("content", "")).strip()
    content = payload.get("content")
    if isinstance(content, Mapping):
        return str(content.get("content") or content.get("downloadCode") or "")
    return f"[{kind}]" if kind else ""


def robot_summary(payload: Mapping[str, Any], lang: str = "en") -> str:
    """sender · conversation · text, e.g. `张三 · group “项目群” · hello`."""
    sender = str(payload.get("senderNick") or payload.get("senderStaffId") or payload.get("senderId") or "")
    pair = _CONVERSATION.get(str(payload.get("conversationType")))
    where = (pair[1] if lang == "zh" else pair[0]) if pair else ""
    title = payload.get("conversationTitle")
    if title:
        where = f"{where} “{title}”".strip()
    text = _text(payload)
    if len(text) > 80:
        text = text[:79] + "…"
    return " · ".join(p for p in (sender, where, text) if p)


def card_content(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The card's `content` (JSON text in the frame) as a dict; {} when it is not JSON."""
    content = payload.get("content")
    if isinstance(content, str):
        try:
            content = untrusted.loads(content)
        except ValueError:
            return {}
    return dict(content) if isinstance(content, Mapping) else {}


def card_summary(payload: Mapping[str, Any], lang: str = "en") -> str:
    """user · action ids · params, e.g. `manager01 · approve · reason=ok`."""
    private = card_content(payload).get("cardPrivateData")
    private = private if isinstance(private, Mapping) else {}
    actions = private.get("actionIds")
    params = private.get("params")
    parts = [str(payload.get("userId") or "")]
    if isinstance(actions, list) and actions:
        parts.append(("动作 " if lang == "zh" else "action ") + ", ".join(str(a) for a in actions[:3]))
    if isinstance(params, Mapping) and params:
        parts.append(", ".join(f"{k}={_param(v)}" for k, v in list(params.items())[:3]))
    if len(parts) == 1 and payload.get("outTrackId"):
        parts.append(str(payload["outTrackId"]))
    text = " · ".join(p for p in parts if p)
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def _param(value: Any) -> str:
    """A card parameter as the user typed it: text as is, anything else as JSON (not Python's repr)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def summary(payload: Any, lang: str = "en") -> str | None:
    """A summary when `payload` is a robot message or card callback, else None."""
    try:
        if is_robot_message(payload):
            return robot_summary(payload, lang)
        if is_card_callback(payload):
            return card_summary(payload, lang)
    except (TypeError, ValueError, AttributeError):
        return ""
    return None
