"""The tokenizer behind powershell_parse: PowerShell's *argument syntax* — the quoting that decides
which bytes a pasted command would send — split into statements of tokens. Not an interpreter.

What it reads (what browsers' "Copy as PowerShell" writes and what people type):
- statements separated by newlines or `;`; a trailing backtick joins lines; `#` and `<# #>` comments;
- `"..."` with backtick escapes (`` `" `` `` `` `` `` `n `` `` `r `` `` `t `` `` `0 `` `` `$ `` …),
  `""` for a quote and `$([char]NN)` (DevTools writes non-ASCII that way); other `$var`/`$(...)`
  inside a string are kept as written, with a note;
- `'...'` with `''` for a quote; here-strings `@"…"@` and `@'…'@`; typographic quotes and dashes,
  as PowerShell accepts them;
- `-Name` / `-Name:value` parameters, `$variables`, `=` and `|`, `@{ k = v; ... }` hashtables (one
  entry per line works too) and `(...)` / `$(...)` / `@(...)` groups, nested at most MAX_DEPTH deep.
Malformed input raises BadRequest saying what and on which line — never another exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from dingconsole.core.errors import BadRequest

HINT = "Paste the whole PowerShell command (Invoke-WebRequest / Invoke-RestMethod) as copied."
MAX_DEPTH = 16
_DASHES = "-\u2013\u2014\u2015"  # PowerShell accepts en/em dashes for parameters
_DQ = '"\u201c\u201d\u201e'
_SQ = "'\u2018\u2019\u201a\u201b"
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_CHAR_EXPR = re.compile(r"\$\(\s*\[char\]\s*(0x[0-9a-fA-F]+|\d+)\s*\)", re.IGNORECASE)
_CONTINUATION = re.compile(r"`[ \t]*(\r?\n|\Z)")  # a trailing backtick at the end of a paste too
_PARAM_NAME = re.compile(r"[A-Za-z_][\w-]*")
_VAR_NAME = re.compile(r"[\w:?.\[\]]+")


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
        return BadRequest(f"cannot read the PowerShell command: {what} (line {line})", HINT)

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
        if depth > MAX_DEPTH:
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
                raise self.fail(f"cannot read the hashtable entry in @{{{short(source)}}}")
            entries[statement[0].text] = statement[2]
        return Table(entries)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def tokenize(text: str, notes: list[str] | None = None) -> list[list[Token]]:
    """Split PowerShell source into statements of tokens (see the module docstring for the syntax)."""
    return _Reader(text, notes if notes is not None else []).statements("", 0)
