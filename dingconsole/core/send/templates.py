"""Event templates: realistic DingTalk payloads with fresh IDs and times, for sending to a handler.

Hand-written variants live in `resources/templates/<name>.json` ({"event_type", "label": {"en", "zh"},
"payload"}); every other catalogued event type gets a template named after the type, made from the
catalogue's example payload (`core/catalogue/payloads.py`), so `send` knows every type DingTalk
documents. Templates are grouped by the catalogue's families. In the
payload a string that is exactly "{{placeholder}}" becomes the placeholder's typed value (an int for
times in ms, a string otherwise); "{{placeholder}}" inside a longer string is replaced as text. Fresh
values on every render, so a handler that de-duplicates on `eventId` sees a new event each time.
"""

from __future__ import annotations

import difflib
import json
import re
import secrets
import string
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dingconsole.core import catalogue
from dingconsole.core.catalogue.check import FieldProblem, check_fields
from dingconsole.core.catalogue.payloads import template_payload
from dingconsole.core.errors import DingError

DEFAULT_CORP_ID = "ding5f1e0c3a7b2d9e41"
_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")
_WHOLE = re.compile(r"^\{\{([a-z_]+)\}\}$")


OTHER_FAMILY = "other"


class TemplateError(DingError):
    code = "template_error"


@dataclass(frozen=True)
class Template:
    name: str
    event_type: str
    labels: dict[str, str]
    payload: dict[str, Any]
    family: str = OTHER_FAMILY

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.name


def _digits(count: int) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(count))


def _alnum(count: int) -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(count))


def fresh_values(now_ms: int | None = None) -> dict[str, Any]:
    """One set of placeholder values; shared by every field of one render so related fields agree."""
    now = int(time.time() * 1000) if now_ms is None else int(now_ms)
    generators: dict[str, Callable[[], Any]] = {
        "now_ms": lambda: now,
        "now_ms_str": lambda: str(now),
        "earlier_ms": lambda: now - 5 * 60 * 1000,
        "event_id": lambda: uuid.uuid4().hex,
        "corp_id": lambda: DEFAULT_CORP_ID,
        "process_instance_id": lambda: (
            f"{_alnum(8)}-{secrets.token_hex(2)}-11ef-{secrets.token_hex(2)}-{secrets.token_hex(6)}"
        ),
        "process_code": lambda: f"PROC-{str(uuid.uuid4()).upper()}",
        "business_id": lambda: time.strftime("%Y%m%d", time.localtime(now / 1000)) + _digits(4),
        "staff_id": lambda: "manager" + _digits(4),
        "approver_id": lambda: _digits(11),
        "user_id": lambda: _digits(16),
        "task_id": lambda: int(_digits(9).lstrip("0") or "1"),
        "dept_id": lambda: int(_digits(8).lstrip("0") or "1"),
        "label_id": lambda: int(_digits(10).lstrip("0") or "1"),
        "chat_id": lambda: "chat" + secrets.token_hex(16),
    }
    return {name: make() for name, make in generators.items()}


# the variant `--event-type T` picks when T has several templates
_DEFAULT_FOR_TYPE = {
    "bpms_instance_change": "bpms_instance_change_start",
    "bpms_task_change": "bpms_task_change_start",
}
PLACEHOLDERS: tuple[str, ...] = tuple(fresh_values(0))


@cache
def _load_all() -> dict[str, Template]:
    """The hand-written variants, then a catalogue template for every type that has none."""
    folder = resources.files("dingconsole.resources") / "templates"
    found: dict[str, Template] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text("utf-8"))
        name = entry.name.removesuffix(".json")
        kind = data["event_type"]
        family = catalogue.family_of(kind) or OTHER_FAMILY
        found[name] = Template(name, kind, dict(data["label"]), data["payload"], family)
    covered = {t.event_type for t in found.values()}
    for kind, spec in catalogue.types().items():
        if kind not in covered and kind not in found:
            found[kind] = Template(kind, kind, dict(spec.labels), template_payload(spec), spec.family)
    return dict(sorted(found.items()))


def templates() -> list[Template]:
    return list(_load_all().values())


def list_templates(lang: str = "en") -> list[tuple[str, str, str]]:
    """(name, event_type, label) for every template, sorted by name."""
    return [(t.name, t.event_type, t.label(lang)) for t in templates()]


def by_family(lang: str = "en") -> list[tuple[str, str, list[Template]]]:
    """(family id, family label, its templates by name) in the catalogue's family order; templates of
    a type the catalogue does not know come last, under "other"."""
    groups: dict[str, list[Template]] = {}
    for template in templates():
        groups.setdefault(template.family, []).append(template)
    order = [*catalogue.families(), OTHER_FAMILY]
    result = []
    for family in order:
        if family in groups:
            found = catalogue.families().get(family)
            result.append((family, found.label(lang) if found else family, groups[family]))
    return result


def check_template(name: str) -> list[FieldProblem]:
    """How a rendered template differs from its event type's documented fields (empty when it fits)."""
    template = get_template(name)
    spec = catalogue.get(template.event_type)
    return check_fields(render_payload(name), spec) if spec else []


def get_template(name: str) -> Template:
    """A template by name, or the first one of an event type (so `check_in` and `bpms_task_change` both work)."""
    found = _load_all()
    name = _DEFAULT_FOR_TYPE.get(name, name)
    if name in found:
        return found[name]
    for template in found.values():
        if template.event_type == name:
            return template
    close = difflib.get_close_matches(name, list(found), n=3, cutoff=0.6)
    families = sorted({t.family for t in found.values()})
    hint = f"Did you mean {', '.join(close)}? " if close else ""
    hint += "Families: " + ", ".join(families) + ". List them with: send --list-templates"
    raise TemplateError(f"no template named {name!r}", hint, name=name, close=close)


def _fill(value: Any, values: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, str):
        whole = _WHOLE.match(value)
        if whole:
            return values[whole.group(1)]
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), value)
    return value


def render_payload(name: str, *, now_ms: int | None = None, **overrides: Any) -> dict[str, Any]:
    """The template's payload with fresh values. An override named like a placeholder (`corp_id`,
    `event_id`, ...) sets that value everywhere; any other override sets a top-level field."""
    template = get_template(name)
    values = fresh_values(now_ms)
    fields: dict[str, Any] = {}
    for key, value in overrides.items():
        if key in values:
            values[key] = value
        else:
            fields[key] = value
    payload = _fill(template.payload, values)
    payload.update(fields)
    return payload


def render(name: str, *, now_ms: int | None = None, **overrides: Any) -> str:
    """The rendered payload as compact JSON text (what gets encrypted and pushed)."""
    return json.dumps(render_payload(name, now_ms=now_ms, **overrides), ensure_ascii=False, separators=(",", ":"))
