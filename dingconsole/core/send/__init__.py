"""Sealing and sending pushes at a handler (patterns, timing, DingTalk's verdict) and the event templates."""

from __future__ import annotations

from dingconsole.core.send.sender import Delivery, SendError, seal_push, target_url

__all__ = ["Delivery", "SendError", "seal_push", "target_url"]
