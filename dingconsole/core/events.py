"""Event types of DingTalk callbacks: readable labels (English and Chinese) and a one-line summary each.

Labels, families and summary rules come from the catalogue (`core/catalogue/families/*.json`, one
file per family as DingTalk documents them). Two payload shapes are in the wild (docs/PROTOCOL.md §3):
classic (`EventType`, `TimeStamp` as a string, lowercase `corpId` in old approval events) and current
(adds `EventTime`, `CorpId`, `BizId`, `eventId`). Everything here accepts both and never raises on
odd payloads; a type DingTalk added after the catalogue shows its raw name and a generic summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dingconsole.core import catalogue
from dingconsole.core.catalogue.summary import MAX_TEXT, SEPARATOR, format_value, render

# event type -> (English, Chinese); every catalogued type
LABELS: dict[str, tuple[str, str]] = {
    kind: (spec.label("en"), spec.label("zh")) for kind, spec in catalogue.types().items()
}
KNOWN_TYPES: tuple[str, ...] = tuple(LABELS)
FAMILIES: tuple[str, ...] = tuple(catalogue.families())
_ENVELOPE = ("EventType", "TimeStamp", "EventTime", "CorpId", "corpId", "BizId", "eventId")


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
    spec = catalogue.get(kind)
    return spec.label(lang) if spec else kind


def family(kind: str | None) -> str | None:
    """The catalogue family of an event type (`attendance`, `edu`, …), None for an unknown type."""
    return catalogue.family_of(kind)


def family_label(family_id: str | None, lang: str = "en") -> str:
    """A family's readable name; an unknown id is shown as it is."""
    found = catalogue.families().get(family_id or "")
    return found.label(lang) if found else (family_id or "")


def _generic(payload: Mapping[str, Any], lang: str) -> str:
    keys = [k for k in payload if k not in _ENVELOPE]
    # a key can be as long as the sender likes: cut like the values, so one line stays one line
    return ", ".join(f"{_cut(str(k))}={format_value(payload[k], None, lang)}" for k in keys[:3])


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def summary(payload: Any, lang: str = "en") -> str:
    """One line that tells events of a type apart (who did what to what), from the catalogue's rule;
    a generic `field=value` line for a type the catalogue does not know, or when the rule finds none
    of its fields."""
    if not isinstance(payload, Mapping):
        return ""
    try:
        spec = catalogue.get(event_type(payload))
        if spec is None:
            return _generic(payload, lang)
        # a payload that lacks every field the rule names still says something
        return render(spec.summary_rule(lang), payload, spec.values, lang) or _generic(payload, lang)
    except (TypeError, ValueError, AttributeError, RecursionError):  # odd field types: show less rather than fail
        return ""


def describe(kind: str | None, payload: Any) -> dict[str, Any]:
    """The event's family, label and summary in both languages, for JSON outputs and exports."""
    return {
        "family": family(kind) or "other",
        "label": {"en": label(kind, "en"), "zh": label(kind, "zh")},
        "summary": {"en": summary(payload, "en"), "zh": summary(payload, "zh")},
    }


def typed_payload(kind: str | None, payload: Any) -> Any:
    """The payload with its type named: Stream data carries the type in the frame's headers only."""
    if isinstance(payload, Mapping) and kind and not event_type(payload):
        return {"EventType": kind, **payload}
    return payload


__all__ = [
    "FAMILIES",
    "KNOWN_TYPES",
    "LABELS",
    "SEPARATOR",
    "corp_id",
    "describe",
    "event_id",
    "event_time_ms",
    "event_type",
    "family",
    "family_label",
    "label",
    "summary",
    "typed_payload",
]
