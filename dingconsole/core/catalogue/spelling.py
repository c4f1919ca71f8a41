"""One truth for how a field is spelt in a Stream event's data and in an HTTP push of the same event.

DingTalk documents today's events in their Stream shape: the pages of the event catalogue (for
example `…/user-activation-after-joining-the-enterprise-stream`) give the data part as `timeStamp`,
`userId` (`Array<String>`), with type, id and corp in the frame header (`eventType`, `eventId`,
`eventCorpId`). An HTTP push carries the same event in the classic spelling: `EventType`, `TimeStamp`,
`UserId`, `DeptId`, `OptStaffId`, `CorpId` (docs/PROTOCOL.md §3; DingTalk's failed-push list and the
pushes users post). Approval events keep their camel case (`corpId`, `processInstanceId`) over HTTP.

The catalogue records the documented (Stream) spelling; the HTTP send templates, the Stream → HTTP
bridge (core/dingtalk/spelling.py) and the field check all map through this table, so `send` and
`stream --forward` give a handler one spelling of one event.
"""

from __future__ import annotations

# Stream data key -> HTTP push key
FIELD_MAP = {
    "userId": "UserId",
    "deptId": "DeptId",
    "timeStamp": "TimeStamp",
    "optStaffId": "OptStaffId",
    "corpId": "CorpId",
    "eventType": "EventType",
    "eventTime": "EventTime",
    "bizId": "BizId",
}
# the business fields among them: the ones a field check may find under their HTTP name (the others,
# eventTime and friends, come from the frame header and are documented with other types)
DATA_FIELDS = frozenset({"userId", "deptId", "timeStamp", "optStaffId"})
KEEP_CAMEL = ("bpms_",)  # approval pushes keep `corpId` and their camel-case fields over HTTP


def renames(kind: str | None) -> bool:
    """Whether an HTTP push of this event type spells its fields differently from its Stream data."""
    return not str(kind or "").startswith(KEEP_CAMEL)


def http_name(name: str, kind: str | None) -> str:
    """The key an HTTP push of `kind` uses for the documented (Stream) field `name`."""
    return FIELD_MAP.get(name, name) if renames(kind) else name
