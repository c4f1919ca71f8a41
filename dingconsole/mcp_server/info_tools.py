"""profiles_list and catalogue: what the agent may name (profiles, never their secrets) and what DingTalk sends."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field

from dingconsole.core import catalogue as catalogue_data
from dingconsole.core.profiles import SECRET_FIELDS, ProfileStore, token_weakness
from dingconsole.core.send import templates
from dingconsole.core.untrusted import printable
from dingconsole.mcp_server.guard import MAX_CHARS, cut
from dingconsole.mcp_server.params import Lang, MaxChars
from dingconsole.mcp_server.reply import ToolFailure, ToolReply
from dingconsole.mcp_server.texts import render


def profiles_list(*, lang: Lang = "en") -> ToolReply:
    """Every profile with which secrets it holds — as booleans: not even a masked fragment leaves the server."""
    store = ProfileStore()
    items: list[dict[str, Any]] = []
    lines = [render("profiles_found" if len(store) else "profiles_none", {"count": len(store)}, lang)]
    for p in store:
        held = {name: bool(getattr(p, name)) for name in SECRET_FIELDS}
        weakness = token_weakness(p.token)
        items.append(
            {
                "name": p.name,
                "active": p.name == store.active,
                "owner_key": p.owner_key,
                "note": p.note,
                "callback_path": p.callback_path,
                "secrets": held,
                "token_weakness": weakness,
            }
        )
        state = {name: render("secret_set" if held[name] else "secret_missing", {}, lang) for name in held}
        mark = "*" if p.name == store.active else "-"
        fields = {"mark": mark, "name": p.name, "owner_key": p.owner_key or "-", **state}
        lines.append(printable(render("profile_line", fields, lang)))
        if weakness:
            lines.append(render("weak_token", {"why": render(f"weak_{weakness}", {}, lang)}, lang))
    data = {"active": store.active, "profiles": items}
    return ToolReply("profiles_list", "\n".join(lines), {"count": len(items)}, data)


def catalogue(
    *,
    family: Annotated[str | None, Field(description="a family id: list its event types")] = None,
    event_type: Annotated[
        str | None, Field(description="an event type or template name: its fields and a template payload")
    ] = None,
    lang: Lang = "en",
    max_chars: MaxChars = MAX_CHARS,
) -> ToolReply:
    """The families; one family's event types; or one type in full with a template payload to send."""
    if event_type:
        return _one_type(event_type, lang, max_chars)
    families = catalogue_data.families()
    if family:
        found = families.get(family)
        if found is None:
            raise ToolFailure("unknown_family", family=family)
        kinds = [{"type": e.type, "label": e.label(lang), "transports": list(e.transports)} for e in found.events]
        params = {"family": family, "label": found.label(lang), "count": len(kinds)}
        lines = [render("catalogue_family", params, lang), *(f"  {k['type']}: {k['label']}" for k in kinds)]
        return ToolReply("catalogue_family", "\n".join(lines), params, {"family": family, "events": kinds})
    rows = [{"family": f.id, "label": f.label(lang), "count": len(f.events)} for f in families.values()]
    lines = [render("catalogue_families", {"count": len(rows)}, lang)]
    lines += [f"  {r['family']}: {r['label']} ({r['count']})" for r in rows]
    return ToolReply("catalogue", "\n".join(lines), {"count": len(rows)}, {"families": rows})


def _one_type(name: str, lang: str, max_chars: int) -> ToolReply:
    spec = catalogue_data.get(name)
    try:
        template = templates.get_template(name)
    except templates.TemplateError:
        template = None
    if spec is None and template is None:
        raise ToolFailure("unknown_type", name=name)
    payload = templates.render_payload(template.name) if template is not None else None
    kind = spec.type if spec is not None else template.event_type if template is not None else name
    label = spec.label(lang) if spec is not None else template.label(lang) if template is not None else name
    family = spec.family if spec is not None else template.family if template is not None else "other"
    params = {"type": kind, "label": label, "family": family}
    lines = [render("catalogue_type", params, lang)]
    data: dict[str, Any] = {**params, "template": template.name if template else None, "payload": payload}
    if spec is not None:
        fields = [
            {"name": f.name, "types": list(f.types), "required": f.required, "meaning": f.describe(lang)}
            for f in spec.fields
        ]
        data.update(source=spec.source, transports=list(spec.transports), ids=list(spec.ids), fields=fields)
        if spec.fields:
            lines.append(render("catalogue_fields", {}, lang))
            required = render("required", {}, lang)
            lines += [f"  {f.name} ({'/'.join(f.types)}{required if f.required else ''}): {f.describe(lang)}"
                      for f in spec.fields]  # fmt: skip
    if payload is not None:
        text, _ = cut(json.dumps(payload, ensure_ascii=False, indent=2), max_chars, lang)
        lines += [render("catalogue_template", {}, lang), text]
    return ToolReply("catalogue_type", "\n".join(lines), params, data)
