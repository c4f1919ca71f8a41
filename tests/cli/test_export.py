"""`dingconsole export` / `import` (in-process, `cli` fixture) over a real event store."""

from __future__ import annotations

import json
from pathlib import Path

from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli
from tests.core.export.test_fixtures import PROD, captured, run_pytest


def fill_store(exchanges: list | None = None) -> list[int]:
    with EventStore() as store:
        return store.add_many(captured() if exchanges is None else exchanges)


def test_export_fixtures_default_is_resealed_and_passes_pytest(tmp_path: Path, cli: Cli) -> None:
    fill_store()
    out = tmp_path / "fx"
    proc = cli("export", "--format", "fixtures", "--out", str(out), "--outcome", "ok")
    assert proc.returncode == 0, proc.stderr
    assert "wrote 4 fixture(s)" in proc.stdout and "dingtestfixture" in proc.stdout
    text = "".join(p.read_text("utf-8") for p in out.iterdir())
    assert PROD.token not in text and PROD.aes_key not in text
    assert run_pytest(out).returncode == 0


def test_keep_original_without_include_secrets_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    fill_store()
    proc = cli("export", "--format", "fixtures", "--out", str(tmp_path / "x"), "--keep-original")
    assert proc.returncode == 2 and "--include-secrets" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_keep_original_with_include_secrets_writes_the_real_credentials(tmp_path: Path, cli: Cli) -> None:
    ProfileStore().add(PROD)
    fill_store()
    out = tmp_path / "real"
    proc = cli(
        "export",
        "--format",
        "fixtures",
        "--out",
        str(out),
        "--keep-original",
        "--include-secrets",
        "--type",
        "check_url",
    )
    assert proc.returncode == 0, proc.stderr
    (fixture,) = [json.loads(p.read_text("utf-8")) for p in out.glob("0*.json")]
    assert fixture["credentials"]["token"] == PROD.token and fixture["resealed"] is False


def test_filters_pick_the_exchanges(tmp_path: Path, cli: Cli) -> None:
    ids = fill_store()
    out = tmp_path / "two.jsonl"
    proc = cli("export", "--format", "jsonl", "--out", str(out), "--ids", f"{ids[0]},{ids[2]}")
    assert proc.returncode == 0 and "wrote 2" in proc.stdout
    assert [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()] == [ids[0], ids[2]]
    har = tmp_path / "a.har"
    assert cli("export", "--format", "har", "--out", str(har), "--type", "user_add_org").returncode == 0
    assert len(json.loads(har.read_text("utf-8"))["log"]["entries"]) == 1
    script = tmp_path / "replay.sh"
    assert cli("export", "--format", "curl", "--out", str(script), "--text", "EventType").returncode == 0
    assert script.read_text("utf-8").count("curl -sS") == 4
    none = cli("export", "--format", "jsonl", "--out", str(tmp_path / "none.jsonl"), "--type", "nothing")
    assert none.returncode == 1 and "no exchange matches" in none.stdout
    assert cli("export", "--format", "jsonl", "--out", str(out), "--ids", "a,b").returncode == 2


def test_import_round_trips_an_export(tmp_path: Path, home: Path, monkeypatch, cli: Cli) -> None:
    originals = captured()
    fill_store(originals)
    jsonl, fixtures = tmp_path / "all.jsonl", tmp_path / "fx"
    assert cli("export", "--format", "jsonl", "--out", str(jsonl)).returncode == 0
    assert cli("export", "--format", "fixtures", "--out", str(fixtures)).returncode == 0
    other = tmp_path / "other-home"
    other.mkdir()
    monkeypatch.setenv("DINGCONSOLE_HOME", str(other))
    first = cli("import", str(jsonl))
    second = cli("import", str(fixtures))
    assert first.returncode == 0 and "imported 5 exchange(s)" in first.stdout
    assert second.returncode == 0 and "imported 4 exchange(s)" in second.stdout
    with EventStore() as store:
        back = sorted(store.query(), key=lambda e: e.id)
    assert [e.request.body for e in back[:5]] == [e.request.body for e in originals]
    assert {e.transport.value for e in back} == {"import"}
    assert [e.message for e in back[5:]] == [e.message for e in originals[:4]]


def test_import_of_garbage_exits_1(tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n", "utf-8")
    proc = cli("import", str(bad))
    assert proc.returncode == 1 and "import_error" in proc.stderr
    assert cli("import", str(tmp_path / "missing.har")).returncode == 2


def test_import_of_a_malformed_har_or_fixture_is_a_clear_error(tmp_path: Path, cli: Cli) -> None:
    bad = {
        "entries.har": {"log": {"entries": [{"request": 5}]}},
        "entries_not_objects.har": {"log": {"entries": [1, 2]}},
        "0001_check_url.json": {"format": "dingconsole-fixture", "version": 1, "request": "nope"},
    }
    for name, content in bad.items():
        path = tmp_path / name
        path.write_text(json.dumps(content))
        proc = cli("import", str(path))
        assert proc.returncode == 1, (name, proc.stderr)
        assert "internal error" not in proc.stderr and "error [import_error]" in proc.stderr, (name, proc.stderr)
        assert name in proc.stderr
    with EventStore() as store:
        assert store.count() == 0


def test_under_umask_000_every_folder_and_file_the_cli_creates_is_private(tmp_path: Path, cli: Cli) -> None:
    """`--out` parents, the fixtures folder, the files in it, a replay script and a profile export."""
    import os
    import stat

    ProfileStore().add(PROD)
    fill_store()
    out = tmp_path / "out"
    old = os.umask(0)
    try:
        runs = [
            cli("export", "--format", "jsonl", "--out", str(out / "a" / "b" / "events.jsonl")),
            cli("export", "--format", "har", "--out", str(out / "c" / "events.har")),
            cli("export", "--format", "curl", "--out", str(out / "d" / "replay.sh")),
            cli("export", "--format", "fixtures", "--out", str(out / "e" / "f" / "fx"), "--outcome", "ok"),
            cli("profile", "export", "--out", str(out / "g" / "profiles.json")),
        ]
    finally:
        os.umask(old)
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    assert "replay with: bash " in runs[2].stdout and " ORIGIN " in runs[2].stdout
    created = [out, *out.rglob("*")]
    assert len([p for p in created if p.is_file()]) == 4 + 9  # four files, four fixtures and the kit's five
    for path in created:
        expected = 0o700 if path.is_dir() or path.name == "replay.sh" else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
