"""Issue 23: the table's Summary, its tooltip and the details header name the diagnosed cause in English
as in Chinese — not the listener's fixed error — and a recovered message is shown marked so."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from dingconsole.core.diagnose import diagnose_request
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.profiles import Profile
from dingconsole.gui import i18n
from dingconsole.gui.detail_panes import DetailPanes
from dingconsole.gui.event_model import Row
from tests.core.diagnose import independent as ind

PROFILE = Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY)
EVENT = '{"EventType":"bpms_instance_change","processInstanceId":"pi-1","title":"出差申请","type":"start"}'


def failed_push() -> Exchange:
    """A push whose value kept its URL escapes: the listener's fixed error says "signature", the cause differs."""
    enc = ind.seal(EVENT)
    request = HttpRequest("POST", "/cb", ind.query(enc), {"Content-Type": "application/json"}, ind.body(quote(enc)))
    ex = Exchange(
        received_at=time.time(),
        request=request,
        profile="prod",
        outcome=Outcome.FAILED,
        error_code="signature_mismatch",
        error_message="the signature does not verify",
        reply_status=403,
        id=7,
    )
    ex.diagnosis = diagnose_request(request, [PROFILE], now=ind.NOW).to_dict()
    assert ex.adopt_recovered()
    return ex


@pytest.fixture
def zh(qapp) -> Iterator[None]:
    i18n.manager().set_language(i18n.CHINESE, remember=False)
    yield
    i18n.manager().set_language(i18n.ENGLISH, remember=False)


def test_the_english_summary_names_the_cause(qapp) -> None:
    row = Row.build(failed_push(), "en")
    assert "URL escapes" in row.summary
    assert "signature does not verify" not in row.summary


def test_the_chinese_summary_names_the_cause(zh) -> None:
    row = Row.build(failed_push(), "zh")
    assert "URL 转义" in row.summary


def test_the_details_header_names_the_cause_and_marks_the_recovered_message(qtbot) -> None:
    panes = DetailPanes()
    qtbot.addWidget(panes)
    panes.set_exchange(failed_push())
    title = panes.title.text()
    assert "URL escapes" in title and "signature does not verify" not in title
    assert "recovered by the diagnosis" in title
    assert "出差申请" in panes.json_text.toPlainText()


def test_a_record_from_before_keeps_its_message_in_the_diagnosis_and_still_shows_it(qtbot) -> None:
    """An older store has the recovered message only inside the diagnosis: the Message pane shows it
    (marked), not "(nothing was decrypted)"."""
    ex = failed_push()
    ex.message, ex.event_type = None, None
    panes = DetailPanes()
    qtbot.addWidget(panes)
    panes.set_exchange(ex)
    assert "出差申请" in panes.json_text.toPlainText() and "recovered by the diagnosis" in panes.title.text()
    assert ex.message is None  # the record itself is left as it was
