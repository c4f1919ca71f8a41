"""The catalogue of DingTalk event types: one JSON file per family under `families/`, loaded once.

Each family records where DingTalk documents it; each event type carries its Chinese and English
label, the fields it documents (type, meaning, required or not), the fields that identify one event
(eventId, BizId, processInstanceId …), a one-line summary rule and an example payload with made-up
ids. The data is the single source for labels, summaries, send templates and the field check; this
module only loads and indexes it (no Qt, no I/O beyond the package's own files).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "EventSpec",
    "Family",
    "FieldSpec",
    "families",
    "family_of",
    "get",
    "types",
    "types_in",
]


@dataclass(frozen=True)
class FieldSpec:
    """One documented top-level field of an event payload."""

    name: str
    types: tuple[str, ...]  # JSON types: string, integer, number, boolean, array, object, any
    required: bool
    meaning: dict[str, str]

    def describe(self, lang: str = "en") -> str:
        return self.meaning.get(lang) or self.meaning.get("en") or self.name


@dataclass(frozen=True)
class EventSpec:
    """One event type as DingTalk documents it."""

    type: str
    family: str
    labels: dict[str, str]
    source: str
    transports: tuple[str, ...]
    ids: tuple[str, ...]
    summary_rules: dict[str, str]
    fields: tuple[FieldSpec, ...]
    values: dict[str, dict[str, dict[str, str]]]
    example: dict[str, Any]
    topic: str | None = None
    unconfirmed: str = ""  # why the field list is not DingTalk's own documentation ("" when it is)

    @property
    def stream_callback(self) -> bool:
        """A Stream CALLBACK topic (robot messages, card actions), not an event DingTalk pushes over HTTP:
        it arrives as a CALLBACK frame on `topic` (docs/PROTOCOL.md §4), or at the robot's or card's own URL."""
        return bool(self.topic and self.topic.startswith("/v1.0/"))

    def note(self, lang: str = "en") -> str:
        """What a list of event types should say beside this one: a callback topic, an unconfirmed field list."""
        notes = []
        if self.stream_callback:
            notes.append(
                f"Stream CALLBACK 主题 {self.topic}，不是 HTTP 事件推送"
                if lang == "zh"
                else f"Stream CALLBACK topic {self.topic}, not an HTTP event push"
            )
        if self.unconfirmed:
            notes.append("字段列表未经钉钉文档确认" if lang == "zh" else "field list unconfirmed")
        return "; ".join(notes)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.type

    def summary_rule(self, lang: str = "en") -> str:
        return self.summary_rules.get(lang) or self.summary_rules.get("en") or ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Family:
    """A group of event types as DingTalk's documentation groups them, with its sources."""

    id: str
    labels: dict[str, str]
    sources: tuple[str, ...]
    events: tuple[EventSpec, ...]

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.id


def _field(data: dict[str, Any]) -> FieldSpec:
    kind = data.get("type", "any")
    kinds = tuple(kind) if isinstance(kind, list) else (str(kind),)
    return FieldSpec(str(data["name"]), kinds, bool(data.get("required")), dict(data.get("meaning") or {}))


def _event(family: str, data: dict[str, Any]) -> EventSpec:
    return EventSpec(
        type=str(data["type"]),
        family=family,
        labels=dict(data["label"]),
        source=str(data.get("source", "")),
        transports=tuple(data.get("transports") or ()),
        ids=tuple(data.get("ids") or ()),
        summary_rules=dict(data.get("summary") or {}),
        fields=tuple(_field(f) for f in data.get("fields") or ()),
        values={k: dict(v) for k, v in (data.get("values") or {}).items()},
        example=dict(data.get("example") or {}),
        topic=data.get("topic"),
        unconfirmed=str(data.get("unconfirmed") or ""),
    )


@cache
def families() -> dict[str, Family]:
    """Every family by id, in the order the files give (the families users meet most first); loaded
    from the package data once."""
    folder = resources.files(__name__) / "families"
    loaded: list[tuple[int, str, Family]] = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text("utf-8"))
        fid = str(data["id"])
        events = tuple(_event(fid, e) for e in data["events"])
        family = Family(fid, dict(data["label"]), tuple(data.get("sources") or ()), events)
        loaded.append((int(data.get("order", 999)), fid, family))
    return {fid: family for _, fid, family in sorted(loaded, key=lambda item: (item[0], item[1]))}


@cache
def types() -> dict[str, EventSpec]:
    """Every catalogued event type by name."""
    return {event.type: event for family in families().values() for event in family.events}


def get(kind: str | None) -> EventSpec | None:
    """The catalogue entry of an event type, or None for a type DingTalk added after this catalogue."""
    return types().get(kind) if kind else None


def family_of(kind: str | None) -> str | None:
    spec = get(kind)
    return spec.family if spec else None


def types_in(family: str) -> tuple[str, ...]:
    """The event types of one family (empty for an unknown family)."""
    found = families().get(family)
    return tuple(e.type for e in found.events) if found else ()
