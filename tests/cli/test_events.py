"""`dingconsole events list/show/delete/clear` (in-process, `cli` fixture) over a real store file."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli, Ran

BASE = 1_700_000_000.0  # 2023-11-14T22:13:20Z


@pytest.fixture
def run(cli: Cli) -> Callable[..., Ran]:
    """`dingconsole events …`."""
    return lambda *args: cli("events", *args)


@pytest.fixture
def ids() -> list[int]:
    rows = [
        Exchange(
            received_at=BASE + i * 60,
            request=HttpRequest("POST", "/api/callback", {"nonce": "n"}, {"Content-Type": "application/json"}, b"{}"),
            profile="alpha" if i % 2 else "beta",
            outcome=Outcome.OK,
            message=json.dumps({"EventType": kind, "UserId": [f"user{i}"]}),
            event_type=kind,
            reply_status=200,
            reply_body=b'{"msg_signature":"x"}',
        )
        for i, kind in enumerate(["check_url", "user_add_org", "user_leave_org", "user_add_org"])
    ]
    failed = Exchange(
        received_at=BASE + 300,
        request=HttpRequest("POST", "/api/callback", {}, {}, b"junk"),
        profile="alpha",
        outcome=Outcome.FAILED,
        error_code="bad_request",
        error_message="body is not JSON",
        diagnosis={
            "kind": "request",
            "ok": False,
            "steps": [{"name": "parse", "status": "failed", "detail": "body is not JSON", "hint": "post JSON"}],
        },
        reply_status=400,
    )
    with EventStore() as store:
        return store.add_many([*rows, failed])


def test_list_every_match_newest_first(ids: list[int], run: Callable[..., Ran]) -> None:
    result = run("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert f"#{ids[-1]}" in lines[0] and "bad_request" in lines[0]
    assert f"#{ids[0]}" in lines[-1]


def test_list_filters_and_formats(ids: list[int], run: Callable[..., Ran]) -> None:
    data = json.loads(run("list", "--type", "user_add_org", "--json").stdout)
    assert [d["id"] for d in data] == [ids[3], ids[1]]
    lines = run("list", "--profile", "alpha", "--outcome", "ok", "--jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [ids[3], ids[1]]
    assert [d["id"] for d in json.loads(run("list", "--text", "user2", "--json").stdout)] == [ids[2]]
    window = json.loads(run("list", "--since", "2023-11-14T22:14:20Z", "--until", str(BASE + 120), "--json").stdout)
    assert [d["id"] for d in window] == [ids[2], ids[1]]
    assert len(json.loads(run("list", "--limit", "2", "--json").stdout)) == 2
    assert run("list", "--since", "last tuesday").returncode == 2
    assert run("list", "--outcome", "great").returncode == 2


def test_show_text_and_json(ids: list[int], run: Callable[..., Ran]) -> None:
    text = run("show", str(ids[-1]))
    assert text.returncode == 0
    assert "== request" in text.stdout and "junk" in text.stdout and "== diagnosis" in text.stdout
    assert "hint: post JSON" in text.stdout and "status: 400" in text.stdout
    ok = run("show", str(ids[1])).stdout
    assert "== decrypted message" in ok and '"UserId"' in ok
    data = json.loads(run("show", str(ids[1]), "--json").stdout)
    assert data["event_type"] == "user_add_org" and data["id"] == ids[1]
    missing = run("show", "9999")
    assert missing.returncode == 1 and "no exchange #9999" in missing.stderr


def test_delete_and_clear(ids: list[int], run: Callable[..., Ran]) -> None:
    result = run("delete", str(ids[0]), str(ids[1]))
    assert result.returncode == 0 and "deleted 2" in result.stdout
    assert run("delete", str(ids[0])).returncode == 1
    refused = run("clear")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    cleared = run("clear", "--yes")
    assert cleared.returncode == 0 and "deleted 3" in cleared.stdout
    with EventStore() as store:
        assert store.count() == 0
