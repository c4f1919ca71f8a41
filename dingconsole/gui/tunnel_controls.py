"""The Tunnel button by Start, the public URL with Copy, and verified / not reachable.

The supervisor (core/tunnel) runs the tool and its checks on a thread of its own; its events come here
through a queued signal, so only the GUI thread touches a widget (as StreamControls does). The tunnel
starts after the listener (Tunnel starts the listener first when it is off) and stops before it.
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QMenu, QToolBar, QToolButton, QWidget

from dingconsole.core.listener import Listener
from dingconsole.core.tunnel import PRESETS, TunnelEvent, TunnelSupervisor, load, save
from dingconsole.gui.tunnel_dialog import TunnelDialog

translate = QCoreApplication.translate


class Host(Protocol):
    """What the tunnel needs of the listener toolbar."""

    listener: Listener | None

    def current_url(self) -> str: ...

    def toggle(self) -> None: ...

    def window(self) -> QWidget: ...


class TunnelControls(QObject):
    stateChanged = Signal(str)  # the TunnelEvent state, on the GUI thread
    _event = Signal(object)  # TunnelEvent, from the supervisor's thread

    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.supervisor: TunnelSupervisor | None = None
        self.last: TunnelEvent | None = None
        self.button = QToolButton(parent)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.clicked.connect(self.toggle)
        self.menu = QMenu(self.button)
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.configure)
        self.menu.addAction(self.settings_action)
        self.button.setMenu(self.menu)
        self.url_edit = QLineEdit(parent)
        self.url_edit.setReadOnly(True)
        self.url_edit.setMinimumWidth(220)
        self.url_edit.setMaximumWidth(460)
        self.copy_button = QToolButton(parent)
        self.copy_button.clicked.connect(self.copy)
        self.status_label = QLabel(parent)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # the tool's words, never markup
        self._placed: list[QAction] = []
        self._event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self.retranslateUi()

    def place(self, toolbar: QToolBar) -> None:
        """Add the URL, Copy and the status to `toolbar` (a toolbar shows or hides a widget by its action)."""
        self._placed = [toolbar.addWidget(w) for w in (self.url_edit, self.copy_button, self.status_label)]
        self._refresh()

    # -- lifetime ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.supervisor is not None

    def toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.configure()

    def configure(self) -> None:
        """Choose the tool (or command), save the setting, and (re)start the tunnel."""
        dialog = TunnelDialog(load(), self.button.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        settings = dialog.settings()
        try:
            save(settings)
        except OSError as exc:
            self._tell(translate("TunnelControls", "The tunnel setting could not be saved: %1").replace("%1", str(exc)))
        self.stop()
        self.start()

    def start(self) -> None:
        """Start the tunnel with the saved setting, after the listener (started here when it is off)."""
        if self.running:
            return
        if self.host.listener is None:
            self.host.toggle()
        listener = self.host.listener
        if listener is None:  # the listener could not start: the toolbar has said why
            return
        path = urlsplit(self.host.current_url()).path
        self.supervisor = TunnelSupervisor(load(), listener, path, self._event.emit)
        self.supervisor.start()
        self._refresh()

    def stop(self) -> None:
        """Stop the tool (bounded: a few seconds at most) before the listener stops."""
        supervisor, self.supervisor = self.supervisor, None
        if supervisor is not None:
            # The tool is stopped at once; a check in flight ends by itself (its thread then sees the stop).
            supervisor.stop(timeout=2.0)
        self.last = None
        self._refresh()

    # -- events ------------------------------------------------------------------------------------

    def _on_event(self, event: TunnelEvent) -> None:
        if self.supervisor is None:  # a late event from a tunnel already stopped
            return
        self.last = event
        if event.state == "up" and event.previous_url:
            self._tell(
                translate(
                    "TunnelControls",
                    "The tunnel's public URL changed: paste the new one into DingTalk's event subscription "
                    "(it was %1).",
                ).replace("%1", event.previous_url)
            )
        if event.state == "failed":
            supervisor, self.supervisor = self.supervisor, None  # it gave up: a setting or the tool is missing
            supervisor.stop()
            self._tell(self.status_text(event))
        self._refresh()
        self.stateChanged.emit(event.state)

    def public_url(self) -> str:
        """The tunnel's URL for the active profile (what to paste into DingTalk)."""
        if self.last is None or not self.last.public_url:
            return ""
        return self.last.public_url + urlsplit(self.host.current_url()).path

    def copy(self) -> None:
        url = self.public_url()
        if url:
            QGuiApplication.clipboard().setText(url)

    def _tell(self, text: str) -> None:
        window = self.button.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text)

    # -- texts -------------------------------------------------------------------------------------

    def status_text(self, event: TunnelEvent) -> str:
        reasons = {
            "connect_failed": translate("TunnelControls", "no connection"),
            "timeout": translate("TunnelControls", "no answer in time"),
            "http_status": translate("TunnelControls", "an HTTP error"),
            "redirect": translate("TunnelControls", "a redirect (DingTalk does not follow redirects)"),
            "not_this_listener": translate("TunnelControls", "another server answered"),
            "exited": translate("TunnelControls", "the tunnel program exited"),
            "no_url": translate("TunnelControls", "it printed no public URL in time"),
            "not_answering": translate("TunnelControls", "it stopped answering"),
            "tool_missing": translate("TunnelControls", "the program is not installed"),
            "missing_setting": translate("TunnelControls", "a setting is missing (Tunnel settings…)"),
            "bad_command": translate("TunnelControls", "the command is not usable (Tunnel settings…)"),
            "bad_pattern": translate("TunnelControls", "the URL pattern is not a regular expression"),
            "bad_url": translate("TunnelControls", "the public URL is not an http(s):// URL"),
        }
        reason = reasons.get(event.code, event.code)
        if event.state == "starting":
            return translate("TunnelControls", "starting the tunnel…")
        if event.state == "up":
            return translate("TunnelControls", "checking that it reaches the listener…")
        if event.state == "verified":
            return translate("TunnelControls", "verified ✓")
        if event.state == "unreachable":
            return translate("TunnelControls", "not reachable: %1").replace("%1", reason)
        if event.state == "restarting":
            text = translate("TunnelControls", "restarting in %1 s: %2")
            return text.replace("%1", f"{event.retry_in:g}").replace("%2", reason)
        if event.state == "failed" and event.code == "tool_missing":
            tool = str(self._tool())
            return (
                translate("TunnelControls", "%1 is not installed; get it from: %2")
                .replace("%1", tool)
                .replace("%2", _install_where(tool))
            )
        if event.state == "failed":
            return translate("TunnelControls", "tunnel not started: %1").replace("%1", reason)
        return ""

    def _tool(self) -> str:
        preset = load().preset
        return PRESETS[preset].tool if preset in PRESETS else (preset.split() or [""])[0]

    def retranslateUi(self) -> None:
        self.settings_action.setText(translate("TunnelControls", "Tunnel settings…"))
        self.copy_button.setText(translate("TunnelControls", "Copy"))
        self.copy_button.setToolTip(translate("TunnelControls", "Copy the public callback URL to paste into DingTalk"))
        self.url_edit.setToolTip(
            translate(
                "TunnelControls",
                "The tunnel's public URL with the profile's callback path: DingTalk reaches the listener here.",
            )
        )
        self._refresh()

    def _refresh(self) -> None:
        running = self.running
        self.button.setText(
            translate("TunnelControls", "Stop tunnel") if running else translate("TunnelControls", "Tunnel…")
        )
        self.button.setToolTip(
            translate("TunnelControls", "Stop the tunnel")
            if running
            else translate(
                "TunnelControls",
                "Start the tunnel you use (cloudflared, ngrok, cpolar, frpc, ssh or a command) and check that "
                "its public URL reaches the listener",
            )
        )
        url = self.public_url()
        self.url_edit.setText(url)
        self.copy_button.setEnabled(bool(url))
        shown = running or (self.last is not None and self.last.state == "failed")
        event = self.last
        self.status_label.setText(self.status_text(event) if event is not None else "")
        self.status_label.setToolTip("\n".join(event.tail) if event is not None else "")
        for action, visible in zip(self._placed, (running, running, shown), strict=False):
            action.setVisible(visible)


def _install_where(tool: str) -> str:
    """Where to get the tool: a download page (the same in every language)."""
    pages = {
        "cloudflared": "https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/",
        "ngrok": "https://ngrok.com/download",
        "cpolar": "https://www.cpolar.com/download",
        "frpc": "https://github.com/fatedier/frp/releases",
        "ssh": "OpenSSH",
    }
    return pages.get(tool, tool)
