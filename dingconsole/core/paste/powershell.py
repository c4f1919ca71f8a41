"""Read a pasted PowerShell web request (`Invoke-WebRequest`, `Invoke-RestMethod`, `iwr`, `irm`, and
Windows PowerShell 5's `curl`/`wget` aliases) into its URI, method, headers and body.

The quoting is powershell_tokens' job; this module only interprets the command: `-Uri`/`-Url`/the
positional URI, `-Method`, `-Headers @{...}`, `-ContentType`, `-Body` (a string, a here-string,
`[System.Text.Encoding]::UTF8.GetBytes("...")`, `@{...} | ConvertTo-Json`, or a hashtable sent
form-encoded), and `$name = <value>` assignments so `-Body $body` resolves. Other statements
(`$session = New-Object ...`, `$session.UserAgent = ...`) and -WebSession/-UseBasicParsing are
ignored. It knows nothing about HTTP: request_parse builds the request with the curl code path.
Anything it cannot evaluate raises BadRequest naming the construct — never another exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dingconsole.core.errors import BadRequest
from dingconsole.core.paste.powershell_tokens import (
    HINT,
    MAX_DEPTH,
    Group,
    Op,
    Param,
    Table,
    Token,
    Var,
    Word,
    short,
    tokenize,
)

__all__ = ["COMMANDS", "WebRequest", "looks_like_powershell", "parse_web_request", "tokenize"]

COMMANDS = {"invoke-webrequest", "invoke-restmethod", "iwr", "irm", "curl", "wget"}
_ALIASES_NEEDING_PARAMS = {"curl", "wget"}  # real curl/wget too: only PowerShell-style parameters decide
_PS_PARAM = re.compile(
    r"(?i)(?<![\w-])-(uri|url|method|body|headers|contenttype|usebasicparsing|websession|infile)(?![\w-])"
)
_COMMAND_LINE = re.compile(r"(?im)^\s*(invoke-webrequest|invoke-restmethod|iwr|irm|curl|wget)(?=\s|$)")
_PROMPT = re.compile(r"^PS [^\n>]*>\s*")
_GET_BYTES = re.compile(r"(?i)^\[(?:system\.)?text\.encoding\]::(utf8|ascii)\.getbytes$")

# Parameters of Invoke-WebRequest / Invoke-RestMethod; switches take no value. Prefixes are matched
# the way PowerShell does (any unambiguous prefix of a full name).
_SWITCHES = (
    "usebasicparsing", "usedefaultcredentials", "disablekeepalive", "passthru", "proxyusedefaultcredentials",
    "skipcertificatecheck", "skipheadervalidation", "skiphttperrorcheck", "resume", "noproxy",
    "allowunencryptedauthentication", "followrellink", "preserveauthorizationonredirect",
    "allowinsecureredirect", "verbose", "debug",
)  # fmt: skip
_VALUED = (
    "uri", "url", "method", "custommethod", "headers", "contenttype", "body", "infile", "outfile",
    "websession", "sessionvariable", "useragent", "timeoutsec", "credential", "maximumredirection",
    "proxy", "proxycredential", "transferencoding", "certificate", "certificatethumbprint", "form",
    "authentication", "token", "httpversion", "maximumretrycount", "retryintervalsec", "sslprotocol",
    "statuscodevariable", "responseheadersvariable", "maximumfollowrellink", "erroraction",
    "errorvariable", "outvariable", "connectiontimeoutseconds", "operationtimeoutseconds",
)  # fmt: skip


# -- the command -------------------------------------------------------------------------------


@dataclass
class WebRequest:
    """What the command would send; `uri` as written, `body` None when there is none."""

    command: str
    uri: str
    method: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    notes: list[str] = field(default_factory=list)


def looks_like_powershell(text: str) -> bool:
    """A web-request cmdlet starts the paste (or follows `$session = ...` lines DevTools writes first).

    `curl`/`wget` count only with a PowerShell parameter such as -Uri or -Body: in Windows
    PowerShell 5 they are aliases of Invoke-WebRequest, everywhere else they are the real tools.
    """
    text = _PROMPT.sub("", text.lstrip())
    first = text.split(None, 1)[0].lower() if text.split(None, 1) else ""
    if not (first in COMMANDS or first.startswith("$")):
        return False
    match = _COMMAND_LINE.search(text)
    if match is None or (not first.startswith("$") and match.start() != 0):
        return False
    return match.group(1).lower() not in _ALIASES_NEEDING_PARAMS or bool(_PS_PARAM.search(text))


def parse_web_request(text: str) -> WebRequest:
    """The first Invoke-WebRequest / Invoke-RestMethod statement in `text`, with earlier assignments resolved."""
    notes: list[str] = []
    statements = tokenize(_PROMPT.sub("", text.lstrip()), notes)
    variables: dict[str, Token] = {}
    for statement in statements:
        head = statement[0]
        if isinstance(head, Var) and len(statement) >= 3 and statement[1] == Op("="):
            variables[head.name] = statement[2] if len(statement) == 3 else Group([statement[2:]], "")
        elif isinstance(head, Word) and not head.quoted and head.text.lower() in COMMANDS:
            request = _command(head.text, statement[1:], variables)
            request.notes[:0] = notes
            return request
    raise BadRequest("the PowerShell text has no Invoke-WebRequest or Invoke-RestMethod command", HINT)


def _canonical(name: str) -> str | None:
    lowered = name.lower()
    if lowered in _SWITCHES or lowered in _VALUED:
        return lowered
    matches = [full for full in _SWITCHES + _VALUED if full.startswith(lowered)]
    return matches[0] if len(matches) == 1 else None


def _command(command: str, args: list[Token], variables: dict[str, Token]) -> WebRequest:
    request = WebRequest(command=command, uri="")
    values: dict[str, Token] = {}
    positional: list[Token] = []
    index = 0
    while index < len(args):
        arg, index = args[index], index + 1
        if not isinstance(arg, Param):
            positional.append(arg)
            continue
        name = _canonical(arg.name)
        following = args[index] if index < len(args) else None
        if name in _SWITCHES or (name is None and (arg.bound is not None or not isinstance(following, Word))):
            if name is None:  # an unknown switch (or -Name:value): nothing we need
                request.notes.append(f"ignored the parameter -{arg.name}")
            continue
        value = arg.bound
        if value is None:
            value, index = following, index + 1
        if value is None or isinstance(value, (Param, Op)):
            raise BadRequest(f"the PowerShell parameter -{arg.name} has no value", HINT)
        if name is None:
            request.notes.append(f"ignored the parameter -{arg.name} {_describe(value)}")
        else:
            values[name] = value
    uri_token = values.get("uri") or values.get("url") or (positional[0] if positional else None)
    if uri_token is None:
        raise BadRequest(f"the {command} command has no -Uri", "Paste the whole command, including the callback URL.")
    request.uri = _text(uri_token, variables, "-Uri")
    for extra in positional[1:]:
        request.notes.append(f"ignored the extra argument {_describe(extra)}")
    if "infile" in values:
        raise BadRequest(
            f"the body is read from the file {_text(values['infile'], variables, '-InFile')!r}",
            "Paste the file's content as -Body instead (or use decrypt --request FILE).",
        )
    method = values.get("custommethod") or values.get("method")
    request.method = _text(method, variables, "-Method").upper() if method is not None else None
    if "headers" in values:
        table = _resolve(values["headers"], variables)
        if not isinstance(table, Table):
            raise BadRequest("cannot evaluate -Headers: expected a hashtable @{ ... }", HINT)
        for key, value in table.entries.items():
            request.headers[key] = _text(value, variables, f"the header {key!r}")
    if "contenttype" in values:
        request.headers["Content-Type"] = _text(values["contenttype"], variables, "-ContentType")
    if "useragent" in values:
        request.headers["User-Agent"] = _text(values["useragent"], variables, "-UserAgent")
    if "body" in values:
        request.body = _body(values["body"], variables, request)
    return request


def _resolve(token: Token, variables: dict[str, Token], seen: int = 0) -> Token:
    while isinstance(token, Var) and seen < MAX_DEPTH:
        if token.name not in variables:
            raise BadRequest(f"${token.name} is not assigned in the pasted text", "Paste the lines that set it too.")
        token, seen = variables[token.name], seen + 1
    return token


def _text(token: Token, variables: dict[str, Token], what: str) -> str:
    value = _value(token, variables, what)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _value(token: Token, variables: dict[str, Token], what: str) -> str | bytes:
    """A string (or the bytes of GetBytes) from a word, a variable or a group; BadRequest otherwise."""
    token = _resolve(token, variables)
    if isinstance(token, Word):
        return token.text
    if isinstance(token, Group) and len(token.statements) == 1:
        parts = token.statements[0]
        if len(parts) == 1:
            return _value(parts[0], variables, what)
        if len(parts) == 2 and isinstance(parts[0], Word) and isinstance(parts[1], Group):
            encoding = _GET_BYTES.match(parts[0].text)
            if encoding:
                text = _text(parts[1], variables, what)
                return text.encode("utf-8" if encoding.group(1).lower() == "utf8" else "ascii", "replace")
        if len(parts) >= 3 and parts[1] == Op("|") and isinstance(parts[2], Word):
            if parts[2].text.lower() == "convertto-json":
                table = _resolve(parts[0], variables)
                if isinstance(table, Table):
                    return json.dumps({k: _text(v, variables, what) for k, v in table.entries.items()})
    raise BadRequest(f"cannot evaluate {what}: {_describe(token)}", "Use a quoted string (or a here-string) instead.")


def _body(token: Token, variables: dict[str, Token], request: WebRequest) -> bytes:
    token = _resolve(token, variables)
    if isinstance(token, Table):  # Invoke-WebRequest sends a hashtable body form-encoded
        request.notes.append("the -Body hashtable was sent form-encoded, as PowerShell does")
        return urlencode({k: _text(v, variables, "-Body") for k, v in token.entries.items()}).encode()
    value = _value(token, variables, "-Body")
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _describe(token: Token) -> str:
    if isinstance(token, Group):
        return f"({short(token.source.strip())})"
    if isinstance(token, Var):
        return f"${token.name}"
    if isinstance(token, Table):
        return "a hashtable"
    if isinstance(token, Word):
        return repr(short(token.text))
    return repr(token)
