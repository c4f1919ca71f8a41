"""The window's `--allow-host`: host names whose visitors see profile details on the listener's status page.

By default only a browser that reaches the listener as 127.0.0.1/localhost sees the profile, the owner
key and the URL to paste; everyone else gets a bare "listening" page. The check is on the Host header
because a DNS-rebinding page in the user's own browser reaches 127.0.0.1 under its own name. A tunnel's
host name can be allowed here (kept in gui.ini) — then everyone who can reach the tunnel sees them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from dingconsole.gui import settings

if TYPE_CHECKING:
    from dingconsole.core.listener import Listener

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
KEY = "listener/allow_hosts"


def parse_hosts(text: str) -> list[str]:
    """Comma- or space-separated host names, lower-cased, without duplicates."""
    return list(dict.fromkeys(h.strip().lower() for h in text.replace(",", " ").split() if h.strip()))


class AllowedHostsAction(QAction):
    """A menu entry that asks for the allowed host names, remembers them and hands them to the running listener."""

    def __init__(self, parent: QWidget, running_listener: Callable[[], Listener | None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._running_listener = running_listener
        self.hosts = parse_hosts(settings.read_str(settings.open_settings(), KEY, ""))
        self.triggered.connect(self.ask)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setText(translate("ListenerControls", "Status page details for hosts…"))

    def ask(self) -> None:
        text, ok = QInputDialog.getText(
            self._parent,
            translate("ListenerControls", "Status page details"),
            translate(
                "ListenerControls",
                "Host names whose visitors may see the profile on the status page (127.0.0.1 and localhost "
                "always may). Add a tunnel's name only if everyone who can reach it may see it:",
            ),
            text=" ".join(self.hosts),
        )
        if ok:
            self.set_hosts(parse_hosts(text))

    def set_hosts(self, hosts: list[str]) -> None:
        self.hosts = hosts
        store = settings.open_settings()
        store.setValue(KEY, " ".join(hosts))
        store.sync()
        listener = self._running_listener()
        if listener is not None:
            listener.set_allowed_hosts(hosts)
