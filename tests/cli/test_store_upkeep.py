"""`events pin/unpin/stats`, `import` with a rate, `export` in batches, and the retention flags of `serve`."""

from __future__ import annotations

import json

import pytest

from dingconsole.commands._store_upkeep import parse_size
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export.formats import write_jsonl
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli


def _exchanges(n: int) -> list[Exchange]:
    return [
        Exchange(
            received_at=1_700_000_000.0 + i,
            request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
            outcome=Outcome.OK,
            message=json.dumps({"EventType": "bpms_task_change", "title": f"周九{i}"}, ensure_ascii=False),
            event_type="bpms_task_change",
        )
        for i in range(n)
    ]


def test_pin_unpin_and_stats(cli: Cli) -> None:
    with EventStore() as store:
        ids = store.add_many(_exchanges(3))
    rc, out, _ = cli("events", "pin", str(ids[0]), "999")
    assert rc == 1 and "pinned 1 of 2" in out
    rc, out, _ = cli("events", "stats")
    assert rc == 0 and "events:    3 (1 pinned)" in out and "trimmed:   0 events" in out and "in use" in out
    assert "unauthenticated: 0 request(s), 0 B (kept: the newest 1,000 within 4.0 MiB; trimmed first)" in out
    rc, out, _ = cli("events", "stats", "--json")
    assert json.loads(out)["pinned"] == 1 and json.loads(out)["unauthenticated"] == 0
    assert cli("events", "unpin", str(ids[0])).returncode == 0
    with EventStore() as store:
        assert store.pinned_ids() == set()


def test_stats_count_what_no_signature_verified(cli: Cli) -> None:
    junk = Exchange(1_700_000_000.0, HttpRequest("GET", "/wp-login.php", body=b"x" * 5000), unauthenticated=True)
    with EventStore() as store:
        store.add_many([*_exchanges(2), junk])
    rc, out, _ = cli("events", "stats")
    assert rc == 0 and "events:    3 (0 pinned)" in out and "unauthenticated: 1 request(s), 5.0 KiB" in out


def test_import_prints_a_rate_and_export_streams(cli: Cli, tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(_exchanges(7), source)
    rc, out, err = cli("import", str(source))
    assert rc == 0 and "imported 7 exchange(s)" in out and "exchanges/s, search index included" in err
    rc, out, _ = cli("events", "list", "--text", "周九3")
    assert rc == 0 and len(out.splitlines()) == 1
    rc, out, err = cli("export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl"), "--text", "周九")
    assert rc == 0 and "wrote 7 exchange(s)" in out and "exchanges/s" in err
    titles = [json.loads(line)["message"] for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [json.loads(m)["title"] for m in titles] == [f"周九{i}" for i in range(7)]  # oldest first


@pytest.mark.parametrize(
    ("text", "size"), [("2G", 2 * 1024**3), ("500M", 500 * 1024**2), ("1.5GiB", 1536 * 1024**2), ("0", 0)]
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_serve_rejects_a_bad_cap(cli: Cli) -> None:
    rc, _, err = cli("serve", "--max-size", "lots")
    assert rc == 2 and "not a size" in err
    rc, _, err = cli("serve", "--max-age", "-1")
    assert rc == 2 and "cannot be negative" in err
