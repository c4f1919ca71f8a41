"""Turn a failed-push list item back into the event DingTalk would have pushed (docs/PROTOCOL.md §1).

Items are not pushes. DingTalk's page "获取推送失败的事件列表" documents
`{"call_back_tag": T, "event_time": ms, T: {"corpid": …, <data>}}` where <data> is
`bpmsCallBackData` (approvals), `roleLabelChange` (role labels) or `callbackData` (others) — or, for
address-book events, the fields themselves in lower case (`{"userid": […], "corpid": …}`). The
open-source SDK models (Go `FailedRegisterEvent`, C# `CallbackBpmsInstanceChangeEvent`) and users'
posts agree; users also report Java map text (`"{corpid=ding…}"`) that holds no event data at all.

An HTTP push of the same event carries `EventType`, `CorpId`, `UserId`, `DeptId`, `TimeStamp`
(docs/PROTOCOL.md §3), so keys are mapped back. An item that yields no event data is `Unrebuildable`:
it is stored as it came and never replayed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dingconsole.core import untrusted

DATA_KEYS = ("bpmsCallBackData", "roleLabelChange", "callbackData")
# lower-case item spelling -> the HTTP push's spelling (address-book events, docs/PROTOCOL.md §3)
_PUSH_SPELLING = {"corpid": "CorpId", "userid": "UserId", "deptid": "DeptId", "eventtype": "EventType"}
_NOT_DATA = {"EventType", "CorpId", "corpId", "EventTime", "TimeStamp"}


class Unrebuildable(ValueError):
    """The item has no event data a handler could act on; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _as_json(value: Any, where: str) -> Any:
    if isinstance(value, str):
        try:
            return untrusted.loads(value)
        except ValueError:
            raise Unrebuildable(f"{where} is text that is not JSON: {value[:120]!r}") from None
    return value


def _data_field(body: Mapping[str, Any]) -> tuple[str, Any] | None:
    for key in DATA_KEYS:
        if key in body:
            return key, body[key]
    for key, value in body.items():  # any other …CallBackData / …CallbackData variant
        if key.lower().endswith("callbackdata"):
            return key, value
    return None


def rebuild(item: Mapping[str, Any]) -> dict[str, Any]:
    """The push payload for one failed_list item; raises Unrebuildable."""
    tag = item.get("call_back_tag")
    if not isinstance(tag, str) or not tag:
        raise Unrebuildable("the item has no call_back_tag")
    if tag not in item:
        raise Unrebuildable(f"the item has no {tag!r} field with the event's data")
    body = _as_json(item[tag], f"the {tag!r} field")
    if not isinstance(body, Mapping):
        raise Unrebuildable(f"the {tag!r} field is not a JSON object")
    corp = body.get("corpid") or body.get("CorpId") or body.get("corpId")
    found = _data_field(body)
    if found is not None:
        key, value = found
        data = _as_json(value, key)
        if not isinstance(data, Mapping) or not data:
            raise Unrebuildable(f"{key} is empty or not a JSON object")
        message = dict(data)
    else:
        message = {_PUSH_SPELLING.get(k.lower(), k) if k.islower() else k: v for k, v in body.items()}
    message.setdefault("EventType", tag)
    if corp and "CorpId" not in message and "corpId" not in message:
        message["CorpId"] = corp
    if not set(message) - _NOT_DATA:
        raise Unrebuildable("the item carries no event data besides its type and corp")
    stamp = item.get("event_time")
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        message.setdefault("EventTime", stamp)
        if "TimeStamp" not in message and found is None:
            message["TimeStamp"] = str(stamp)  # the classic address-book push carries it as text
    return message
