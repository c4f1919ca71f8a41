"""`profile add` refuses whitespace inside the AppKey or AppSecret (DingTalk answers 401 authFailed) and
stores the suite fields the failed-push list needs."""

from __future__ import annotations

from dingconsole.core.profiles import ProfileStore
from tests.cli_runner import Cli

AES = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"


def test_whitespace_in_the_keys_is_refused_with_a_clear_message(cli: Cli) -> None:
    for option, value in (("--app-key", "ding abc"), ("--app-secret", "sec\tret")):
        args = {"--app-key": "dingabc", "--app-secret": "secret", option: value}
        ran = cli("profile", "add", "p", "--token", "tok", "--aes-key", AES, *(x for kv in args.items() for x in kv))
        assert ran.returncode != 0 and "space or line break" in ran.stderr, ran.stderr
    assert "p" not in ProfileStore()


def test_suite_fields_are_stored(cli: Cli) -> None:
    ran = cli(
        "profile", "add", "isv", "--app-key", "suiteabc", "--token", "tok", "--aes-key", AES,
        "--app-secret", "s", "--suite-ticket", "t", "--auth-corp-id", "dingcorp", "--permanent-code", "pc",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    saved = ProfileStore().get("isv")
    assert (saved.suite_ticket, saved.auth_corp_id, saved.permanent_code) == ("t", "dingcorp", "pc")
