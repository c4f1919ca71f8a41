"""Read a pasted curl command: bash `\\` and cmd `^` continuations, older Chrome's cmd `""` quoting,
-d/--data*/--json bodies, --data-urlencode (encoded the way curl does), -F/--form fields (Postman's
`--form 'encrypt="..."'`, sent as multipart/form-data). It knows nothing about pushes: request.py
builds the request from the `CurlCommand`. Anything it cannot read raises BadRequest saying
"could not read this paste as a curl command".
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from dingconsole.core.errors import BadRequest
from dingconsole.core.paste.cmd import looks_like_cmd_quoting, split_cmd

# curl options that take a value we do not need, and value-less flags; anything else unknown is
# skipped on its own (the worst case is a stray positional we then ignore).
_CURL_SKIP_VALUE = {
    "-o", "--output", "-u", "--user", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie",
    "-c", "--cookie-jar", "-m", "--max-time", "--connect-timeout", "-w", "--write-out", "-x",
    "--proxy", "--cacert", "--cert", "--key", "-r", "--range", "--resolve", "--retry", "-T",
    "--upload-file", "--limit-rate", "-K", "--config", "--interface", "--unix-socket",
}  # fmt: skip
_CURL_DATA = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json"}
_CURL_FORM = {"-F", "--form", "--form-string"}
_BOUNDARY = "----DingConsolePastedForm"


@dataclass
class CurlCommand:
    url: str
    method: str
    headers: dict[str, str]
    body: bytes
    get_query: str = ""  # -G: the data goes into the query
    notes: list[str] = field(default_factory=list)


def _snippet(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _join_continuations(text: str) -> str:
    """Undo shell line continuations: bash `\\`, PowerShell backtick, and cmd.exe `^` with its escapes."""
    windows = bool(re.search(r"\^\r?\n", text)) or '^"' in text
    if windows:
        text = re.sub(r"\^\r?\n", " ", text)
        text = re.sub(r"\^(.)", r"\1", text)
    text = re.sub(r"\\\r?\n", " ", text)
    text = re.sub(r"`\r?\n", " ", text)
    return text


def _split_curl(text: str) -> tuple[list[str], list[str]]:
    """The command's arguments (bash, cmd ^ or older Chrome's cmd "" quoting) and notes on how it was read."""
    if looks_like_cmd_quoting(text):
        joined = re.sub(r"\^\r?\n", " ", text)
        return split_cmd(joined.lstrip().removeprefix("$")), ['read the command with cmd.exe quoting ("" is one quote)']
    joined = _join_continuations(text)
    if joined.lstrip().startswith("$"):
        joined = joined.lstrip()[1:]
    try:
        return shlex.split(joined, comments=False, posix=True), []
    except ValueError as exc:
        raise BadRequest(
            f"could not read this paste as a curl command: {exc}", "Check the quotes; paste the whole command."
        ) from None


def _urlencode_data(value: str) -> str:
    """What curl sends for --data-urlencode: `name=content` keeps the name, the rest is percent-encoded."""
    if value.startswith("@") or re.match(r"^[^=]*@", value):
        raise BadRequest(
            f"could not read this paste as a curl command: --data-urlencode reads the file {value!r}",
            "Paste the file's content instead of @file.",
        )
    name, sep, content = value.partition("=")
    if not sep:
        return quote(value, safe="")
    return (name + "=" if name else "") + quote(content, safe="")


def _form_part(value: str) -> tuple[str, str]:
    """One curl -F / Postman --form field: name=value, the value's surrounding quotes removed."""
    name, sep, content = value.partition("=")
    if not sep:
        raise BadRequest(
            f"could not read this paste as a curl command: --form {value!r} has no name=value",
            "Paste the whole command as copied.",
        )
    if content.startswith(("@", "<")):
        raise BadRequest(
            f"could not read this paste as a curl command: --form {name} reads the file {content[1:]!r}",
            "Paste the file's content instead.",
        )
    if len(content) >= 2 and content[0] == content[-1] == '"':
        content = content[1:-1].replace('\\"', '"')
    return name, content.split(";type=")[0]


def _multipart_body(fields: list[tuple[str, str]]) -> bytes:
    lines = []
    for name, value in fields:
        lines += [f"--{_BOUNDARY}", f'Content-Disposition: form-data; name="{name}"', "", value]
    return ("\r\n".join([*lines, f"--{_BOUNDARY}--", ""])).encode("utf-8")


def parse_curl(text: str) -> CurlCommand:
    """The URL, method, headers and body a pasted curl command sends; BadRequest when it cannot be read."""
    args, notes = _split_curl(text)
    form: list[tuple[str, str]] = []
    method: str | None = None
    url: str | None = None
    headers: dict[str, str] = {}
    data: list[str] = []
    get = False
    items = iter(args[1:])
    for arg in items:
        option, value = split_short(arg)
        if option in ("-X", "--request"):
            method = (value if value is not None else next_value(items, option)).upper()
        elif option in ("-H", "--header"):
            name, sep, val = (value if value is not None else next_value(items, option)).partition(":")
            if sep:
                headers[name.strip()] = val.strip()
        elif option in _CURL_DATA:
            payload = value if value is not None else next_value(items, option)
            if payload.startswith("@") and option not in ("--data-raw",):
                raise BadRequest(
                    f"the curl body is read from the file {payload[1:]!r}",
                    "Paste the file's content instead of @file (or use decrypt --request FILE).",
                )
            if option == "--json":
                headers.setdefault("Content-Type", "application/json")
            if option == "--data-urlencode":
                payload = _urlencode_data(payload)
                notes.append("--data-urlencode percent-encodes the body: DingTalk posts raw JSON")
            data.append(payload)
        elif option in _CURL_FORM:
            form.append(_form_part(value if value is not None else next_value(items, option)))
        elif option == "--url":
            url = value if value is not None else next_value(items, option)
        elif option in ("-G", "--get"):
            get = True
        elif option in _CURL_SKIP_VALUE:
            if value is None:
                next_value(items, option)
        elif arg.startswith("-") and arg != "-":
            continue
        elif url is None:
            url = arg
        else:
            notes.append(f"ignored extra argument {_snippet(arg)}")
    if url is None:
        raise BadRequest("the curl command has no URL", "Paste the whole command, including the callback URL.")
    body = "&".join(data)
    get_query = ""
    if get and body:
        get_query, body = body, ""
    raw = body.encode("utf-8")
    if form:
        raw = _multipart_body(form)
        headers["Content-Type"] = f"multipart/form-data; boundary={_BOUNDARY}"
        notes.append("--form sends multipart/form-data: DingTalk posts JSON")
    return CurlCommand(url, method or ("POST" if body or form else "GET"), headers, raw, get_query, notes)


def split_short(arg: str) -> tuple[str, str | None]:
    """`-XPOST` → ("-X", "POST"); long options and bare flags come back whole."""
    if len(arg) > 2 and arg[0] == "-" and arg[1] != "-" and arg[:2] in ("-X", "-H", "-d", "-o", "-u", "-A", "-m"):
        return arg[:2], arg[2:]
    return arg, None


def next_value(items: Any, option: str) -> str:
    try:
        return str(next(items))
    except StopIteration:
        raise BadRequest(f"curl option {option} has no value", "Paste the whole command.") from None
