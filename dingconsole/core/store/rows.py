"""Exchange <-> SQLite row conversion for the event store: the column list and both directions.

JSON columns (query, headers, diagnosis) are stored as text, bodies as BLOBs, enums as their values.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

import orjson

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.store import bodies
from dingconsole.core.store.schema import message_hash
from dingconsole.core.untrusted import loads as bounded_loads

COLUMNS = (
    "received_at",
    "remote",
    "transport",
    "method",
    "path",
    "query",
    "headers",
    "body",
    "body_truncated",
    "profile",
    "outcome",
    "error_code",
    "error_message",
    "diagnosis",
    "message",
    "message_hash",
    "event_type",
    "event_id",
    "reply_status",
    "reply_body",
    "handling_ms",
    "repeat_of",
    "reply_headers",
    "body_form",
    "unauthenticated",
)
INSERT = f"INSERT INTO exchanges ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM exchanges"

# JSON columns. One encoder (json.dumps with options builds one per call). ASCII output: header and
# query values that were not UTF-8 on the wire arrive as lone surrogates, which SQLite cannot store as
# text but `\udcff` escapes carry exactly — and json.loads gives the same strings back.
to_json = json.JSONEncoder(ensure_ascii=True).encode


def map_json(value: dict[str, str]) -> str:
    """A header or query map as JSON: orjson writes one several times faster (once per push, and per line
    of an import); a map it refuses (a lone surrogate, a key that is not text) goes to `to_json`."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is one
        return to_json(value)


def storable(text: str | None) -> str | None:
    """`text` for a TEXT column: lone surrogates (bytes that were not UTF-8) become U+FFFD, as SQLite needs."""
    if text is None or text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def row_hash(ex: Exchange) -> str | None:
    """The plaintext hash, only where repeat detection reads it: a push without an eventId.

    A push with an eventId is matched by that id, so hashing it (and a random-valued index entry per
    row) would cost every insert for nothing; NULLs all sit at one end of the index.
    """
    if ex.message is None or ex.event_id:
        return None
    return message_hash(ex.message)


# Repeat detection (DingTalk retries a push it did not get `success` for): where the first copy is looked up.
NO_LOOKUP, BY_EVENT_ID, BY_MESSAGE = 0, 1, 2
FIRST_BY_EVENT_ID = "SELECT MIN(id) FROM exchanges WHERE event_id = ?"
FIRST_BY_MESSAGE = "SELECT MIN(id) FROM exchanges WHERE message_hash = ? AND (event_id IS NULL OR event_id = '')"
_CONTENT_FREE_PREFIX = "check_"  # these types carry nothing but the type: identical copies are new checks


def repeat_lookup(ex: Exchange) -> int:
    """How to find the first copy of this push: by eventId, or (classic payloads) by the plaintext's hash;
    an undecrypted request or a content-free check has none."""
    if ex.message is None:
        return NO_LOOKUP
    if ex.event_id:
        return BY_EVENT_ID
    if ex.event_type and ex.event_type.startswith(_CONTENT_FREE_PREFIX):
        return NO_LOOKUP
    return BY_MESSAGE


def _insert_detecting() -> str:
    """INSERT with one parameter more than COLUMNS — the lookup (NO_LOOKUP, BY_EVENT_ID, BY_MESSAGE) — so
    repeat_of is found by the statement itself, unless the row already names it. A batch is then one
    executemany, and each row sees the rows inserted before it (a retry inside the same batch)."""
    values = [f"?{i + 1}" for i in range(len(COLUMNS))]
    param = {name: f"?{i + 1}" for i, name in enumerate(COLUMNS)}
    by_id = FIRST_BY_EVENT_ID.replace("?", param["event_id"])
    by_message = FIRST_BY_MESSAGE.replace("?", param["message_hash"])
    values[COLUMNS.index("repeat_of")] = (
        f"CASE ?{len(COLUMNS) + 1} WHEN {BY_EVENT_ID} THEN ({by_id}) WHEN {BY_MESSAGE} THEN ({by_message})"
        f" ELSE {param['repeat_of']} END"
    )
    return f"INSERT INTO exchanges ({', '.join(COLUMNS)}) VALUES ({', '.join(values)})"


INSERT_DETECTING = _insert_detecting()


def insert_row(ex: Exchange, *, detect: bool) -> list[Any]:
    """The INSERT_DETECTING parameters of an exchange."""
    digest = row_hash(ex)
    lookup = repeat_lookup(ex) if detect and ex.repeat_of is None else NO_LOOKUP
    return [*to_row(ex, digest), lookup]


def insert_rows(conn: sqlite3.Connection, exchanges: list[Exchange], rows: Iterable[list[Any]]) -> None:
    """Insert the rows (caller's write transaction) and set each exchange's id and repeat_of."""
    before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM exchanges").fetchone()[0]
    conn.executemany(INSERT_DETECTING, rows)
    stored = conn.execute("SELECT id, repeat_of FROM exchanges WHERE id > ? ORDER BY id", (before,))
    for ex, (row_id, repeat_of) in zip(exchanges, stored, strict=True):  # ours alone: the write lock is held
        ex.id, ex.repeat_of = row_id, repeat_of


def to_row(ex: Exchange, digest: str | None) -> tuple[Any, ...]:
    """The INSERT parameters; `digest` is row_hash(ex), computed once by the caller for the lookup too."""
    req = ex.request
    body, form = bodies.pack(bytes(req.body))  # the usual {"encrypt": …} as raw ciphertext
    return (
        ex.received_at,
        storable(ex.remote),
        Transport(ex.transport).value,
        storable(req.method),
        storable(req.path),
        map_json(req.query),
        map_json(req.headers),
        body,
        int(ex.body_truncated),
        storable(ex.profile),
        Outcome(ex.outcome).value,
        storable(ex.error_code),
        storable(ex.error_message),
        None if ex.diagnosis is None else to_json(ex.diagnosis),
        storable(ex.message),
        digest,
        storable(ex.event_type),
        storable(ex.event_id),
        ex.reply_status,
        bytes(ex.reply_body),
        float(ex.handling_ms),
        ex.repeat_of,
        map_json(ex.reply_headers),
        form,
        int(ex.unauthenticated),
    )


def _json_or(text: str | None, default: Any) -> Any:
    """A JSON column parsed with the depth bound; an unreadable value (an old or foreign row) as `default`."""
    if text is None:
        return default
    try:
        return bounded_loads(text)
    except ValueError:
        return default


def from_row(row: sqlite3.Row) -> Exchange:
    return Exchange(
        id=row["id"],
        received_at=row["received_at"],
        request=HttpRequest(
            method=row["method"],
            path=row["path"],
            query=_json_or(row["query"], {}),
            headers=_json_or(row["headers"], {}),
            body=bodies.unpack(bytes(row["body"]), row["body_form"]),
        ),
        remote=row["remote"],
        transport=Transport(row["transport"]),
        profile=row["profile"],
        outcome=Outcome(row["outcome"]),
        error_code=row["error_code"],
        error_message=row["error_message"],
        diagnosis=_json_or(row["diagnosis"], None),
        message=row["message"],
        event_type=row["event_type"],
        event_id=row["event_id"],
        body_truncated=bool(row["body_truncated"]),
        reply_status=row["reply_status"],
        reply_body=bytes(row["reply_body"]),
        handling_ms=row["handling_ms"],
        repeat_of=row["repeat_of"],
        reply_headers=_json_or(row["reply_headers"], {}),
        unauthenticated=bool(row["unauthenticated"]),
    )
