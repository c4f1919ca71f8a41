"""Import round-trips every export format back into a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dingconsole.core.exchange import Transport
from dingconsole.core.export import export_fixtures, write_har, write_jsonl
from dingconsole.core.export.importer import ImportFileError, import_into, read_exchanges
from dingconsole.core.store import EventStore
from tests.core.export.test_fixtures import TYPES, captured

FIELDS = (
    "message",
    "event_type",
    "event_id",
    "outcome",
    "reply_status",
    "reply_body",
    "reply_headers",
    "handling_ms",
    "profile",
)


@pytest.mark.parametrize("fmt", ["jsonl", "har"])
def test_jsonl_and_har_round_trip_through_the_store(tmp_path: Path, fmt: str) -> None:
    originals = captured()
    for n, original in enumerate(originals):
        original.reply_headers = {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(100 + n)}
    path = tmp_path / f"events.{fmt}"
    (write_jsonl if fmt == "jsonl" else write_har)(originals, path)
    with EventStore(tmp_path / "events.sqlite3") as store:
        ids = import_into(store, path)
        back = [store.get(i) for i in ids]
    assert len(back) == len(originals)
    for original, restored in zip(originals, back, strict=True):
        assert restored.transport is Transport.IMPORT
        assert restored.request == original.request  # byte for byte, the non-UTF-8 body too
        assert all(getattr(restored, f) == getattr(original, f) for f in FIELDS)


def test_fixtures_folder_and_single_files_import(tmp_path: Path) -> None:
    export_fixtures(captured(), tmp_path / "fx")
    (tmp_path / "fx" / "other.json").write_text('{"unrelated": true}', "utf-8")
    from_folder = read_exchanges(tmp_path / "fx")
    assert [e.event_type for e in from_folder] == ["check_url", "bpms_task_change", "user_add_org", "chat_update_title"]
    assert len(TYPES) == len(from_folder)
    assert all(e.transport is Transport.IMPORT and e.message for e in from_folder)
    one = read_exchanges(tmp_path / "fx" / "0002_bpms_task_change.json")
    assert one[0].event_id == json.loads(one[0].message)["eventId"]
    with EventStore(tmp_path / "s.sqlite3") as store:
        assert len(import_into(store, tmp_path / "fx")) == len(TYPES)


def test_a_foreign_har_gives_requests_to_diagnose(tmp_path: Path) -> None:
    har = {
        "log": {
            "version": "1.2",
            "creator": {"name": "browser", "version": "1"},
            "entries": [
                {
                    "startedDateTime": "2026-01-02T03:04:05.678Z",
                    "time": 12,
                    "request": {
                        "method": "POST",
                        "url": "https://example.com/cb?signature=abc&timestamp=1&nonce=n",
                        "headers": [{"name": "Content-Type", "value": "application/json"}],
                        "postData": {"mimeType": "application/json", "text": '{"encrypt":"xyz"}'},
                    },
                    "response": {"status": 200, "content": {"text": "success"}},
                }
            ],
        }
    }
    path = tmp_path / "browser.har"
    path.write_text(json.dumps(har), "utf-8")
    (exchange,) = read_exchanges(path)
    assert exchange.request.path == "/cb" and exchange.request.query["signature"] == "abc"
    assert exchange.request.body == b'{"encrypt":"xyz"}' and exchange.reply_body == b"success"
    assert exchange.received_at == pytest.approx(1767323045.678)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"hello": 1}', "neither"),
        ("not json\n", "line 1"),
        ('{"request": {}}\n[1]\n', "line 2"),
        ('{"request": {}}\n{"request": "not an object"}\n', "line 2"),  # was an AttributeError
    ],
)
def test_garbage_is_refused_with_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(content, "utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_exchanges(path)
    assert message in caught.value.message


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        read_exchanges(tmp_path)


@pytest.mark.timeout(60)  # a hang guard: the depth pre-check was quadratic on this line (1 MiB: hours)
def test_a_hostile_jsonl_line_is_refused_by_line_number_without_stalling(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_text('"' + '\\"' * 500_000 + "[" * 101 + "\n", "utf-8")
    with pytest.raises(ImportFileError, match="line 1"):
        read_exchanges(path)
