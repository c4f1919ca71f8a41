"""The conformance suite against real handlers on loopback sockets: the project's own listener passes
every case; each demo handler with one deliberate bug (tests/conform_handlers.py, independent crypto)
fails exactly its own case(s), passes the rest, and the hint names the bug.

The runs go in parallel on a thread pool (each run owns its event loop), so the module costs about
one slow run, not thirteen.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from dingconsole.core import conform
from dingconsole.core.conform import CASE_IDS, Options, RunResult, Verdict
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.conform_handlers import BUGS, demo_handlers
from tests.listener_util import make_profile

ACCEPTING = {"check_url", "event_types", "signature_param", "unicode_large", "padding_32", "duplicate",
             "retry_after_failure", "burst", "reply_format"}  # fmt: skip
# target → (cases that fail, cases that warn, (case, hint code, words the hint must say))
EXPECTED: dict[str, tuple[set[str], set[str], tuple[str, str, str] | None]] = {
    "listener": (set(), set(), None),
    "ok": (set(), set(), None),
    "timestamp": (  # issue 23: DingTalk would not save a URL answered so
        {"reply_format", "check_url"},
        set(),
        ("reply_format", "fmt_field_spelling", "answered `timestamp`; DingTalk requires `timeStamp`"),
    ),
    "char_count": (
        {"event_types", "unicode_large"},
        set(),
        ("unicode_large", "diag_counts_characters", "counts characters"),
    ),
    "unpad16": ({"padding_32"}, set(), ("padding_32", "diag_unpad16", "16-byte blocks")),
    "slow": ({"check_url"}, set(), ("check_url", "too_slow", "over DingTalk's 1500 ms")),
    "plain_success": (
        {"reply_format", "check_url"},
        set(),
        ("reply_format", "fmt_plain_success", "plain text `success`"),
    ),
    "any_signature": (
        {"forged_signature"},
        set(),
        ("forged_signature", "diag_no_signature_check", "does not verify msg_signature"),
    ),
    "ignore_owner": (
        {"wrong_owner_key"},
        set(),
        ("wrong_owner_key", "diag_no_owner_check", "does not compare the key"),
    ),
    "crash_500": (
        {"tampered_ciphertext"},
        set(),
        ("tampered_ciphertext", "diag_crash_traceback", "crashed (HTTP 500)"),
    ),
    "redirect": (ACCEPTING | {"redirect"}, set(), ("redirect", "diag_redirect", "DingTalk does not follow redirects")),
    "seconds": (set(), {"reply_format"}, ("reply_format", "fmt_seconds", "in seconds")),
    "upper_signature": (
        {"reply_format", "check_url"},
        set(),
        ("reply_format", "fmt_signature_upper", "upper-case hex"),
    ),
    "line_breaks": (set(), {"reply_format"}, ("reply_format", "fmt_line_breaks", "line breaks")),
    "signed_request": (
        {"reply_format", "check_url"},
        set(),
        ("reply_format", "fmt_signed_request", "request's timestamp"),
    ),
    "number_timestamp": (
        set(),
        {"reply_format"},
        ("reply_format", "fmt_step_warn", "whether DingTalk accepts a number"),
    ),
}
FAST = Options(rate=500)  # the default 50/s would make each run ~2 s; the pacing has its own test


@pytest.fixture(scope="module")
def profile() -> Profile:
    return make_profile()


@pytest.fixture(scope="module")
def listener(tmp_path_factory: pytest.TempPathFactory, profile: Profile) -> Iterator[Listener]:
    with EventStore(tmp_path_factory.mktemp("conform") / "events.sqlite3") as store:
        server = Listener(store, [profile])
        server.start()
        yield server
        server.stop()


@pytest.fixture(scope="module")
def handlers(profile: Profile) -> Iterator[str]:
    with demo_handlers(profile.token, profile.aes_key, profile.owner_key) as base:
        yield base


@pytest.fixture(scope="module")
def results(listener: Listener, handlers: str, profile: Profile) -> dict[str, RunResult]:
    targets = {"listener": listener.url, **{bug: f"{handlers}/{bug}" for bug in BUGS}}
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {name: pool.submit(conform.run, url, profile, options=FAST) for name, url in targets.items()}
        return {name: future.result() for name, future in futures.items()}


def _ids(result: RunResult, verdict: Verdict) -> set[str]:
    return {case.id for case in result.cases if case.verdict is verdict}


@pytest.mark.parametrize("target", list(EXPECTED))
def test_each_handler_fails_exactly_its_own_cases(results: dict[str, RunResult], target: str) -> None:
    result = results[target]
    failing, warning, hint = EXPECTED[target]
    assert [case.id for case in result.cases] == list(CASE_IDS)
    assert _ids(result, Verdict.FAIL) == failing, {c.id: c.detail.render() for c in result.cases}
    assert _ids(result, Verdict.WARN) == warning
    assert all(len(case.detail.render()) < 400 for case in result.cases), "a detail is one line"
    assert result.ok is not failing
    if hint is not None:
        case_id, code, words = hint
        case = next(c for c in result.cases if c.id == case_id)
        assert code in [h.diagnosis.code for h in case.hints] + [case.detail.code]
        said = " ".join([case.detail.render()] + [h.diagnosis.render() for h in case.hints])
        assert words in said
        assert all(h.fix is not None for h in case.hints)
        assert any(e.verdict is case.verdict for e in case.evidence), "the verdict comes with its evidence"


def test_every_case_has_both_languages(results: dict[str, RunResult]) -> None:
    for case in results["char_count"].cases + results["crash_500"].cases:
        for lang in ("en", "zh"):
            assert case.spec.text("title", lang) and case.detail.render(lang)
            for hint in case.hints:
                assert hint.diagnosis.render(lang) != hint.diagnosis.code
    zh = next(c for c in results["timestamp"].cases if c.id == "reply_format").detail.render("zh")
    assert "钉钉要求 `timeStamp`" in zh


def test_burst_reports_percentiles(results: dict[str, RunResult]) -> None:
    burst = next(c for c in results["listener"].cases if c.id == "burst")
    assert burst.metrics["n"] == 20 and len(burst.evidence) == 20
    assert 0 <= burst.metrics["p50_ms"] <= burst.metrics["p99_ms"] <= burst.metrics["max_ms"]


def test_unreachable_url_stops_after_the_first_push() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        result = conform.run(f"http://127.0.0.1:{port}/cb", make_profile(), options=FAST)
    assert result.requests == 1 and not result.ok
    note = result.cases[0].evidence[0].note
    assert note is not None and note.code == "no_reply"
    assert {case.detail.code for case in result.cases[1:]} == {"not_run_unreachable"}


def test_request_limit_and_time_limit(listener: Listener, handlers: str, profile: Profile) -> None:
    limited = conform.run(listener.url, profile, options=Options(rate=500, max_requests=5))
    assert limited.requests <= 5 and "request_limit" in {case.detail.code for case in limited.cases}
    began = time.monotonic()
    slow = conform.run(f"{handlers}/slow", profile, options=Options(case_time_limit=0.3), only="check_url")
    assert slow.cases[0].detail.code == "case_time_limit" and time.monotonic() - began < 1.5
    # slow on every push: the first reply comes over the budget, the case runs out of time on the second
    limits = Options(case_time_limit=0.6, budget_ms=300)
    timed_out = conform.run(f"{handlers}/slow?delay=0.4", profile, options=limits, only="signature_param").cases[0]
    assert timed_out.detail.code == "case_time_limit"
    assert [h.diagnosis.code for h in timed_out.hints] == ["diag_slow_replies"] and len(timed_out.evidence) == 1


def test_cancel_stops_between_cases(listener: Listener, profile: Profile) -> None:
    cancel = threading.Event()
    result = conform.run(listener.url, profile, options=FAST, cancel=cancel, finished=lambda case: cancel.set())
    assert result.cancelled and len(result.cases) == 1 and not result.ok


def test_rate_limit_spaces_sequential_pushes(listener: Listener, profile: Profile) -> None:
    starts: list[float] = []
    result = conform.run(listener.url, profile, options=Options(rate=20), only="signature_param,duplicate")
    for case in result.cases:
        starts += [e.request["started_at"] for e in case.evidence]
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.045


def test_only_runs_the_named_cases_in_suite_order(listener: Listener, profile: Profile) -> None:
    result = conform.run(listener.url, profile, options=FAST, only="redirect,check_url")
    assert [case.id for case in result.cases] == ["check_url", "redirect"]
    with pytest.raises(conform.ConformError, match="nope"):
        conform.run(listener.url, profile, only="check_url,nope")


def test_inspecting_cases_alone_send_their_own_push(listener: Listener, profile: Profile) -> None:
    result = conform.run(listener.url, profile, options=FAST, only="reply_format")
    assert result.requests == 1 and result.cases[0].verdict is Verdict.PASS


def test_a_failed_first_try_is_context_for_the_redeliveries(handlers: str, profile: Profile) -> None:
    case = conform.run(f"{handlers}/refuse_first", profile, options=FAST, only="retry_after_failure").cases[0]
    assert case.verdict is Verdict.PASS and [e.verdict for e in case.evidence] == [Verdict.PASS] * 3
    first = case.evidence[0].note
    assert first is not None and first.code == "attempt_one_failed" and "HTTP 503" in first.render()


def test_a_java_handler_failing_with_illegal_key_size_is_named(handlers: str, profile: Profile) -> None:
    """Issue 23: the official Java demo on JDK 9+ answers 500 with 'Illegal key size' to every push;
    conform names the demo's crypto.policy=limited static block, not a generic 500."""
    result = conform.run(f"{handlers}/java_key_size", profile, options=FAST, only=["check_url"])
    (case,) = result.cases
    assert case.verdict is Verdict.FAIL
    said = [h.diagnosis for h in case.hints]
    assert [t.code for t in said] == ["refused_java_key_size"]
    assert "crypto.policy=limited" in said[0].render() and "crypto.policy" in said[0].render("zh")
