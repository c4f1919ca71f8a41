"""Stream event data → the payload an HTTP push of the same event carries (docs/PROTOCOL.md, Stream section).

The field table is core/catalogue/spelling.py's, shared with the send templates and the field check.
Stream `data` is the bare business payload in lower camel case (`userId`, `deptId`, `timeStamp`,
`optStaffId`, `corpId`), with the event's type, id, corp and birth time in the frame headers
(`eventType`, `eventId`, `eventCorpId`, `eventBornTime`). An HTTP push carries them inside the payload,
in its own spelling: `EventType`, `eventId`, `CorpId`, `EventTime`, `TimeStamp`, `UserId`, `DeptId`,
`OptStaffId` (docs/PROTOCOL.md §3). Approval events are the exception: their HTTP payload keeps
`corpId` and the camel-case instance fields, so only the header fields are added to them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dingconsole.core import untrusted
from dingconsole.core.catalogue.spelling import FIELD_MAP, renames

__all__ = ["FIELD_MAP", "HEADER_MAP", "http_message", "http_payload"]

# frame header -> HTTP push key
HEADER_MAP = {"eventType": "EventType", "eventId": "eventId", "eventCorpId": "CorpId"}


def http_payload(data: Mapping[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
    """The HTTP push payload for one Stream event: renamed fields, then the header fields it lacks."""
    kind = str(headers.get("eventType") or data.get("EventType") or data.get("eventType") or "")
    rename = renames(kind)
    payload: dict[str, Any] = {}
    for key, value in data.items():
        target = FIELD_MAP.get(key, key) if rename else ("EventType" if key == "eventType" else key)
        if target not in payload or target == key:  # a field already in HTTP spelling wins
            payload[target] = value
    present = {k.lower() for k in payload}
    for header, name in HEADER_MAP.items():
        value = headers.get(header)
        if value and name.lower() not in present:
            payload[name] = value
    born = str(headers.get("eventBornTime") or "")
    if born.isdigit() and "eventtime" not in present:
        payload["EventTime"] = int(born)
    return payload


def http_message(message: str, headers: Mapping[str, str]) -> str:
    """`http_payload` over JSON text; text that is not a JSON object passes through unchanged."""
    try:
        data = untrusted.loads(message)
    except ValueError:
        return message
    if not isinstance(data, dict):
        return message
    return json.dumps(http_payload(data, headers), ensure_ascii=False)
