"""Talking to DingTalk's own servers: the Stream client and its bridge, the failed-push list, open-API JSON calls."""

from __future__ import annotations

from dingconsole.core.dingtalk.bridge import StreamBridge, check_handler_url
from dingconsole.core.dingtalk.stream import DEFAULT_GATEWAY, MissingAppSecret, State, StreamClient, require_app_secret

__all__ = [
    "DEFAULT_GATEWAY",
    "MissingAppSecret",
    "State",
    "StreamBridge",
    "StreamClient",
    "check_handler_url",
    "require_app_secret",
]
