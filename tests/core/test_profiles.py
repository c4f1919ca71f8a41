"""ProfileStore: atomic 0600 file, masking, migration from version 1, export/import."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from dingconsole.core.profiles import FORMAT_VERSION, Profile, ProfileError, ProfileStore, mask

KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"


def test_saved_atomically_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "p.json"
    path.parent.mkdir()
    store = ProfileStore(path)
    store.add(Profile("a", "dingabc", "tok-secret", KEY))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["p.json"]  # no temp file left behind
    assert json.loads(path.read_text())["version"] == 2
    assert ProfileStore(path).get("a").token == "tok-secret" and ProfileStore(path).active == "a"


def test_masking() -> None:
    masked = Profile("a", "dingabc", "tok-secret", KEY, app_secret="appsecret1").masked()
    assert "tok-secret" not in json.dumps(masked) and KEY not in json.dumps(masked)
    assert masked["owner_key"] == "dingabc" and mask("") == "" and mask("abc") == "•••"


def test_migration_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps({"version": 1, "profiles": [{"name": "old", "app_key": "dingold", "token": "t", "aes_key": KEY}]})
    )
    assert ProfileStore(path).get("old").owner_key == "dingold"


def test_export_import(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "a.json")
    store.add(Profile("a", "dingabc", "tok", KEY))
    other = ProfileStore(tmp_path / "b.json")
    assert other.import_(store.export(include_secrets=True)) == ["a"]
    assert other.get("a") == store.get("a")
    with pytest.raises(ProfileError, match="token is empty"):
        ProfileStore(tmp_path / "c.json").import_(store.export())


def test_a_file_from_a_newer_version_is_refused_not_downgraded(home: Path) -> None:
    path = home / "profiles.json"
    text = json.dumps({"version": FORMAT_VERSION + 1, "profiles": [], "future": "data"})
    path.write_text(text, "utf-8")
    with pytest.raises(ProfileError, match="newer DingConsole"):
        ProfileStore(path)
    assert path.read_text("utf-8") == text
