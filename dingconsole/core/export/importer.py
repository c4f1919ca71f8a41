"""Read exported events back: a fixtures folder (or its JSON files), JSON Lines, or a HAR file.

Everything comes back as Exchange records with Transport.IMPORT, ready for `EventStore.add_many`.
HAR files from other tools work too: their POSTs become requests the workbench can diagnose.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.export.fixtures import FORMAT as FIXTURE_FORMAT
from dingconsole.core.export.formats import HAR_EXTENSION
from dingconsole.core.untrusted import loads as bounded_loads

_T = TypeVar("_T")


class ImportFileError(DingError):
    """The file is not something DingConsole exported (or a HAR)."""

    code = "import_error"


def _bytes(text: str, is_base64: bool) -> bytes:
    return base64.b64decode(text) if is_base64 else text.encode("utf-8")


def exchange_from_record(data: dict[str, Any]) -> Exchange:
    """The inverse of export_formats.exchange_record (and of Exchange.to_dict)."""
    req = data.get("request") or {}
    request = HttpRequest(
        method=str(req.get("method", "POST")),
        path=str(req.get("path", "/")),
        query={str(k): str(v) for k, v in (req.get("query") or {}).items()},
        headers={str(k): str(v) for k, v in (req.get("headers") or {}).items()},
        body=_bytes(str(req.get("body") or ""), bool(req.get("body_base64"))),
    )
    return Exchange(
        received_at=float(data.get("received_at") or 0.0),
        request=request,
        remote=str(data.get("remote") or ""),
        transport=Transport.IMPORT,
        profile=data.get("profile"),
        outcome=Outcome(data.get("outcome") or Outcome.INVALID.value),
        error_code=data.get("error_code"),
        error_message=data.get("error_message"),
        diagnosis=data.get("diagnosis"),
        message=data.get("message"),
        event_type=data.get("event_type"),
        event_id=data.get("event_id"),
        body_truncated=bool(data.get("body_truncated")),
        reply_status=data.get("reply_status"),
        reply_body=_bytes(str(data.get("reply_body") or ""), bool(data.get("reply_body_base64"))),
        reply_headers={str(k): str(v) for k, v in (data.get("reply_headers") or {}).items()},
        handling_ms=float(data.get("handling_ms") or 0.0),
    )


def exchange_from_fixture(data: dict[str, Any]) -> Exchange:
    req = data["request"]
    body = req.get("body") or ""
    request = HttpRequest(
        method=str(req.get("method", "POST")),
        path=str(req.get("path", "/")),
        query={str(k): str(v) for k, v in (req.get("query") or {}).items()},
        headers={str(k): str(v) for k, v in (req.get("headers") or {}).items()},
        body=_bytes(body, req.get("body_encoding") == "base64"),
    )
    captured = data.get("captured") or {}
    return Exchange(
        received_at=float(captured.get("received_at") or 0.0),
        request=request,
        transport=Transport.IMPORT,
        outcome=Outcome.OK if data.get("message") is not None else Outcome.INVALID,
        message=data.get("message"),
        event_type=data.get("event_type"),
        event_id=data.get("event_id"),
    )


def _har_time(text: str) -> float:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except (ValueError, AttributeError):
        return 0.0


def exchange_from_har(entry: dict[str, Any]) -> Exchange:
    """A HAR entry: ours carries the whole exchange; a foreign one gives the request and the response."""
    if isinstance(entry.get(HAR_EXTENSION), dict):
        return exchange_from_record(entry[HAR_EXTENSION])
    req = entry.get("request") or {}
    url = urlsplit(str(req.get("url", "")))
    post = req.get("postData") or {}
    content = (entry.get("response") or {}).get("content") or {}
    headers = {str(h.get("name")): str(h.get("value")) for h in req.get("headers") or []}
    return Exchange(
        received_at=_har_time(str(entry.get("startedDateTime", ""))),
        request=HttpRequest(
            method=str(req.get("method", "POST")),
            path=unquote(url.path, errors="surrogateescape") or "/",  # the store keeps decoded paths
            query=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers=headers,
            body=_bytes(str(post.get("text") or ""), post.get("encoding") == "base64"),
        ),
        transport=Transport.IMPORT,
        outcome=Outcome.INVALID,
        reply_status=(entry.get("response") or {}).get("status") or None,
        reply_body=_bytes(str(content.get("text") or ""), content.get("encoding") == "base64"),
        handling_ms=float(entry.get("time") or 0.0),
    )


def _from_json_document(data: Any, source: Path) -> list[Exchange]:
    if isinstance(data, dict) and data.get("format") == FIXTURE_FORMAT:
        return [exchange_from_fixture(data)]
    if isinstance(data, dict) and isinstance(data.get("log"), dict):
        return [exchange_from_har(entry) for entry in data["log"].get("entries") or []]
    if isinstance(data, dict) and isinstance(data.get("request"), dict):
        return [exchange_from_record(data)]  # a one-line JSON Lines file
    raise ImportFileError(
        f"{source.name} is neither a DingConsole fixture nor a HAR file",
        "Import a fixtures folder, one of its NNNN_<type>.json files, a .jsonl or a .har export.",
    )


def _fixture_files(folder: Path) -> Iterable[Path]:
    for file in sorted(folder.glob("*.json")):
        try:
            data = bounded_loads(file.read_text("utf-8"))
        except ValueError:
            continue  # a foreign JSON file beside the fixtures is not ours to import
        if isinstance(data, dict) and data.get("format") == FIXTURE_FORMAT:
            yield file


def _from_fixture_file(path: Path) -> Exchange:
    return exchange_from_fixture(bounded_loads(path.read_text("utf-8")))


def _converted(convert: Callable[[], _T], source: Path) -> _T:
    """Run a converter over parsed JSON; a field of the wrong type is the file's fault, said as such."""
    try:
        return convert()
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        raise ImportFileError(
            f"{source.name} is not a valid DingConsole export or HAR file: {type(exc).__name__}: {exc}",
            "Import a fixtures folder, one of its NNNN_<type>.json files, a .jsonl or a .har export, unedited.",
        ) from None


