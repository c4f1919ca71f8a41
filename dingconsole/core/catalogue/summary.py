"""Render a catalogue summary rule ("{staffId} · {type} · {title}") against one payload.

A rule is segments joined by " · ". A placeholder names a field path (`title`, `text.content`,
`dataList[0].userId`) with alternatives after `|` (`{UserId|userId}`); a segment whose placeholder
finds nothing is left out, so one rule serves payloads with and without optional fields. Values
with a label in the catalogue (`agree` → 同意 / agreed) are shown by that label. Never raises: odd
payloads give a shorter line, not an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

SEPARATOR = " · "
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
MAX_TEXT = 80
MAX_IDS = 5


@lru_cache(maxsize=4096)
def _steps(path: str) -> tuple[tuple[str, str], ...]:
    """`a.b[0]` as ((a, ""), (b, ""), ("", "0")): parsed once per path (serve prints a summary per push)."""
    return tuple(_STEP.findall(path))


@lru_cache(maxsize=1024)
def _compiled(rule: str) -> tuple[tuple[tuple[str, tuple[tuple[str, str], ...]], ...], ...]:
    """A rule as segments of (literal, alternatives) pairs; each alternative is (path, leaf name)."""
    segments = []
    for segment in rule.split(SEPARATOR):
        parts = _PLACEHOLDER.split(segment)  # literal, spec, literal, spec, ..., literal
        pairs = []
        for i in range(0, len(parts), 2):
            spec = parts[i + 1] if i + 1 < len(parts) else None
            alternatives: tuple[tuple[str, str], ...] = ()
            if spec is not None:
                paths = [path.strip() for path in spec.split("|")]
                alternatives = tuple((path, (_steps(path)[-1][0] if _steps(path) else path)) for path in paths)
            pairs.append((parts[i], alternatives))
        segments.append(tuple(pairs))
    return tuple(segments)


def resolve(payload: Any, path: str) -> Any:
    """The value at `a.b[0].c`, or None when any step is missing."""
    value = payload
    for name, index in _steps(path):
        if name:
            if not isinstance(value, Mapping) or name not in value:
                return None
            value = value[name]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                return None
            value = value[int(index)]
    return value


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def format_value(value: Any, label: Mapping[str, Mapping[str, str]] | None, lang: str) -> str:
    """One value as text: lists of ids shortened, JSON objects compact, known enum values by label."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, list):
        shown = ", ".join(format_value(v, label, lang) or "?" for v in value[:MAX_IDS])
        return shown + (f" (+{len(value) - MAX_IDS})" if len(value) > MAX_IDS else "")
    if isinstance(value, Mapping):
        return _short(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    if isinstance(value, bool):
        return "true" if value else "false"
    key = str(value)
    if label and key in label:
        names = label[key]
        return names.get(lang) or names.get("en") or key
    return _short(key)


def _placeholder(payload: Any, alternatives: tuple[tuple[str, str], ...], values: Mapping[str, Any], lang: str) -> str:
    for path, leaf in alternatives:
        text = format_value(resolve(payload, path), values.get(leaf), lang)
        if text:
            return text
    return ""


def render(rule: str, payload: Any, values: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """The summary line for `payload`; segments whose fields are absent are dropped."""
    values = values or {}
    shown: list[str] = []
    for segment in _compiled(rule):
        texts: list[str] = []
        for literal, alternatives in segment:
            texts.append(literal)
            if alternatives:
                found = _placeholder(payload, alternatives, values, lang)
                if not found:
                    break
                texts.append(found)
        else:
            text = "".join(texts).strip()
            if text:
                shown.append(text)
    return SEPARATOR.join(shown)
