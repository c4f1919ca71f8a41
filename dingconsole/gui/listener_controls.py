"""The toolbar: profile selector, Start/Stop, the listening URL (copy; LAN addresses), response policy,
pause auto-scroll, clear and export — and the listener's lifecycle, which the toolbar owns.

The listener runs on its own thread (core.listener); `start()` returns once the socket is bound, and
its observer callback goes to the ListenerBridge, never to a widget.
"""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSpinBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from dingconsole.core.listener import Listener, Policy
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui.allowed_hosts import AllowedHostsAction
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.tunnel_controls import TunnelControls

ALL_INTERFACES = ("0.0.0.0", "::", "")
SLOW_REPLY_MS = 2000  # past DingTalk's 1500 ms budget


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other peers could reach (for a listener bound to all interfaces).

    The UDP `connect` only picks a route; it sends no packet.
    """
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        found = []  # an unresolvable hostname is common on laptops; the route probe below still works
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        found.append(probe.getsockname()[0])
    except OSError:
        found.append("127.0.0.1")
    finally:
        probe.close()
    return sorted({a for a in found if not a.startswith("127.")}) or ["127.0.0.1"]


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class ListenerControls(QToolBar):
    """Start/stop the listener and show where it listens. Emits `stateChanged(running)`."""

    stateChanged = Signal(bool)
    profileChanged = Signal(str)
    startFailed = Signal(str)  # the bind error (port taken, address not available), for the status bar
    addressChanged = Signal(str, int)  # host, port chosen in the toolbar (the window remembers them)

    def __init__(
        self,
        profiles: ProfileStore,
        store: EventStore,
        bridge: ListenerBridge,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("listenerToolBar")
        self.profiles = profiles
        self.store = store
        self.bridge = bridge
        self.host = host
        self.port = port
        self.listener: Listener | None = None
        self.policy = Policy.success()

        self.profile_label = QLabel()
        self.profile_combo = QComboBox()
        self.profile_combo.setMinimumContentsLength(12)
        self.profile_combo.currentTextChanged.connect(self._profile_selected)
        self.start_action = QAction(self)
        self.start_action.triggered.connect(self.toggle)
        self.url_edit = QLineEdit()
        self.url_edit.setReadOnly(True)
        self.url_edit.setMinimumWidth(260)  # the Chinese toolbar must still fit 1280 px
        self.url_edit.setMaximumWidth(560)
        self.copy_button = QToolButton()
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_button.clicked.connect(lambda: self.copy_url(self.url_edit.text()))
        self.copy_menu = QMenu(self.copy_button)
        self.copy_button.setMenu(self.copy_menu)
        self.lan_action = QAction(self)
        self.lan_action.setCheckable(True)
        self.lan_action.setChecked(host in ALL_INTERFACES)
        self.lan_action.toggled.connect(self._lan_toggled)
        # who sees profile details on the status page
        self.allow_hosts_action = AllowedHostsAction(self, lambda: self.listener)
        self.host_action = QAction(self)  # any bind address, typed in
        self.host_action.triggered.connect(self.ask_host)
        self.port_spin = QSpinBox()  # 0 = any free port
        self.port_spin.setRange(0, 65535)
        self.port_spin.setValue(port)
        self.port_spin.setAccelerated(True)
        self.port_spin.valueChanged.connect(self._port_chosen)

        self.policy_button = QToolButton()
        self.policy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.policy_menu = QMenu(self.policy_button)
        self.policy_button.setMenu(self.policy_menu)
        self.policy_group = QActionGroup(self)
        self.policy_actions: list[tuple[QAction, Policy]] = []
        for policy in (
            Policy.success(),
            Policy.non_success(),
            Policy.delay(SLOW_REPLY_MS),
            Policy.http_500(),
            Policy.close(),
        ):
            action = QAction(self.policy_group)
            action.setCheckable(True)
            action.setChecked(policy == self.policy)
            action.triggered.connect(lambda _=False, p=policy: self.set_policy(p))
            self.policy_menu.addAction(action)
            self.policy_actions.append((action, policy))

        self.pause_action = QAction(self)
        self.pause_action.setCheckable(True)
        self.clear_action = QAction(self)
        self.export_action = QAction(self)
        self.tunnel = TunnelControls(self, self)  # the Tunnel button, its public URL and its check

        self.addWidget(self.profile_label)
        self.addWidget(self.profile_combo)
        self.addAction(self.start_action)
        self.addWidget(self.tunnel.button)
        self.addWidget(self.port_spin)
        self.addWidget(self.url_edit)
        self.addWidget(self.copy_button)
        self.addWidget(self.policy_button)
        self.addSeparator()
        self.addAction(self.pause_action)
        self.addAction(self.clear_action)
        self.addAction(self.export_action)
        self.tunnel.place(self)
        self.reload_profiles()
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.allow_hosts_action.retranslateUi()
        self.tunnel.retranslateUi()
        self.setWindowTitle(translate("ListenerControls", "Listener"))
        self.profile_label.setText(translate("ListenerControls", "Profile: "))
        self.copy_button.setText(translate("ListenerControls", "Copy"))
        self.copy_button.setToolTip(
            translate("ListenerControls", "Copy the callback URL to paste into the DingTalk console")
        )
        self.lan_action.setText(
            translate("ListenerControls", "Accept pushes from other machines (bind all interfaces)")
        )
        self.host_action.setText(translate("ListenerControls", "Listen on address…"))
        self.port_spin.setSpecialValueText(translate("ListenerControls", "any port"))
        self.port_spin.setPrefix(translate("ListenerControls", "port "))
        self.port_spin.setToolTip(
            translate("ListenerControls", "The listener's port (any port: a free one is chosen at Start)")
        )
        titles = {
            "success": translate("ListenerControls", "Reply success (correct)"),
            "non_success": translate("ListenerControls", "Reply sealed non-success (DingTalk retries)"),
            "delay": translate("ListenerControls", "Reply success after %1 ms (too slow)").replace(
                "%1", str(SLOW_REPLY_MS)
            ),
            "http_500": translate("ListenerControls", "Reply HTTP 500"),
            "close": translate("ListenerControls", "Close the connection without a reply"),
        }
        for action, policy in self.policy_actions:
            action.setText(titles[policy.kind.value])
        self.policy_button.setToolTip(translate("ListenerControls", "How the listener answers valid pushes"))
        self.pause_action.setText(translate("ListenerControls", "Pause auto-scroll"))
        self.clear_action.setText(translate("ListenerControls", "Clear"))
        self.clear_action.setToolTip(translate("ListenerControls", "Delete every captured event"))
        self.export_action.setText(translate("ListenerControls", "Export…"))
        self._refresh()

    # -- profiles --------------------------------------------------------------------------------

    def reload_profiles(self) -> None:
        """Refill the selector from the store (the window reloads it from disk); keep the listener in step."""
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        self.profile_combo.addItems(self.profiles.names())
        if self.profiles.active:
            self.profile_combo.setCurrentText(self.profiles.active)
        self.profile_combo.blockSignals(False)
        if self.listener is not None:
            self.listener.set_profiles(list(self.profiles), self.profiles.active)
        self._refresh()

    def _profile_selected(self, name: str) -> None:
        if not name or name not in self.profiles:
            return
        self.profiles.set_active(name)
        if self.listener is not None:
            self.listener.set_profiles(list(self.profiles), name)
        self._refresh()
        self.profileChanged.emit(name)

    # -- listener lifecycle ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.listener is not None

    def toggle(self) -> None:
        if self.running:
            self.stop()
            return
        try:
            self.start()
        except OSError as exc:  # raised out of a Qt slot it reached no one: the button just did nothing
            self.startFailed.emit(str(exc.strerror or exc))
        except ValueError as exc:  # no profile can open a push (each one's aesKey is broken)
            self.startFailed.emit(str(exc))

    def start(self) -> None:
        """Bind and start (raises OSError with a clear message when the port is taken)."""
        if self.listener is not None:
            return
        listener = Listener(
            self.store,
            list(self.profiles),
            active=self.profiles.active,
            host=self.host,
            port=self.port,
            policy=self.policy,
            allow_hosts=self.allow_hosts_action.hosts,
        )
        listener.add_observer(self.bridge.observer)
        listener.start()
        self.listener = listener
        self._tell_skipped(listener.skipped)
        self._refresh()
        self.stateChanged.emit(True)

    def _tell_skipped(self, skipped: dict[str, str]) -> None:
        """A broken profile is left out, the others answer: say which one and why, in the status bar."""
        window = self.window()
        if skipped and isinstance(window, QMainWindow):
            text = translate("ListenerControls", "Profile %1 cannot answer and was skipped: %2")
            name, why = next(iter(skipped.items()))
            window.statusBar().showMessage(text.replace("%1", name).replace("%2", why))

    def stop(self) -> None:
        """Stop gracefully: in-flight exchanges are committed and handed to the table before we return."""
        self.tunnel.stop()  # the tunnel goes before its target
        listener, self.listener = self.listener, None
        if listener is None:
            return
        try:
            listener.stop()
        finally:
            listener.remove_observer(self.bridge.observer)
            self.bridge.flush()
            self._refresh()
            self.stateChanged.emit(False)

    def set_policy(self, policy: Policy) -> None:
        self.policy = policy
        for action, candidate in self.policy_actions:
            action.setChecked(candidate == policy)
        if self.listener is not None:
            self.listener.set_policy(policy)
        self._refresh()

    def policy_label(self) -> str:
        """The current response policy in a word or two, in the UI language (the button's text)."""
        kind = self.policy.kind.value
        if kind == "delay":
            return translate("ListenerControls", "delay %1 ms").replace("%1", str(self.policy.delay_ms))
        labels = {
            "success": translate("ListenerControls", "success"),
            "non_success": translate("ListenerControls", "non-success"),
            "http_500": translate("ListenerControls", "HTTP 500"),
            "close": translate("ListenerControls", "close"),
        }
        return labels.get(kind, str(self.policy))

    def _lan_toggled(self, checked: bool) -> None:
        self.set_address("0.0.0.0" if checked else "127.0.0.1", self.port)

    def _port_chosen(self, port: int) -> None:
        if port != self.port:
            self.set_address(self.host, port)

    def ask_host(self) -> None:
        host, ok = QInputDialog.getText(
            self,
            translate("ListenerControls", "Listen on address"),
            translate("ListenerControls", "Bind address (127.0.0.1: this machine only; 0.0.0.0: every interface):"),
            text=self.host,
        )
        if ok and host.strip():
            self.set_address(host.strip(), self.port)

    def set_address(self, host: str, port: int) -> None:
        """Listen on `host`:`port` from now on (rebinding at once when running, so the URL shown is the truth)."""
        changed = (host, port) != (self.host, self.port)
        self.host, self.port = host, port
        self.lan_action.blockSignals(True)
        self.lan_action.setChecked(host in ALL_INTERFACES)
        self.lan_action.blockSignals(False)
        self.port_spin.blockSignals(True)
        self.port_spin.setValue(port)
        self.port_spin.blockSignals(False)
        if changed:
            self.addressChanged.emit(host, port)
        if changed and self.running:
            self.stop()
            self.toggle()  # start again; a failure is reported like any other
        self._refresh()

    # -- URL -------------------------------------------------------------------------------------

    def current_url(self) -> str:
        if self.listener is None:
            return ""
        urls: dict[Any, str] = self.listener.urls()
        return urls.get(self.profiles.active, self.listener.url) if self.profiles.active else self.listener.url

    def served_url(self, name: str) -> str | None:
        """The URL the running listener answers profile `name` at (the toolbar's for the active one)."""
        if self.listener is None:
            return None
        if name == self.profiles.active:
            return self.current_url()
        urls: dict[Any, str] = self.listener.urls()
        return urls.get(name)

    def lan_urls(self) -> list[str]:
        if self.listener is None or self.listener.host not in ALL_INTERFACES:
            return []
        url = self.current_url()
        local = f"//127.0.0.1:{self.listener.port}"
        alternatives = [f"//0.0.0.0:{self.listener.port}", f"//[::]:{self.listener.port}", local]
        prefix = next((a for a in alternatives if a in url), None)
        if prefix is None:
            return []
        return [url.replace(prefix, f"//{address}:{self.listener.port}") for address in lan_addresses()]

    def copy_url(self, url: str) -> None:
        if url:
            QGuiApplication.clipboard().setText(url)

    def _refresh(self) -> None:
        running = self.listener is not None
        self.start_action.setText(
            translate("ListenerControls", "Stop") if running else translate("ListenerControls", "Start")
        )
        self.start_action.setToolTip(
            translate("ListenerControls", "Stop the listener")
            if running
            else translate("ListenerControls", "Start the callback listener")
        )
        url = self.current_url()
        self.url_edit.setText(url)
        self.url_edit.setToolTip(
            translate(
                "ListenerControls",
                "Each profile has its own path, /api/callback/<profile name> (or the profile's callback path): "
                "pushes there are checked with that profile. /api/callback (as in the README) works too and "
                "is answered by the active profile.",
            )
        )
        self.url_edit.setPlaceholderText(translate("ListenerControls", "not listening"))
        self.copy_button.setEnabled(bool(url))
        self.copy_menu.clear()
        for lan_url in self.lan_urls():
            action = self.copy_menu.addAction(translate("ListenerControls", "Copy %1").replace("%1", lan_url))
            action.triggered.connect(lambda _=False, u=lan_url: self.copy_url(u))
        if self.copy_menu.actions():
            self.copy_menu.addSeparator()
        self.copy_menu.addAction(self.lan_action)
        self.copy_menu.addAction(self.allow_hosts_action)
        self.copy_menu.addAction(self.host_action)
        current = next((a.text() for a, p in self.policy_actions if p == self.policy), "")
        self.policy_button.setText(translate("ListenerControls", "Reply: %1").replace("%1", self.policy_label()))
        self.policy_button.setToolTip(current)
