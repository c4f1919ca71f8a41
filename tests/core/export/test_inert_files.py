"""What every export writes (issue 22, item 6): printable text only, and private modes whatever the umask.

A sender's event type can hold ESC/BEL, C1 controls and bidi overrides; `cat README.txt` or
`less events.jsonl` must show them as escapes, not obey them. Under umask 000 Python's defaults create
0777 folders, where anyone could swap the conftest.py the user's pytest will import.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export import export_fixtures, read_exchanges, write_curl, write_har, write_jsonl
from dingconsole.core.export.formats import to_har
from tests.core.export.test_fixtures import captured

EVIL_TYPE = "x\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2028line\x7f"
# what `cat` must never receive raw: C0 controls but the line break, DEL, C1, separators, bidi controls
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def hostile() -> list[Exchange]:
    message = json.dumps({"EventType": EVIL_TYPE, "title": EVIL_TYPE}, ensure_ascii=False)
    request = HttpRequest("POST", "/api/callback/" + EVIL_TYPE, {"nonce": EVIL_TYPE}, {"X-E": EVIL_TYPE}, b"{}")
    return [
        Exchange(1_700_000_000.0, request, outcome=Outcome.OK, message=message, event_type=EVIL_TYPE, id=1),
        *captured(),
    ]


@pytest.fixture
def umask_000() -> Iterator[None]:
    """The most permissive umask there is, for this test only."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    """Every path under `root` (root itself included) → its permission bits."""
    return {str(p.relative_to(root.parent)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def assert_private(root: Path, executables: frozenset[str] = frozenset()) -> None:
    for name, mode in modes(root).items():
        path = root.parent / name
        expected = 0o700 if path.is_dir() or path.name in executables else 0o600
        assert mode == expected, f"{name}: {oct(mode)}, not {oct(expected)}"


def test_the_fixtures_readme_holds_no_control_character(tmp_path: Path) -> None:
    folder = tmp_path / "fx"
    result = export_fixtures(hostile(), folder)
    assert len(result.written) == 5
    readme = (folder / "README.txt").read_text("utf-8")
    assert not UNPRINTABLE.search(readme), UNPRINTABLE.findall(readme)
    assert "x\\x1b]0;pwned\\x07" in readme  # the type is there, escaped
    for path in folder.iterdir():
        text = path.read_text("utf-8")
        assert not UNPRINTABLE.search(text), (path.name, UNPRINTABLE.findall(text))


def test_a_placeholder_inside_an_event_type_stays_text(tmp_path: Path) -> None:
    exchange = hostile()[0]
    exchange.event_type = "{credentials_note}{count}"
    export_fixtures([exchange], tmp_path / "fx")
    readme = (tmp_path / "fx" / "README.txt").read_text("utf-8")
    assert "1 event(s): {credentials_note}{count}" in readme


def test_jsonl_and_har_are_printable_and_read_back_unchanged(tmp_path: Path) -> None:
    exchanges = hostile()
    jsonl, har = tmp_path / "e.jsonl", tmp_path / "e.har"
    write_jsonl(exchanges, jsonl)
    write_har(exchanges, har)
    for path in (jsonl, har):
        text = path.read_text("utf-8")
        assert not UNPRINTABLE.search(text), (path.name, UNPRINTABLE.findall(text))
        back = read_exchanges(path)
        assert back[0].event_type == EVIL_TYPE and back[0].request.headers["X-E"] == EVIL_TYPE
        assert back[0].request.path == "/api/callback/" + EVIL_TYPE


def test_a_har_url_is_never_the_captured_host() -> None:
    """Browser dev tools replay a HAR entry to its URL: the Host header is the sender's word, not a destination."""
    exchange = captured()[0]
    exchange.request.headers["Host"] = "attacker.example"
    odd = Exchange(0.0, HttpRequest("POST", "@attacker.example/x", {}, {"Host": "attacker.example"}, b""), id=2)
    urls = [entry["request"]["url"] for entry in to_har([exchange, odd])["log"]["entries"]]
    assert urls[0].startswith("http://127.0.0.1:8080/api/callback/prod?")
    assert urls[1] == "http://127.0.0.1:8080/@attacker.example/x"
    assert all("attacker" not in url.split("/")[2] for url in urls)


def test_every_export_is_private_under_umask_000(tmp_path: Path, umask_000: None) -> None:
    root = tmp_path / "out"
    write_jsonl(captured(), root / "a" / "b" / "events.jsonl")
    write_har(captured(), root / "c" / "events.har")
    write_curl(captured(), root / "d" / "e" / "replay.sh")
    result = export_fixtures(captured(), root / "f" / "g" / "fixtures")
    assert len(result.written) == 4
    names = {p.name for p in (root / "f" / "g" / "fixtures").iterdir()}
    assert {"conftest.py", "README.txt", "dingtalk_fixture.py", "pytest.ini"} <= names
    assert_private(root, executables=frozenset({"replay.sh"}))


def test_an_existing_folder_of_the_users_is_left_as_it_is(tmp_path: Path, umask_000: None) -> None:
    """Only what the export creates is made private: the user's own tests/ folder keeps its mode."""
    theirs = tmp_path / "tests"
    theirs.mkdir(mode=0o755)
    os.chmod(theirs, 0o755)
    export_fixtures(captured(), theirs / "dingtalk_events")
    assert stat.S_IMODE(theirs.stat().st_mode) == 0o755
    assert_private(theirs / "dingtalk_events")
