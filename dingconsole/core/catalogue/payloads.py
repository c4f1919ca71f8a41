"""Send templates made from the catalogue's example payloads.

The example of each event type carries made-up ids; a template replaces the fields that must be
fresh on every send (event id, event time, BizId, corp id) with the placeholders
`core/send/templates.py` fills, so a handler that de-duplicates on `eventId` sees a new event each time.
"""

from __future__ import annotations

from typing import Any

from dingconsole.core.catalogue import EventSpec
from dingconsole.core.catalogue.spelling import http_name

# field -> placeholder, by the JSON type the example gives it
_FRESH_INT = {
    "EventTime": "{{now_ms}}",
    "timeStamp": "{{now_ms}}",
    "timestamp": "{{now_ms}}",
    "TimeStamp": "{{now_ms}}",
}
_FRESH_STR = {
    "BizId": "{{now_ms_str}}",
    "TimeStamp": "{{now_ms_str}}",
    "eventId": "{{event_id}}",
    "event_id": "{{event_id}}",
    "CorpId": "{{corp_id}}",
    "corpId": "{{corp_id}}",
    "corpid": "{{corp_id}}",
}


def template_payload(spec: EventSpec) -> dict[str, Any]:
    """The example payload, spelt as an HTTP push spells it (catalogue/spelling.py), with placeholders for
    the fields DingTalk makes fresh on every push."""
    payload: dict[str, Any] = {}
    for documented, value in spec.example.items():
        key = http_name(documented, spec.type)
        if key != documented and key in spec.example:
            continue  # the example already holds the HTTP spelling too
        if isinstance(value, bool):
            payload[key] = value
        elif isinstance(value, int) and key in _FRESH_INT:
            payload[key] = _FRESH_INT[key]
        elif isinstance(value, str) and key in _FRESH_STR:
            payload[key] = _FRESH_STR[key]
        else:
            payload[key] = value
    return payload
