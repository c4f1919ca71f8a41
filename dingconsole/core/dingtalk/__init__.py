"""Talking to DingTalk's own servers: the Stream client and its bridge, the failed-push list, open-API tokens."""

from __future__ import annotations

from dingconsole.core.dingtalk.bridge import StreamBridge, check_handler_url
from dingconsole.core.dingtalk.callbacks import TOPIC_CARD, TOPIC_ROBOT, BadTopic, check_topic
from dingconsole.core.dingtalk.health import StreamHealth
from dingconsole.core.dingtalk.stream import DEFAULT_GATEWAY, MissingAppSecret, State, StreamClient, require_app_secret

__all__ = [
    "DEFAULT_GATEWAY",
    "TOPIC_CARD",
    "TOPIC_ROBOT",
    "BadTopic",
    "MissingAppSecret",
    "State",
    "StreamBridge",
    "StreamClient",
    "StreamHealth",
    "check_handler_url",
    "check_topic",
    "require_app_secret",
]
