"""Application set-up: the packaged icon loads (it is what every window and dialog shows)."""

from __future__ import annotations

from dingconsole.gui.app import app_icon


def test_the_packaged_app_icon_loads(qapp) -> None:
    icon = app_icon()
    assert not icon.isNull()
    size = icon.availableSizes()[0]
    assert (size.width(), size.height()) == (256, 256)
