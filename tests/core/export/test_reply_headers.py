"""Our reply's headers are recorded by the real listener, kept by the store (schema 4, migrated from 3)
and exported in HAR (they were an empty list)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export.formats import har_entry
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from dingconsole.core.store import schema as store_schema
from tests.listener_util import event, push, send


def test_the_listener_records_and_har_exports_the_reply_headers(store: EventStore, profile: Profile) -> None:
    server = Listener(store, [profile])
    server.start()
    try:
        status, body = send("POST", server.url, push(profile, event()))
    finally:
        server.stop()
    assert status == 200
    (stored,) = store.query()
    assert stored.reply_headers["Content-Type"].startswith("application/json")
    assert stored.reply_headers["Content-Length"] == str(len(body))
    har = har_entry(stored)
    names = {pair["name"]: pair["value"] for pair in har["response"]["headers"]}
    assert names["Content-Length"] == str(len(body)) and names["Content-Type"].startswith("application/json")
    json.dumps(har)  # still plain JSON


def test_a_schema_3_store_gains_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    store_schema.migrate(conn, target=3)
    conn.execute(
        "INSERT INTO exchanges (received_at, outcome, reply_status, reply_body) VALUES (1.0, 'ok', 200, x'7b7d')"
    )
    conn.commit()
    conn.close()
    with EventStore(path) as store:
        (old,) = store.query()
        assert old.reply_status == 200 and old.reply_headers == {}
        ex = Exchange(
            received_at=2.0,
            request=HttpRequest(),
            outcome=Outcome.OK,
            reply_status=200,
            reply_headers={"Content-Type": "application/json"},
        )
        store.add(ex)
        assert store.get(ex.id).reply_headers == {"Content-Type": "application/json"}
