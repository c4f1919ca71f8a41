"""The Stream health line of the window: the core's `StreamHealth.to_dict()` in the user's language.

One short line for the toolbar (state, since when, reconnects, last ping, ACK latency, duplicates)
and a tooltip with the endpoint and the recent reconnects with their reasons.
"""

from __future__ import annotations

import html
import time
from typing import Any

from PySide6.QtCore import QCoreApplication

from dingconsole.core.errors import DingError
from dingconsole.gui import i18n

translate = QCoreApplication.translate


def reason_text(reason: str) -> str:
    """A reconnect reason code (core.dingtalk.health.REASONS) in words."""
    texts = {
        "disconnect": translate("StreamHealth", "the gateway asked to move (disconnect)"),
        "closed": translate("StreamHealth", "the socket was closed"),
        "silent": translate("StreamHealth", "the socket went silent (watchdog)"),
        "error": translate("StreamHealth", "the connection failed"),
        "transient": translate("StreamHealth", "gateway busy or unreachable, retrying"),
    }
    return texts.get(reason, reason)


def _clock(stamp: float | None) -> str:
    return time.strftime("%H:%M:%S", time.localtime(stamp)) if stamp else "–"


def _ago(stamp: float | None, now: float) -> str:
    if not stamp:
        return translate("StreamHealth", "none yet")
    return translate("StreamHealth", "%1 s ago").replace("%1", str(max(0, int(now - stamp))))


def health_line(health: dict[str, Any], now: float | None = None) -> str:
    """`since 10:02:03 · 2 reconnects · ping 4 s ago · ACK p50 3 / p90 9 / p99 40 ms · 1 duplicate`."""
    now = time.time() if now is None else now
    parts = []
    if health.get("connected_since"):
        parts.append(translate("StreamHealth", "since %1").replace("%1", _clock(health["connected_since"])))
    parts.append(translate("StreamHealth", "%1 reconnects").replace("%1", str(health.get("reconnects", 0))))
    parts.append(translate("StreamHealth", "ping %1").replace("%1", _ago(health.get("last_ping"), now)))
    if health.get("ack_ms_p50") is not None:
        parts.append(
            translate("StreamHealth", "ACK p50 %1 / p90 %2 / p99 %3 ms")
            .replace("%1", f"{health['ack_ms_p50']:.0f}")
            .replace("%2", f"{health.get('ack_ms_p90') or 0:.0f}")
            .replace("%3", f"{health.get('ack_ms_p99') or 0:.0f}")
        )
    parts.append(translate("StreamHealth", "%1 duplicates").replace("%1", str(health.get("duplicates", 0))))
    if health.get("later"):
        parts.append(translate("StreamHealth", "%1 LATER").replace("%1", str(health["later"])))
    return " · ".join(parts)


def health_tooltip(health: dict[str, Any]) -> str:
    """Endpoint, counters and the recent reconnects with their reasons, one per line (escaped)."""
    lines = [
        translate("StreamHealth", "State: %1").replace("%1", str(health.get("state", ""))),
        translate("StreamHealth", "Endpoint: %1").replace("%1", str(health.get("endpoint") or "–")),
        translate("StreamHealth", "Connected since: %1").replace("%1", _clock(health.get("connected_since"))),
        translate("StreamHealth", "Events: %1, callbacks: %2, pings: %3")
        .replace("%1", str(health.get("events", 0)))
        .replace("%2", str(health.get("callbacks", 0)))
        .replace("%3", str(health.get("pings", 0))),
    ]
    if health.get("ack_ms_avg") is not None:
        lines.append(
            translate("StreamHealth", "ACK latency: last %1 ms, average %2 ms, max %3 ms")
            .replace("%1", f"{health.get('ack_ms_last') or 0:.0f}")
            .replace("%2", f"{health['ack_ms_avg']:.0f}")
            .replace("%3", f"{health.get('ack_ms_max') or 0:.0f}")
        )
    recent = health.get("recent_reconnects") or []
    if recent:
        lines.append(translate("StreamHealth", "Recent reconnects:"))
        for entry in recent[-5:]:
            detail = f" — {entry['detail']}" if entry.get("detail") else ""
            lines.append(f"  {_clock(entry.get('at'))}  {reason_text(str(entry.get('reason')))}{detail}")
    if health.get("last_error"):
        lines.append(translate("StreamHealth", "Last error: %1").replace("%1", str(health["last_error"])))
    return "<pre>" + html.escape("\n".join(lines)) + "</pre>"  # the gateway's words stay plain text


def error_text(exc: DingError) -> str:
    """A Stream / open-API error in the UI language, from its code and params (English: the core's own text)."""
    if i18n.manager().language() == i18n.ENGLISH:
        return exc.message
    p = exc.params
    profile = str(p.get("profile", ""))
    if exc.code == "stream_auth":
        text = translate(
            "StreamHealth", "DingTalk refused the AppKey/AppSecret (HTTP %1: %2): check both in the profile"
        )
        return text.replace("%1", str(p.get("status", ""))).replace("%2", str(p.get("detail", "")))
    if exc.code == "missing_app_secret" and p.get("field"):
        text = translate(
            "StreamHealth", "The %1 of profile %2 contains a space or line break (DingTalk: 401 authFailed)"
        )
        return text.replace("%1", str(p["field"])).replace("%2", profile)
    if exc.code == "missing_app_secret":
        text = translate("StreamHealth", "Profile %1 needs its AppKey and AppSecret: add them in the profile dialog")
        return text.replace("%1", profile)
    if exc.code == "missing_token_field":
        text = translate("StreamHealth", "Profile %1 lacks what this app type's token needs: %2")
        return text.replace("%1", profile).replace("%2", ", ".join(str(m) for m in p.get("missing", [])))
    if exc.code == "failed_push_api" and p.get("errcode") is not None:
        text = translate("StreamHealth", "DingTalk's open API refused: errcode %1 (%2)")
        return text.replace("%1", str(p["errcode"])).replace("%2", str(p.get("errmsg", "")))
    if exc.code in ("failed_push_api", "stream_error"):
        return translate("StreamHealth", "DingTalk's server could not be reached or gave no usable answer: %1").replace(
            "%1", exc.message
        )
    return exc.message
