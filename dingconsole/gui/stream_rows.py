"""Table and detail texts for what Stream mode, robots and the failed-push list add to the table.

Robot messages and card callbacks carry no `EventType` in their data, and Stream EVENT data carries
its type in the frame headers: the summary is made from the stored event type and the payload. The
errors these exchanges can have are rendered from their codes and facts in the UI language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dingconsole.core import events
from dingconsole.core.dingtalk import callbacks
from dingconsole.core.exchange import Exchange

translate = QCoreApplication.translate


def summary(exchange: Exchange, lang: str) -> str:
    """A robot message's sender · conversation · text, a card action and its params, or the summary of
    a Stream event whose type is in the frame headers; "" when none of those applies."""
    payload = exchange.message_json()
    if not isinstance(payload, dict):
        return ""
    found = callbacks.summary(payload, lang)
    if found is not None:
        return found
    if exchange.event_type and not events.event_type(payload):
        return events.summary({"EventType": exchange.event_type, **payload}, lang)
    return ""


def error_text(exchange: Exchange) -> str | None:
    """The error of a robot callback, robot forward, Stream frame or failed-push item in the UI language."""
    code = exchange.error_code or ""
    texts = {
        "robot_missing_headers": lambda: translate("StreamRows", "robot callback without timestamp and sign headers"),
        "robot_no_secret": lambda: translate(
            "StreamRows", "robot callback, but the profile has no AppSecret to verify it with"
        ),
        "robot_bad_timestamp": lambda: translate("StreamRows", "the robot timestamp header is not milliseconds"),
        "robot_stale_timestamp": lambda: translate(
            "StreamRows", "the robot timestamp is more than 1 hour from this computer's clock"
        ),
        "robot_bad_sign": lambda: translate(
            "StreamRows", "the robot sign does not match the profile's AppSecret (wrong secret?)"
        ),
        "robot_bad_body": lambda: translate("StreamRows", "the robot body is not a robot message (JSON with msgtype)"),
        "robot_handler_failed": lambda: translate(
            "StreamRows", "the robot handler did not answer HTTP 200 (DingTalk counts it as failed)"
        ),
        "robot_handler_unreachable": lambda: translate("StreamRows", "the robot handler could not be reached"),
        "bridge_error": lambda: translate(
            "StreamRows", "the bridge to the handler failed; DingTalk was asked to deliver it again (LATER)"
        ),
        "failed_item_unrebuildable": lambda: translate(
            "StreamRows", "this failed-push item holds no event data: kept as it came, never replayed"
        ),
        "bad_frame": lambda: translate("StreamRows", "a Stream frame that is not a well-formed EVENT or CALLBACK"),
    }
    maker = texts.get(code)
    return maker() if maker else None
