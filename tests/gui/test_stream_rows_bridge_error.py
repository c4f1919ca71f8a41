"""A Stream event whose bridge raised (error code `bridge_error`) is explained in the UI language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.gui import i18n, stream_rows


@pytest.fixture
def chinese(qtbot: QtBot) -> Iterator[None]:
    i18n.manager().set_language(i18n.CHINESE, remember=False)
    try:
        yield
    finally:
        i18n.manager().set_language(i18n.ENGLISH, remember=False)


def test_a_bridge_error_in_chinese(chinese: None) -> None:
    ex = Exchange(
        received_at=1.0,
        request=HttpRequest("STREAM", "*"),
        transport=Transport.STREAM,
        outcome=Outcome.FAILED,
        message='{"userId": ["u1"]}',
        event_type="user_add_org",
        error_code="bridge_error",
        error_message="the bridge failed: boom",
    )
    text = stream_rows.error_text(ex)
    assert text is not None and "转发" in text and "LATER" in text
