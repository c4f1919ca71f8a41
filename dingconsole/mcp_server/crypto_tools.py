"""diagnose, decrypt, encrypt and sign: the Workbench's analysis (core.workbench) on pasted text, by profile name.

Credentials come from saved profiles only — an agent names a profile, it never handles a token or
an aesKey — and the text is anything the Workbench accepts: a curl or PowerShell command, raw HTTP,
a callback URL with its body, a JSON body, an encrypt value, a reply.
"""

from __future__ import annotations

import io
import time
from typing import Annotated, Any

from pydantic import Field

from dingconsole.commands._crypto_io import all_passed, print_report
from dingconsole.core import workbench
from dingconsole.core.crypto import random_nonce
from dingconsole.core.crypto import sign as sign_values
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.mcp_server.guard import MAX_CHARS, bounded, cut
from dingconsole.mcp_server.params import Lang, MaxChars, Pasted, ProfileName
from dingconsole.mcp_server.reply import ToolFailure, ToolReply
from dingconsole.mcp_server.texts import render


def profiles_named(name: str | None, *, every: bool) -> list[Profile]:
    """The named profile; with no name, every saved profile (`every`) or the active one."""
    store = ProfileStore()
    if name:
        return [store.get(name)]  # ProfileError names the known profiles
    if every:
        return list(store)
    active = store.active_profile()
    if active is None:
        raise ToolFailure("no_profile")
    return [active]


def _analysed(code: str, analysis: workbench.Analysis, lang: str, max_chars: int) -> ToolReply:
    """The Workbench's Analysis as a reply: the CLI's step report as text, the report's codes and params as data."""
    if analysis.error is not None:
        err = analysis.error
        said = [render("error", {"code": err.get("code"), "message": err.get("message", "")}, lang)]
        if err.get("hint"):
            said.append(render("hint", {"hint": err["hint"]}, lang))
        return ToolReply(str(err.get("code")), "\n".join(said), dict(err.get("params") or {}), {"error": err}, True)
    if analysis.kind is None:
        raise ToolFailure("empty_input")
    report = analysis.report
    lines: list[str] = []
    ok = report is not None and all_passed(report)
    if report is not None:
        failure = report.first_failure
        if failure is not None:
            lines.append(render("checks_failed", {"step": failure.name}, lang))
        elif ok:
            lines.append(render("checks_passed", {}, lang))
        else:
            lines.append(render("nothing_checked", {}, lang))
        out = io.StringIO()
        print_report(report, out, notes=analysis.notes)
        lines.append(out.getvalue().rstrip())
    facts = [{"code": f.code, "value": f.value, "param": f.param} for f in analysis.facts]
    if facts:
        lines.append(render("facts", {}, lang))
        lines += [f"  {f['code']}{' (' + f['param'] + ')' if f['param'] else ''}: {f['value']}" for f in facts]
    output, _ = cut(analysis.output, max_chars, lang)
    if output:
        lines += [render("output", {}, lang), output]
    data: dict[str, Any] = {
        "action": analysis.action,
        "kind": analysis.kind,
        "all_passed": ok,
        "notes": analysis.notes,
        "facts": facts,
        "report": report.to_dict() if report is not None else None,
        "output": analysis.output,
    }
    data, truncated = bounded(data, max_chars, lang)
    data["truncated"] = truncated
    failure = report.first_failure if report is not None else None
    params = {"failed_step": failure.name, "failed_code": failure.code} if failure is not None else {}
    return ToolReply(code, "\n".join(lines), params, data)


def diagnose(
    *,
    text: Pasted,
    profile: ProfileName = None,
    budget_ms: Annotated[float, Field(gt=0, le=60_000, description="a reply's time budget (DingTalk: 1500)")] = 1500.0,
    lang: Lang = "en",
    max_chars: MaxChars = MAX_CHARS,
) -> ToolReply:
    """A push checked against the named profile (or every saved one), or a reply judged as DingTalk judges it."""
    profiles = profiles_named(profile, every=True)
    return _analysed("diagnose", workbench.analyse(text, "auto", profiles, budget_ms=budget_ms), lang, max_chars)


def decrypt(
    *, text: Pasted, profile: ProfileName = None, lang: Lang = "en", max_chars: MaxChars = MAX_CHARS
) -> ToolReply:
    """The push opened with the named profile (or whichever saved one fits), its steps on failure."""
    profiles = profiles_named(profile, every=True)
    return _analysed("decrypt", workbench.analyse(text, "decrypt", profiles), lang, max_chars)


def encrypt(
    *,
    message: Annotated[str, Field(description="the plaintext: an event's JSON, or success for a reply")],
    profile: ProfileName = None,
    lang: Lang = "en",
    max_chars: MaxChars = MAX_CHARS,
) -> ToolReply:
    """The message sealed as DingTalk would push it with the named (or active) profile."""
    profiles = profiles_named(profile, every=False)
    return _analysed("encrypt", workbench.analyse(message, "encrypt", profiles), lang, max_chars)


def sign(
    *,
    # str, not str | None: the SDK would parse a JSON body given for an optional string into an object
    text: Annotated[str, Field(description="a pasted push to sign (verified when it carries a signature)")] = "",
    encrypt: Annotated[str | None, Field(description="an encrypt value to sign (instead of text)")] = None,
    timestamp: Annotated[str | None, Field(description="with encrypt: the timestamp (default now, in ms)")] = None,
    nonce: Annotated[str | None, Field(description="with encrypt: the nonce (default random)")] = None,
    profile: ProfileName = None,
    lang: Lang = "en",
    max_chars: MaxChars = MAX_CHARS,
) -> ToolReply:
    """The msg_signature: of an encrypt value with the given (or fresh) timestamp and nonce, or of a pasted push."""
    if encrypt is None:
        if not text:
            raise ValueError("give text (a pasted push) or encrypt (an encrypt value)")
        profiles = profiles_named(profile, every=profile is None)
        return _analysed("sign", workbench.analyse(text, "sign", profiles), lang, max_chars)
    chosen = profiles_named(profile, every=False)[0]
    timestamp = timestamp or str(int(time.time() * 1000))
    nonce = nonce or random_nonce()
    signature = sign_values(chosen.token, timestamp, nonce, encrypt)
    params = {"signature": signature, "timestamp": timestamp, "nonce": nonce, "profile": chosen.name}
    query = f"signature={signature}&msg_signature={signature}&timestamp={timestamp}&nonce={nonce}"
    return ToolReply("sign", "\n".join([render("signature", params, lang), query]), params, {**params, "query": query})
