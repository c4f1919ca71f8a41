"""Check a decrypted payload against the fields its event type documents.

Findings are advice, never failures: DingTalk adds fields over time and leaves optional ones out,
so the diagnosis reports them as a warning. A field is "missing" only when the catalogue marks it
required and no field of that name in another case is there (classic payloads say `StaffId` where
current ones say `staffId`); a documented field present with another JSON type is "wrong_type". Fields the
catalogue does not list are not reported (DingTalk adds fields; they are not errors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dingconsole.core.catalogue import EventSpec
from dingconsole.core.catalogue.spelling import DATA_FIELDS, http_name


@dataclass(frozen=True)
class FieldProblem:
    field: str
    kind: str  # "missing" | "wrong_type"
    expected: tuple[str, ...]
    found: str | None = None

    def text(self) -> str:
        want = "/".join(self.expected)
        if self.kind == "missing":
            return f"{self.field} (missing, {want})"
        return f"{self.field} ({self.found}, expected {want})"


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def type_matches(value: Any, expected: tuple[str, ...]) -> bool:
    found = json_type(value)
    if "any" in expected or found in expected:
        return True
    return found == "integer" and "number" in expected


def check_fields(payload: Mapping[str, Any], spec: EventSpec) -> list[FieldProblem]:
    """Problems of one payload against its event type's documented fields (empty when it fits)."""
    problems: list[FieldProblem] = []
    folded = {str(key).casefold() for key in payload}
    for field in spec.fields:
        name = field.name
        if name not in payload and name in DATA_FIELDS:
            name = http_name(name, spec.type)  # an HTTP push spells the business fields its own way
        if name not in payload:
            # the classic shape spells some fields differently (StaffId / staffId): not missing then
            if field.required and field.name.casefold() not in folded:
                problems.append(FieldProblem(field.name, "missing", field.types))
            continue
        value = payload[name]
        types = field.types
        if name == "TimeStamp":  # the classic push writes it as text or as a number (docs/PROTOCOL.md §3)
            types = tuple(dict.fromkeys((*types, "string", "integer")))
        if value is not None and not type_matches(value, types):
            problems.append(FieldProblem(name, "wrong_type", types, json_type(value)))
    return problems
