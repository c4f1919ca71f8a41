"""The field check of a decrypted event: its documented fields, as the catalogue records them.

A payload whose required fields are missing, or whose documented fields carry another JSON type,
gets one WARNING step naming them. Never a failure: DingTalk adds fields over time and leaves
optional ones out; the warning helps when a handler was written against an outdated sample. A type
the catalogue does not know, and a payload that fits, add no step (the step list stays as it was).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dingconsole.core import catalogue, events
from dingconsole.core.catalogue.check import check_fields
from dingconsole.core.diagnose.report import Status, Step

STEP = "event_fields"
CODE = "event_fields_differ"


def field_step(payload: Any) -> Step | None:
    """A WARNING step when the payload differs from its type's documented fields, else None."""
    if not isinstance(payload, Mapping):
        return None
    spec = catalogue.get(events.event_type(payload))
    if spec is None:
        return None
    problems = check_fields(payload, spec)
    if not problems:
        return None
    missing = [p.field for p in problems if p.kind == "missing"]
    wrong = [{"field": p.field, "expected": "/".join(p.expected), "found": p.found} for p in problems if p.found]
    detail = f"{spec.type} differs from DingTalk's documented fields: " + "; ".join(p.text() for p in problems)
    hint = (
        "Not an error: DingTalk adds fields over time and leaves some out. Make sure the handler does not "
        f"depend on these fields as written in an older sample; the documentation is at {spec.source}."
    )
    params = {"event_type": spec.type, "missing": missing, "wrong_type": wrong, "source": spec.source}
    return Step(STEP, Status.WARNING, detail, hint, CODE, params)


def field_steps(payload: Any) -> list[Step]:
    """The step as a list, to extend a report's steps with."""
    step = field_step(payload)
    return [step] if step else []
