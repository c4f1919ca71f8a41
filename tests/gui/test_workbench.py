"""The workbench tab: a pasted curl command of the published vector decrypts, a wrong token is
explained, the other actions work, and garbage never crashes or wedges the tab."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from PySide6.QtGui import QTextOption

from dingconsole.core.diagnose import Status
from dingconsole.core.exchange import Exchange, HttpRequest
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.workbench import Analysis
from dingconsole.gui.workbench import WorkbenchTab
from dingconsole.gui.workbench.input import TYPED
from tests.vectors import AES_KEY, ENC, OWNER, TOKEN

CURL = (
    "curl -X POST 'http://x/api/callback?signature=5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0"
    "&timestamp=1445827045067&nonce=nEXhMP4r' -H 'Content-Type: application/json' "
    f'-d \'{{"encrypt":"{ENC}"}}\''
)
PLAINTEXT = {"EventType": "check_create_suite_url", "Random": "LPIdSnlF", "TestSuiteKey": OWNER}


@pytest.fixture
def store(home: Path) -> ProfileStore:
    profiles = ProfileStore()
    profiles.add(Profile("vector", OWNER, TOKEN, AES_KEY))
    profiles.add(Profile("other", "dingabcdefabcdefabcd", "wrongtoken", AES_KEY))
    profiles.set_active("vector")
    return profiles


@pytest.fixture
def tab(qtbot, store: ProfileStore) -> WorkbenchTab:
    widget = WorkbenchTab(store)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


def settle(qtbot, tab: WorkbenchTab, text: str | None = None) -> Analysis:
    """Type (or not), then wait for the debounced analysis of exactly the current input."""
    with qtbot.waitSignal(tab.analysisReady, timeout=10_000) as blocker:
        if text is not None:
            tab.input.editor.setPlainText(text)
        else:
            tab.schedule()
    return blocker.args[0]


def test_pasted_curl_of_the_published_vector_decrypts(qtbot, tab: WorkbenchTab) -> None:
    analysis = settle(qtbot, tab, CURL)
    assert analysis.kind == "curl"
    assert analysis.report is not None and analysis.report.ok
    assert json.loads(tab.results.output.toPlainText()) == PLAINTEXT
    assert "curl" in tab.input.kind_label.text()
    assert "vector" in tab.results.verdict_text()
    layout = [part.name for part in analysis.report.layout]
    assert layout == ["random", "length", "message", "owner_key", "padding"]
    assert tab.results.diagnosis.layout_table.topLevelItemCount() == 5


def test_a_wrong_token_is_explained(qtbot, tab: WorkbenchTab) -> None:
    tab.input.select_profile("other")
    analysis = settle(qtbot, tab, CURL)
    failure = analysis.report.first_failure
    assert failure is not None and failure.name == "signature"
    assert failure.code == "signature_mismatch"
    verdict = tab.results.verdict_text()
    assert "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0" in verdict
    assert "token" in verdict.lower()


def test_try_all_profiles_names_the_one_that_fits(qtbot, tab: WorkbenchTab) -> None:
    tab.input.select_profile("other")
    tab.input.try_all.setChecked(True)
    analysis = settle(qtbot, tab, CURL)
    assert analysis.report.ok and analysis.report.profile == "vector"


def test_typed_credentials_decrypt_a_bare_encrypt_value(qtbot, tab: WorkbenchTab) -> None:
    tab.input.profile.setCurrentIndex(tab.input.profile.findData(TYPED))
    for line in (tab.input.token, tab.input.aes_key, tab.input.owner_key):
        line.clear()  # "typed in" starts from the previous profile's values
    qtbot.keyClicks(tab.input.token, TOKEN)
    qtbot.keyClicks(tab.input.aes_key, AES_KEY)
    qtbot.keyClicks(tab.input.owner_key, OWNER)
    analysis = settle(qtbot, tab, ENC)
    assert analysis.kind == "encrypt"
    assert json.loads(analysis.output) == PLAINTEXT
    steps = {step.name: step.status for step in analysis.report.steps}
    assert steps["parameters"] is Status.SKIPPED and steps["signature"] is Status.SKIPPED
    assert analysis.report.ok  # nothing the user could have given failed


def test_a_whole_request_missing_a_parameter_still_fails(qtbot, tab: WorkbenchTab) -> None:
    analysis = settle(qtbot, tab, CURL.replace("&nonce=nEXhMP4r", ""))
    steps = {step.name: step.status for step in analysis.report.steps}
    assert steps["parameters"] is Status.FAILED
    assert json.loads(analysis.output) == PLAINTEXT  # still decrypted, so the user learns the rest


def test_encrypt_then_decrypt_round_trips(qtbot, tab: WorkbenchTab) -> None:
    tab.input.set_action("encrypt")
    message = '{"EventType":"check_url"}'
    sealed = json.loads(settle(qtbot, tab, message).output)
    assert set(sealed) == {"msg_signature", "timeStamp", "nonce", "encrypt"}
    tab.input.set_action("reply")
    analysis = settle(qtbot, tab, json.dumps(sealed))
    # the sealed message is the event, not "success": the reply check says exactly that
    assert analysis.report.first_failure.name == "message"
    tab.input.set_action("decrypt")
    assert json.loads(settle(qtbot, tab).output) == json.loads(message)


def test_sign_verifies_the_pasted_signature(qtbot, tab: WorkbenchTab) -> None:
    tab.input.set_action("sign")
    analysis = settle(qtbot, tab, CURL)
    assert analysis.report.ok
    assert "signature=5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0" in analysis.output


def test_open_exchange_lands_in_the_workbench(qtbot, tab: WorkbenchTab) -> None:
    query = {"signature": "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0", "timestamp": "1445827045067", "nonce": "nEXhMP4r"}
    body = json.dumps({"encrypt": ENC}).encode()
    request = HttpRequest("POST", "/api/callback", query, {"Content-Type": "application/json"}, body)
    with qtbot.waitSignal(tab.analysisReady, timeout=10_000) as blocker:
        tab.open_exchange(Exchange(received_at=0.0, request=request, profile="vector"))
    assert blocker.args[0].kind == "http"
    assert blocker.args[0].report.ok


@pytest.mark.parametrize(
    "garbage",
    [
        "".join(random.Random(1).choice("abc{}[]\"'\\ =&?%\n\t€中") for _ in range(1_000_000)),
        os.urandom(200_000).decode("latin-1"),
        "curl -X POST 'http://x/api/callback?signature=5a65",
        "POST /api HTTP/1.1\r\nContent-Length: 99999\r\n\r\n{",
        '{"encrypt": 12}',
        "\x00\x01\x02",
    ],
    ids=["1MB-text", "binary", "half-curl", "bad-http", "encrypt-not-string", "nul"],
)
def test_garbage_never_crashes(qtbot, tab: WorkbenchTab, garbage: str) -> None:
    analysis = settle(qtbot, tab, garbage)
    assert analysis.error is not None or (analysis.report is not None and not analysis.report.ok)
    assert tab.results.verdict_text().startswith("✘")
    # the tab still works afterwards
    assert settle(qtbot, tab, CURL).report.ok


def test_stale_results_are_dropped(qtbot, tab: WorkbenchTab) -> None:
    seen: list[Analysis] = []
    tab.analysisReady.connect(seen.append)
    for text in ("garbage one", "garbage two", CURL):
        tab.input.editor.setPlainText(text)
        tab.run_now()  # no debounce: three jobs, only the newest may be shown
    qtbot.waitUntil(lambda: bool(seen) and not tab.is_busy(), timeout=10_000)
    assert [a.kind for a in seen] == ["curl"]


def test_a_long_unbroken_paste_wraps_anywhere(qtbot, tab: WorkbenchTab) -> None:
    """A 1 MB encrypt value has no word boundary: wrapping it at word boundaries kept the GUI thread
    busy for ~25 s (measured with a heartbeat timer); the input box must break such lines anywhere."""
    analysis = settle(qtbot, tab, "A" * 1_000_000)
    assert analysis.kind == "encrypt"
    assert tab.input.editor.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere


def test_a_powershell_paste_is_named_and_decrypts(qtbot, tab: WorkbenchTab) -> None:
    body = json.dumps({"encrypt": ENC}).replace('"', '`"')
    command = (
        "Invoke-WebRequest -UseBasicParsing -Uri "
        '"http://x/api/callback?signature=5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0&timestamp=1445827045067'
        '&nonce=nEXhMP4r" `\n'
        '-Method "POST" `\n'
        '-ContentType "application/json" `\n'
        f'-Body "{body}"'
    )
    analysis = settle(qtbot, tab, command)
    assert analysis.kind == "powershell"
    assert json.loads(analysis.output) == PLAINTEXT and analysis.report.ok
    assert "PowerShell" in tab.input.kind_label.text()


def test_the_workbench_starts_on_the_toolbars_active_profile(qtbot, home: Path) -> None:
    """Issue 23: first run (no profile: "Typed in"), then a profile is saved — the Workbench moves onto it,
    and follows the toolbar's choice afterwards."""
    from dingconsole.gui.main_window import MainWindow
    from dingconsole.gui.workbench.input import TYPED

    profiles = ProfileStore()
    window = MainWindow(profiles=profiles)
    qtbot.addWidget(window)
    assert window.workbench.input.profile.currentData() == TYPED
    profiles.add(Profile("vector", OWNER, TOKEN, AES_KEY))
    profiles.add(Profile("other", "dingabcdefabcdefabcd", "wrongtoken", AES_KEY))
    profiles.set_active("other")
    profiles.save()
    window.profiles_changed()
    assert window.workbench.input.profile.currentData() == "other"
    window.controls.profile_combo.setCurrentText("vector")
    assert window.workbench.input.profile.currentData() == "vector"
    window.close()
