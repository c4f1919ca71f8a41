"""Event types of DingTalk callbacks: readable labels (English and Chinese) and a one-line summary each.

Two payload shapes are in the wild (PROTOCOL.md §3): classic (`EventType`, `TimeStamp` as a string,
lowercase `corpId` in old approval events) and current (adds `EventTime`, `CorpId`, `BizId`,
`eventId`). Everything here accepts both and never raises on odd payloads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# event type -> (English, Chinese)
LABELS: dict[str, tuple[str, str]] = {
    "check_url": ("URL check", "回调地址验证"),
    "check_create_suite_url": ("Suite URL check (create)", "套件回调验证（创建）"),
    "check_update_suite_url": ("Suite URL check (update)", "套件回调验证（更新）"),
    "bpms_instance_change": ("Approval instance", "审批实例变更"),
    "bpms_task_change": ("Approval task", "审批任务变更"),
    "user_add_org": ("User joined", "员工入职"),
    "user_modify_org": ("User changed", "员工信息变更"),
    "user_leave_org": ("User left", "员工离职"),
    "user_active_org": ("User activated", "员工激活"),
    "org_admin_add": ("Admin added", "新增管理员"),
    "org_admin_remove": ("Admin removed", "移除管理员"),
    "org_dept_create": ("Department created", "部门创建"),
    "org_dept_modify": ("Department changed", "部门修改"),
    "org_dept_remove": ("Department removed", "部门删除"),
    "org_remove": ("Organisation removed", "企业解散"),
    "org_change": ("Organisation changed", "企业信息变更"),
    "label_user_change": ("User role changed", "员工角色变更"),
    "label_conf_add": ("Role added", "角色新增"),
    "label_conf_modify": ("Role changed", "角色修改"),
    "label_conf_del": ("Role deleted", "角色删除"),
    "chat_add_member": ("Chat member added", "群成员加入"),
    "chat_remove_member": ("Chat member removed", "群成员移除"),
    "chat_quit": ("Chat member quit", "成员退群"),
    "chat_update_owner": ("Chat owner changed", "群主变更"),
    "chat_update_title": ("Chat renamed", "群名称变更"),
    "chat_disband": ("Chat disbanded", "群解散"),
    "check_in": ("Check-in", "签到"),
    "attendance_check_record": ("Attendance punch", "考勤打卡"),
}
KNOWN_TYPES: tuple[str, ...] = tuple(LABELS)

_APPROVAL_TYPE = {
    "start": ("started", "发起"),
    "finish": ("finished", "结束"),
    "terminate": ("terminated", "撤销"),
    "delete": ("deleted", "删除"),
    "cancel": ("cancelled", "取消"),
    "comment": ("commented", "评论"),
}
_APPROVAL_RESULT = {"agree": ("agreed", "同意"), "refuse": ("refused", "拒绝"), "redirect": ("redirected", "转交")}


def _get(payload: Any, *names: str) -> Any:
    if not isinstance(payload, Mapping):
        return None
    for name in names:
        if name in payload:
            return payload[name]
    return None


def event_type(payload: Any) -> str | None:
    """The event type of a decrypted payload, whichever spelling it uses."""
    value = _get(payload, "EventType", "eventType", "event_type")
    return value if isinstance(value, str) and value else None


def event_id(payload: Any) -> str | None:
    """DingTalk's event id (current payloads), used to spot retries; None for classic payloads."""
    value = _get(payload, "eventId", "EventId", "event_id")
    return str(value) if value not in (None, "") else None


def event_time_ms(payload: Any) -> int | None:
    """When DingTalk says the event happened: `EventTime` (ms) or the classic `TimeStamp` string."""
    value = _get(payload, "EventTime", "TimeStamp", "timeStamp")
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def corp_id(payload: Any) -> str | None:
    value = _get(payload, "CorpId", "corpId", "corpid")
    return str(value) if value else None


def label(kind: str | None, lang: str = "en") -> str:
    """A readable label; unknown types are shown as they are, so new DingTalk events still display."""
    if not kind:
        return "(none)" if lang != "zh" else "（无）"
    pair = LABELS.get(kind)
    if pair is None:
        return kind
    return pair[1] if lang == "zh" else pair[0]


def _ids(value: Any) -> str:
    if isinstance(value, list):
        shown = ", ".join(str(v) for v in value[:5])
        return shown + (f" (+{len(value) - 5})" if len(value) > 5 else "")
    return "" if value is None else str(value)


def _pick(table: dict[str, tuple[str, str]], key: Any, lang: str) -> str:
    pair = table.get(str(key)) if key is not None else None
    if pair is None:
        return "" if key is None else str(key)
    return pair[1] if lang == "zh" else pair[0]


def _approval(payload: Mapping[str, Any], lang: str) -> str:
    parts = [str(payload.get("title") or payload.get("processInstanceId") or "")]
    kind = _pick(_APPROVAL_TYPE, payload.get("type"), lang)
    result = _pick(_APPROVAL_RESULT, payload.get("result"), lang)
    parts += [p for p in (kind, result) if p]
    if payload.get("remark"):
        parts.append(f"“{payload['remark']}”")
    return " · ".join(p for p in parts if p)


def _users(payload: Mapping[str, Any], lang: str) -> str:
    who = _ids(payload.get("UserId") or payload.get("userId"))
    by = payload.get("OptStaffId") or payload.get("Operator")
    if by:
        return f"{who} ({'操作人' if lang == 'zh' else 'by'} {by})"
    return who


def _depts(payload: Mapping[str, Any], lang: str) -> str:
    return ("部门 " if lang == "zh" else "dept ") + _ids(payload.get("DeptId") or payload.get("deptId"))


def _chat(payload: Mapping[str, Any], lang: str) -> str:
    parts = [str(payload.get("ChatId") or payload.get("chatId") or "")]
    if payload.get("Title") or payload.get("title"):
        parts.append(str(payload.get("Title") or payload.get("title")))
    users = _ids(payload.get("UserId"))
    if users:
        parts.append(users)
    return " · ".join(p for p in parts if p)


_SUMMARIES: dict[str, Callable[[Mapping[str, Any], str], str]] = {
    "bpms_instance_change": _approval,
    "bpms_task_change": _approval,
    "org_dept_create": _depts,
    "org_dept_modify": _depts,
    "org_dept_remove": _depts,
}


def summary(payload: Any, lang: str = "en") -> str:
    """One line that tells events of a type apart: approval title/type/result, user ids, dept ids, chat."""
    if not isinstance(payload, Mapping):
        return ""
    kind = event_type(payload) or ""
    try:
        if kind in _SUMMARIES:
            return _SUMMARIES[kind](payload, lang)
        if kind.startswith("chat_"):
            return _chat(payload, lang)
        if kind.startswith(("user_", "org_admin", "label_user")):
            return _users(payload, lang)
        if kind.startswith("check_") and "url" in kind:
            return ""
        keys = [k for k in payload if k not in ("EventType", "TimeStamp", "EventTime", "CorpId", "corpId", "BizId")]
        return ", ".join(f"{k}={payload[k]}" for k in keys[:3])
    except (TypeError, ValueError, AttributeError):  # odd field types: show nothing rather than fail
        return ""
