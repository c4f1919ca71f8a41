"""Read a pasted PowerShell web request (`Invoke-WebRequest`, `Invoke-RestMethod`, `iwr`, `irm`, and
Windows PowerShell 5's `curl`/`wget` aliases) into its URI, method, headers and body.

This is a tokenizer for PowerShell's *argument syntax* only — the quoting that decides which bytes
the command would send — not an interpreter, and it knows nothing about HTTP: the URI, headers and
body go back to request_parse, which builds the request with the same code as for curl.

What it understands (what browsers' "Copy as PowerShell" writes and what people type):
- statements separated by newlines or `;`; a trailing backtick joins lines; `#` comments;
- `"..."` with backtick escapes (`` `" `` `` `` `` `` `n `` `` `r `` `` `t `` `` `0 `` `` `$ `` …),
  `""` for a quote and `$([char]NN)` (DevTools writes non-ASCII that way); other `$var`/`$(...)`
  inside a string are kept as written, with a note;
- `'...'` with `''` for a quote; here-strings `@"…"@` and `@'…'@`; typographic quotes as PowerShell
  treats them;
- `@{ k = v; ... }` hashtables (one entry per line works too), `(...)` groups holding
  `[System.Text.Encoding]::UTF8.GetBytes("...")`, a string, or `@{...} | ConvertTo-Json`;
- `$name = <string | hashtable | group>` assignments, so `-Body $body` resolves; other statements
  (`$session = New-Object ...`, `$session.UserAgent = ...`) are ignored.
Everything it cannot evaluate raises BadRequest naming the construct — never another exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Union
from urllib.parse import urlencode

from dingconsole.core.errors import BadRequest

COMMANDS = {"invoke-webrequest", "invoke-restmethod", "iwr", "irm", "curl", "wget"}
_ALIASES_NEEDING_PARAMS = {"curl", "wget"}  # real curl/wget too: only PowerShell-style parameters decide
_PS_PARAM = re.compile(
    r"(?i)(?<![\w-])-(uri|url|method|body|headers|contenttype|usebasicparsing|websession|infile)(?![\w-])"
)
_COMMAND_LINE = re.compile(r"(?im)^\s*(invoke-webrequest|invoke-restmethod|iwr|irm|curl|wget)(?=\s|$)")
_PROMPT = re.compile(r"^PS [^\n>]*>\s*")
_HINT = "Paste the whole PowerShell command (Invoke-WebRequest / Invoke-RestMethod) as copied."
_MAX_DEPTH = 16
_DASHES = "-\u2013\u2014\u2015"  # PowerShell accepts en/em dashes for parameters
_DQ = '"\u201c\u201d\u201e'
_SQ = "'\u2018\u2019\u201a\u201b"
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_CHAR_EXPR = re.compile(r"\$\(\s*\[char\]\s*(0x[0-9a-fA-F]+|\d+)\s*\)", re.IGNORECASE)
_CONTINUATION = re.compile(r"`[ \t]*(\r?\n|\Z)")  # a trailing backtick at the end of a paste too
_PARAM_NAME = re.compile(r"[A-Za-z_][\w-]*")
_VAR_NAME = re.compile(r"[\w:?.\[\]]+")
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


# -- tokens ------------------------------------------------------------------------------------


@dataclass
class Word:
    """An argument: bare, quoted or concatenated; `quoted` keeps `-x` from being read as a parameter."""

    text: str
    quoted: bool = False


@dataclass
class Param:
    name: str  # without the dash, as written
    bound: Token | None = None  # -Name:value


@dataclass
class Var:
    name: str  # without the `$`, lower-cased (PowerShell variables are case-insensitive)


@dataclass
class Table:
    entries: dict[str, Token]


@dataclass
class Group:
    statements: list[list[Token]]
    source: str


@dataclass
class Op:
    symbol: str  # "=" or "|"


Token = Union[Word, Param, Var, Table, Group, Op]  # noqa: UP007  (a runtime alias, not an annotation)


# -- tokenizer ---------------------------------------------------------------------------------


class _Reader:
    """One pass over the source; `notes` collects what was assumed (e.g. an unexpanded `$var`)."""

    def __init__(self, text: str, notes: list[str]) -> None:
        self.text = text
        self.pos = 0
        self.notes = notes
        self.contexts: list[str] = []  # "table" inside @{ }: there `=` ends a bare word

    def at(self, offset: int, chars: str) -> bool:
        """Whether the character at pos+offset is one of `chars` (False past the end)."""
        char = self.peek(offset)
        return bool(char) and char in chars

    def fail(self, what: str) -> BadRequest:
        line = self.text.count("\n", 0, self.pos) + 1
        return BadRequest(f"cannot read the PowerShell command: {what} (line {line})", _HINT)

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def skip_blanks(self) -> None:
        """Spaces, tabs, backtick line continuations and comments — not newlines (they end statements)."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\f\v\u00a0":
                self.pos += 1
            elif char == "`" and (continuation := _CONTINUATION.match(self.text, self.pos)):
                self.pos = continuation.end()
            elif self.text.startswith("<#", self.pos):
                end = self.text.find("#>", self.pos + 2)
                if end < 0:
                    raise self.fail("a <# comment is not closed")
                self.pos = end + 2
            elif char == "#":
                while self.pos < len(self.text) and self.peek() != "\n":
                    self.pos += 1
            else:
                return

    def statements(self, closer: str, depth: int) -> list[list[Token]]:
        """Statements up to `closer` ("" for the end of the text); the closer is consumed."""
        if depth > _MAX_DEPTH:
            raise self.fail("nested too deeply")
        statements: list[list[Token]] = [[]]
        while True:
            self.skip_blanks()
            char = self.peek()
            if char == "":
                if closer:
                    raise self.fail(f"missing the closing {closer!r}")
                break
            if char == closer:
                self.pos += 1
                break
            if char in "\r\n;":
                self.pos += 1
                if statements[-1]:
                    statements.append([])
                continue
            if char in ")}":
                raise self.fail(f"unexpected {char!r}")
            statements[-1].append(self.token(depth))
        return [s for s in statements if s]

    def token(self, depth: int) -> Token:
        char, nxt = self.peek(), self.peek(1)
        if char in "=|" and nxt not in ("=", "|"):
            self.pos += 1
            return Op(char)
        if char == "@" and nxt == "{":
            self.pos += 2
            self.contexts.append("table")
            table = self.table(depth + 1)
            self.contexts.pop()
            return table
        if char == "(" or (char in "@$" and nxt == "("):
            self.pos += 1 if char == "(" else 2
            start = self.pos
            self.contexts.append("group")
            statements = self.statements(")", depth + 1)
            self.contexts.pop()
            return Group(statements, self.text[start : self.pos - 1])
        match = _PARAM_NAME.match(self.text, self.pos + 1) if char in _DASHES else None
        if match:
            self.pos = match.end()
            bound = None
            if self.peek() == ":":
                self.pos += 1
                self.skip_blanks()
                bound = self.token(depth) if self.peek() not in ("", "\n", "\r", ";", ")") else None
            return Param(match.group(), bound)
        if char == "$" and (nxt == "{" or re.match(r"[\w:?]", nxt)):
            return self.variable()
        return self.word()

    def variable(self) -> Var:
        self.pos += 1
        if self.peek() == "{":
            end = self.text.find("}", self.pos)
            if end < 0:
                raise self.fail("a ${variable} is not closed")
            name, self.pos = self.text[self.pos + 1 : end], end + 1
        else:
            match = _VAR_NAME.match(self.text, self.pos)
            if match is None:
                raise self.fail("a $ with no variable name")
            name, self.pos = match.group(), match.end()
        return Var(name.lower())

    def word(self) -> Word:
        """A run of bare characters and quoted strings with no blank between them ("a"'b'c is one word)."""
        parts: list[str] = []
        quoted = False
        in_table = bool(self.contexts) and self.contexts[-1] == "table"
        while self.pos < len(self.text):
            char = self.peek()
            if char in _DQ or char in _SQ:
                quoted = True
                parts.append(self.string())
            elif char == "@" and self.at(1, _DQ + _SQ) and self.at(2, "\r\n"):
                quoted = True
                parts.append(self.here_string())
            elif char == "`":
                if self.peek(1) in ("", "\n", "\r"):
                    break
                parts.append(_ESCAPES.get(self.peek(1), self.peek(1)))
                self.pos += 2
            elif char in " \t\r\n;(){}|\u00a0" or (char == "=" and in_table and parts):
                break
            elif char == "$" and self.peek(1) == "(":
                parts.append(self.expand_subexpression())
            else:
                parts.append(char)
                self.pos += 1
        if not parts:
            raise self.fail(f"unexpected {self.peek()!r}")
        return Word("".join(parts), quoted)

    def string(self) -> str:
        quote = self.peek()
        double = quote in _DQ
        closers = _DQ if double else _SQ
        self.pos += 1
        out: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise self.fail("a quoted string is not closed")
            char = self.peek()
            if char in closers:
                if self.at(1, closers):  # "" or '' stands for one quote
                    out.append(self.peek(1))
                    self.pos += 2
                    continue
                self.pos += 1
                return "".join(out)
            if double and char == "`" and self.pos + 1 < len(self.text):
                out.append(self.escape())
            elif double and char == "$":
                out.append(self.expand_dollar())
            else:
                out.append(char)
                self.pos += 1

    def here_string(self) -> str:
        """@"⏎ … ⏎"@ (expandable) or @'⏎ … ⏎'@ (literal): the lines in between, without the last newline."""
        double = self.at(1, _DQ)
        closers = _DQ if double else _SQ
        self.pos += 2
        self.pos += 2 if self.text.startswith("\r\n", self.pos) else 1
        start = self.pos
        match = re.compile(r"\r?\n[" + closers + "]@").search(self.text, self.pos - 1)
        if match is None:
            raise self.fail('a here-string is not closed (its "@ must start a line)')
        end = max(match.start(), start)
        self.pos = match.end()
        body = self.text[start:end]
        return _Reader(body, self.notes).expand_all() if double else body

    def expand_all(self) -> str:
        """The inside of an expandable here-string: escapes and `$` work, quotes are plain characters."""
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.peek()
            if char == "`" and self.pos + 1 < len(self.text):
                out.append(self.escape())
            elif char == "$":
                out.append(self.expand_dollar())
            else:
                out.append(char)
                self.pos += 1
        return "".join(out)

    def escape(self) -> str:
        char = self.peek(1)
        self.pos += 2
        if char == "u" and self.peek() == "{":  # PowerShell 7: `u{1F600}
            match = re.compile(r"\{([0-9a-fA-F]{1,6})\}").match(self.text, self.pos)
            if match and int(match.group(1), 16) <= 0x10FFFF:
                self.pos = match.end()
                return chr(int(match.group(1), 16))
        return _ESCAPES.get(char, char)

    def expand_dollar(self) -> str:
        """`$([char]NN)` becomes the character; any other expansion is kept as written, with a note."""
        match = _CHAR_EXPR.match(self.text, self.pos)
        if match:
            code = int(match.group(1), 0)
            if code > 0x10FFFF:
                raise self.fail(f"[char]{code} is not a character")
            self.pos = match.end()
            return chr(code)
        var = re.compile(r"\$(\{[^}]*\}|\([^)]*\)|[\w:]+)").match(self.text, self.pos)
        if var is None:
            self.pos += 1
            return "$"
        self.pos = var.end()
        note = f"kept {var.group()} in a double-quoted string as written (PowerShell would expand it)"
        if note not in self.notes:
            self.notes.append(note)
        return var.group()

    def expand_subexpression(self) -> str:
        match = _CHAR_EXPR.match(self.text, self.pos)
        if match is None:
            raise self.fail("cannot evaluate the $(...) expression")
        return self.expand_dollar()

    def table(self, depth: int) -> Table:
        """@{ key = value; ... }: entries end at `;` or a newline; the key may be bare or quoted."""
        start = self.pos
        entries: dict[str, Token] = {}
        for statement in self.statements("}", depth):
            if len(statement) != 3 or not isinstance(statement[0], Word) or statement[1] != Op("="):
                source = self.text[start : self.pos - 1].strip()
                raise self.fail(f"cannot read the hashtable entry in @{{{_short(source)}}}")
            entries[statement[0].text] = statement[2]
        return Table(entries)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def tokenize(text: str, notes: list[str] | None = None) -> list[list[Token]]:
    """Split PowerShell source into statements of tokens (see the module docstring for the syntax)."""
    return _Reader(text, notes if notes is not None else []).statements("", 0)


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
    raise BadRequest("the PowerShell text has no Invoke-WebRequest or Invoke-RestMethod command", _HINT)


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
            raise BadRequest(f"the PowerShell parameter -{arg.name} has no value", _HINT)
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
            raise BadRequest("cannot evaluate -Headers: expected a hashtable @{ ... }", _HINT)
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
    while isinstance(token, Var) and seen < _MAX_DEPTH:
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
        return f"({_short(token.source.strip())})"
    if isinstance(token, Var):
        return f"${token.name}"
    if isinstance(token, Table):
        return "a hashtable"
    if isinstance(token, Word):
        return repr(_short(token.text))
    return repr(token)