def read_exchanges(path: Path) -> list[Exchange]:
    """Every exchange in an export (fixtures folder/file, .jsonl, .har/.json). Raises ImportFileError."""
    path = Path(path)
    if path.is_dir():
        files = list(_fixture_files(path))
        if not files:
            raise ImportFileError(f"{path} holds no DingConsole fixture files", "Export with --format fixtures first.")
        return [_converted(partial(_from_fixture_file, f), f) for f in files]
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}", "Check the path.") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path} is not a text file", "Import a .json, .jsonl or .har export.") from None
    stripped = text.strip()
    try:
        document = bounded_loads(stripped)
    except ValueError:
        pass  # not one JSON document: maybe JSON Lines
    else:
        return _converted(lambda: _from_json_document(document, path), path)
    lines = enumerate(stripped.splitlines(), start=1)
    return [exchange_from_line(line, number, path) for number, line in lines if line.strip()]


JSONL_HINT = "Import a .jsonl written by `dingconsole export --format jsonl`."


def exchange_from_line(
    line: str | bytes,
    number: int,
    source: Path,
    *,
    parse: Callable[[str | bytes], Any] = bounded_loads,
    hint: str = JSONL_HINT,
) -> Exchange:
    """One line of a JSON Lines export; anything that is not an exchange record is ImportFileError naming the line."""
    try:
        record = parse(line)
        if not isinstance(record, dict) or "request" not in record:
            raise ValueError("not an exchange record")
        return exchange_from_record(record)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ImportFileError(
            f"{source.name} line {number} is not an exported exchange: {exc}", hint, line=number
        ) from None


def import_into(store: Any, path: Path) -> list[int]:
    """Read `path` and add every exchange to `store` (an EventStore); returns the new ids."""
    return list(store.add_many(read_exchanges(path)))
