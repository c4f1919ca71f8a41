"""The Workbench and the window's Diagnosis tab name the same cause, in English and in Chinese.

Each push is damaged the way issue 18's scenarios are (built with independent crypto), posted over
real HTTP to the window's listener, inspected in the Diagnosis tab, then opened in the Workbench.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest

from dingconsole.core.diagnose import Report
from dingconsole.core.profiles import Profile
from dingconsole.gui import hints, i18n, step_details
from dingconsole.gui.main_window import MainWindow
from tests.core.diagnose import independent as ind
from tests.gui.windows import shown_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROFILE = Profile("shop", ind.APP_KEY, ind.TOKEN, ind.AES_KEY)
EVENT = '{"EventType":"bpms_instance_change","title":"请假申请","processInstanceId":"p-1","TimeStamp":"1623060875680"}'


def with_plus() -> tuple[str, str]:
    for pad in range(200):
        message = EVENT[:-1] + f',"pad":"{"x" * pad}"}}'
        enc = ind.seal(message)
        if enc.count("+") >= 2:
            return message, enc
    raise AssertionError("no ciphertext with '+'")


def plus_as_space(ts: str) -> tuple[dict[str, str], str]:
    _message, enc = with_plus()
    return ind.query(enc, ts=ts), enc.replace("+", " ")


def char_counted(ts: str) -> tuple[dict[str, str], str]:
    enc = ind.seal_char_counted(EVENT)
    return ind.query(enc, ts=ts), enc


def cut_block(ts: str) -> tuple[dict[str, str], str]:
    enc = ind.seal(EVENT)
    return ind.query(enc, ts=ts), base64.b64encode(base64.b64decode(enc)[:-16]).decode()


SCENARIOS: dict[str, tuple[Callable[[str], tuple[dict[str, str], str]], dict[str, str]]] = {
    "plus_as_space": (plus_as_space, {"en": "spaces where '+' was URL-decoded", "zh": "被 URL 解码成了空格"}),
    "length_counts_characters": (
        char_counted,
        {"en": "counted characters, not UTF-8 bytes", "zh": "按字符而不是按 UTF-8 字节"},
    ),
    "truncated_blocks": (cut_block, {"en": "the ciphertext was cut", "zh": "密文被截断了"}),
}


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot, PROFILE)
    yield win
    win.close()
    i18n.manager().set_language(i18n.ENGLISH, remember=False)


def post(url: str, query: dict[str, str], encrypt: str) -> int:
    full = url + "?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(
        full, data=ind.body(encrypt), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        with exc:
            return int(exc.code)


def conclusion(report: Report) -> tuple[str, str]:
    failure = report.first_failure
    assert failure is not None
    return hints.step_title(failure.name), step_details.detail_after_title(failure)


@pytest.mark.parametrize("lang", [i18n.ENGLISH, i18n.CHINESE])
@pytest.mark.parametrize("code", list(SCENARIOS))
def test_workbench_and_diagnosis_tab_agree(qtbot, window: MainWindow, code: str, lang: str) -> None:
    make, words = SCENARIOS[code]
    query, received = make(str(int(time.time() * 1000)))
    i18n.manager().set_language(lang, remember=False)
    window.controls.start()
    assert post(window.controls.current_url(), query, received) != 200
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 1)
    window.events.select_row(0)  # the row may come before its diagnosis (made after the reply): wait for it
    qtbot.wait_until(lambda: window.events.current_exchange().diagnosis is not None, timeout=10_000)
    qtbot.wait_until(lambda: bool(window.details.diagnosis.verdict.text()))
    exchange = window.events.current_exchange()
    stored = Report.from_dict(exchange.diagnosis)
    assert stored.first_failure is not None and stored.first_failure.code == code
    tab_verdict = window.details.diagnosis.verdict.text()
    title, detail = conclusion(stored)
    assert title in tab_verdict and detail in tab_verdict and words[lang] in detail

    with qtbot.wait_signal(window.workbench.analysisReady, timeout=10_000) as blocker:
        window.open_in_workbench(exchange)
    analysis = blocker.args[0]
    assert analysis.report is not None and analysis.report.first_failure is not None
    assert analysis.report.first_failure.code == code
    assert conclusion(analysis.report) == (title, detail)
    bench_verdict = window.workbench.results.verdict_text()
    assert title in bench_verdict and detail in bench_verdict
    assert window.workbench.results.diagnosis.verdict.text() == tab_verdict  # the same sentence, word for word
