"""Split a command line the way Windows programs read cmd.exe quoting (older Chrome "Copy as cURL (cmd)").

Older Chrome versions wrote `--data-binary "{""encrypt"":""...""}"`: inside double quotes, `""` is
one literal quote (the Microsoft C runtime's rule), `\\"` too, and `^` escapes the next character
outside quotes. A POSIX splitter reads that JSON as `{encrypt:...}`, so the body looked broken.
"""

from __future__ import annotations

import re

from dingconsole.core.errors import BadRequest

_DOUBLED = re.compile(r'\S""\S')


def looks_like_cmd_quoting(text: str) -> bool:
    """A doubled quote between two non-blanks (`{""encrypt`) is cmd's escaped quote, not bash's empty string."""
    return bool(_DOUBLED.search(text)) and '^"' not in text


def split_cmd(text: str) -> list[str]:
    """Arguments of a cmd-quoted command line; raises BadRequest on an unclosed quote."""
    args: list[str] = []
    current: list[str] = []
    quoted = False
    started = False
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1 : index + 2]
        if char == '"' and quoted and following == '"':
            current.append('"')
            index += 2
            continue
        if char == "\\" and following == '"':
            current.append('"')
            index += 2
            continue
        if char == '"':
            quoted = not quoted
            started = True
        elif char == "^" and not quoted and following:
            current.append("" if following in "\r\n" else following)
            index += 1
        elif char.isspace() and not quoted:
            if current or started:
                args.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
        index += 1
    if quoted:
        raise BadRequest(
            "could not read this paste as a curl command (cmd quoting): a double quote is not closed",
            "Paste the whole command as copied.",
        )
    if current or started:
        args.append("".join(current))
    return args
