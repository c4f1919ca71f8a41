"""`dingconsole profile …` (in-process, `cli` fixture): the file it writes, masking, export and import."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_runner import Cli, Ran

AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"
TOKEN = "secret-token-123"


@pytest.fixture
def run(cli: Cli) -> Callable[..., Ran]:
    """`dingconsole profile …`."""
    return lambda *args, stdin=None: cli("profile", *args, stdin=stdin)


def test_add_list_show_use_remove(home: Path, run: Callable[..., Ran]) -> None:
    added = run("add", "prod", "--app-key", "dingabc", "--token", TOKEN, "--aes-key", AES_KEY, "--note", "live")
    assert added.returncode == 0 and "(active)" in added.stdout
    assert run("add", "test", "--app-key", "dingdef", "--token", "t2", "--aes-key", AES_KEY).returncode == 0
    path = home / "profiles.json" if (home / "profiles.json").exists() else next(home.rglob("profiles.json"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    listing = run("list")
    assert "* prod" in listing.stdout and "dingabc" in listing.stdout
    assert TOKEN not in listing.stdout and AES_KEY not in listing.stdout
    shown = run("show", "prod")
    assert TOKEN not in shown.stdout and "live" in shown.stdout
    assert TOKEN in run("show", "prod", "--reveal").stdout
    assert json.loads(run("show", "test", "--json").stdout)["active"] is False
    assert run("use", "test").returncode == 0
    assert json.loads(run("list", "--json").stdout)[1]["active"] is True
    assert run("remove", "test").returncode == 0
    assert [p["name"] for p in json.loads(run("list", "--json").stdout)] == ["prod"]


def test_errors_are_clear(run: Callable[..., Ran]) -> None:
    bad_key = run("add", "x", "--app-key", "k", "--token", "t", "--aes-key", "short")
    assert bad_key.returncode == 1 and "error [invalid_aes_key]" in bad_key.stderr and "43" in bad_key.stderr
    assert run("add", "x", "--app-key", "k", "--token", "t", "--aes-key", AES_KEY).returncode == 0
    dup = run("add", "x", "--app-key", "k", "--token", "t", "--aes-key", AES_KEY)
    assert dup.returncode == 1 and "exists" in dup.stderr
    missing = run("show", "nope")  # an unknown name on the command line is a usage error (issue 23)
    assert missing.returncode == 2 and "no profile named 'nope'" in missing.stderr
    assert run("add", "y").returncode == 2
    assert run().returncode == 2


def test_export_import_round_trip(tmp_path: Path, run: Callable[..., Ran]) -> None:
    run("add", "prod", "--app-key", "dingabc", "--token", TOKEN, "--aes-key", AES_KEY, "--app-secret", "s3cr3t-xyz")
    public = json.loads(run("export").stdout)
    assert public["profiles"][0]["token"] == "" and public["profiles"][0]["owner_key"] == "dingabc"
    out = tmp_path / "all.json"
    assert run("export", "--include-secrets", "--out", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["profiles"][0]["app_secret"] == "s3cr3t-xyz"
    run("remove", "prod")
    imported = run("import", str(out))
    assert imported.returncode == 0 and "prod" in imported.stdout
    assert TOKEN in run("show", "prod", "--reveal").stdout
    no_secrets = run("import", "-", "--replace", stdin=json.dumps(public))
    assert no_secrets.returncode == 1 and "token is empty" in no_secrets.stderr
    assert run("import", "-", stdin="not json").returncode == 1


def test_a_profiles_file_of_the_wrong_shape_is_a_clear_error(home: Path, run: Callable[..., Ran]) -> None:
    path = home / "config" / "profiles.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    for content in ("[]", '{"version": 2, "profiles": [5]}', '{"version": 2, "profiles": {"a": 1}}'):
        path.write_text(content)
        result = run("list")
        assert result.returncode == 2, (content, result.stderr)  # README: 2 for usage errors (issue 23)
        assert "internal error" not in result.stderr and "error [profile_error]" in result.stderr
        assert str(path) in result.stderr


def test_profile_list_aligns_its_columns(run: Callable[..., Ran]) -> None:
    """Issue 23: owner keys of different lengths no longer push the token column around."""
    run("add", "a", "--app-key", "dingabc", "--token", TOKEN, "--aes-key", AES_KEY)
    run("add", "a-longer-name", "--app-key", "dingabcdefghijkl012345", "--token", TOKEN, "--aes-key", AES_KEY)
    lines = run("list").stdout.splitlines()
    assert len(lines) == 2 and len({line.index("token ") for line in lines}) == 1
    assert len({line.index("aesKey ") for line in lines}) == 1
