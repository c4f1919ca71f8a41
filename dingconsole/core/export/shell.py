"""Quote captured text for a bash script so that every byte stays data and nothing runs.

Captured requests are hostile input: an event type with a newline, a header holding `$( )` or a
backtick, a path with a carriage return, bytes that are not UTF-8 (aiohttp keeps them as lone
surrogates). Plain printable text goes in single quotes (`shlex.quote`); anything else goes in
bash's ANSI-C quotes `$'…'` with every byte that is not printable ASCII written as `\\xHH` — bash
turns those back into the very bytes, and nothing inside either kind of quotes is expanded.
"""

from __future__ import annotations

import re
import shlex

from dingconsole.core.untrusted import printable

__all__ = ["bash_quote", "comment_text", "to_bytes"]

# Printable ASCII and printable non-ASCII letters only; anything else takes the $'…' route.
_PLAIN = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]*")


def to_bytes(text: str) -> bytes:
    """The bytes a captured str stands for: lone surrogates from undecodable bytes back as those bytes."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte (e.g. "\\ud800" from a JSON file)
        return text.encode("utf-8", "surrogatepass")


def bash_quote(text: str) -> str:
    """One bash word that expands to exactly `text`'s bytes (a NUL cannot be in an argument: bash stops there)."""
    if _PLAIN.fullmatch(text):
        return shlex.quote(text)
    out = []
    for byte in to_bytes(text):
        if 0x20 <= byte < 0x7F and byte not in (0x27, 0x5C):  # printable ASCII except ' and \
            out.append(chr(byte))
        else:
            out.append(f"\\x{byte:02x}")
    return "$'" + "".join(out) + "'"


def comment_text(text: str) -> str:
    """Text for a `# …` comment line: one line, control characters as escapes, never a second command."""
    return printable(text)
