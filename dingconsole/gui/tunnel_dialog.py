"""The tunnel setting: which tool (or command), its fields and its token — saved in tunnel.json (0600).

What each preset needs is said here in the UI language; the token field is a password field, and an
environment variable that already holds the token is named instead of asking for it.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core.tunnel import CUSTOM, TunnelSettings
from dingconsole.core.tunnel.settings import SECRET_ENV

translate = QCoreApplication.translate

ORDER = ("cloudflared", "ngrok", "cpolar", "frpc", "ssh", CUSTOM)
TOKEN_FIELD = {"frpc": "frp_token", "ngrok": "ngrok_authtoken", "cpolar": "cpolar_authtoken"}


def needs_text(preset: str) -> str:
    """What the preset needs, in the UI language (the README's table says the same)."""
    texts = {
        "cloudflared": translate(
            "TunnelDialog",
            "cloudflared quick tunnel: no account needed. Its URL changes at every start, so DingTalk's "
            "setting must change too.",
        ),
        "ngrok": translate("TunnelDialog", "ngrok: the authtoken of your ngrok account (or ngrok's own saved one)."),
        "cpolar": translate(
            "TunnelDialog", "cpolar: the authtoken of your cpolar account (or cpolar's own saved one)."
        ),
        "frpc": translate(
            "TunnelDialog",
            "frpc: your frps server, its token, and the public URL frps serves for this tunnel "
            "(a domain on its HTTP port, or http://IP:port for a TCP port).",
        ),
        "ssh": translate(
            "TunnelDialog",
            "ssh -R: a server you reach with a key as user@host and a free port on it. Its sshd needs "
            "GatewayPorts yes (or clientspecified), or the port only listens on the server itself.",
        ),
        CUSTOM: translate(
            "TunnelDialog",
            "Any command: write {port} where the listener's port goes. The public URL is the first http(s):// "
            "URL it prints, or what the pattern finds, or the URL you give.",
        ),
    }
    return texts[preset]


class TunnelDialog(QDialog):
    def __init__(self, settings: TunnelSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tunnelDialog")
        self._settings = settings
        self.preset_combo = QComboBox()
        for name in ORDER:
            self.preset_combo.addItem("", name)
        preset = settings.preset if settings.preset in ORDER else (CUSTOM if settings.preset else ORDER[0])
        self.preset_combo.setCurrentIndex(ORDER.index(preset))
        self.needs_label = QLabel()
        self.needs_label.setWordWrap(True)
        self.needs_label.setTextFormat(Qt.TextFormat.PlainText)
        self.command_edit = QLineEdit(settings.preset if preset == CUSTOM else "")
        self.pattern_edit = QLineEdit(settings.url_pattern)
        self.public_edit = QLineEdit(settings.public_url)
        self.target_edit = QLineEdit(settings.ssh_target)
        self.remote_port_edit = QLineEdit(settings.remote_port)
        self.server_edit = QLineEdit(settings.frp_server)
        self.server_port_edit = QLineEdit(settings.frp_server_port)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("preset", self.preset_combo),
            ("command", self.command_edit),
            ("target", self.target_edit),
            ("remote_port", self.remote_port_edit),
            ("server", self.server_edit),
            ("server_port", self.server_port_edit),
            ("token", self.token_edit),
            ("public", self.public_edit),
            ("pattern", self.pattern_edit),
        ):
            label = QLabel()
            self.labels[key] = label
            self.form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.needs_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        self.retranslateUi()
        self._preset_changed()

    @property
    def preset(self) -> str:
        return str(self.preset_combo.currentData())

    def retranslateUi(self) -> None:
        self.setWindowTitle(translate("TunnelDialog", "Tunnel"))
        titles = {
            "cloudflared": translate("TunnelDialog", "cloudflared (quick tunnel, no account)"),
            "ngrok": translate("TunnelDialog", "ngrok"),
            "cpolar": translate("TunnelDialog", "cpolar"),
            "frpc": translate("TunnelDialog", "frpc (your frps server)"),
            "ssh": translate("TunnelDialog", "ssh -R (your server)"),
            CUSTOM: translate("TunnelDialog", "Other command…"),
        }
        for index, name in enumerate(ORDER):
            self.preset_combo.setItemText(index, titles[name])
        texts = {
            "preset": translate("TunnelDialog", "Tunnel:"),
            "command": translate("TunnelDialog", "Command:"),
            "target": translate("TunnelDialog", "Server (user@host):"),
            "remote_port": translate("TunnelDialog", "Port on the server:"),
            "server": translate("TunnelDialog", "frps address:"),
            "server_port": translate("TunnelDialog", "frps port:"),
            "token": translate("TunnelDialog", "Token:"),
            "public": translate("TunnelDialog", "Public URL:"),
            "pattern": translate("TunnelDialog", "URL pattern:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.command_edit.setPlaceholderText(translate("TunnelDialog", "e.g. mytunnel http {port}"))
        self.pattern_edit.setPlaceholderText(translate("TunnelDialog", "default: the first http(s):// URL"))
        self.public_edit.setPlaceholderText(translate("TunnelDialog", "optional: found in the tool's output"))
        self._preset_changed()

    def _preset_changed(self) -> None:
        preset = self.preset
        self.needs_label.setText(needs_text(preset))
        shown = {
            "command": preset == CUSTOM,
            "target": preset == "ssh",
            "remote_port": preset == "ssh",
            "server": preset == "frpc",
            "server_port": preset == "frpc",
            "token": preset in TOKEN_FIELD,
            "public": preset in ("frpc", CUSTOM),
            "pattern": preset == CUSTOM,
        }
        for key, visible in shown.items():
            self.form.setRowVisible(self.labels[key], visible)
        field = TOKEN_FIELD.get(preset)
        if field is not None:
            self.token_edit.setText(str(getattr(self._settings, field)))
            env = SECRET_ENV[field]
            self.token_edit.setPlaceholderText(
                translate("TunnelDialog", "from %1").replace("%1", env)
                if os.environ.get(env)
                else translate("TunnelDialog", "kept in a private file (0600), never on a command line")
            )

    def settings(self) -> TunnelSettings:
        """The setting as edited (the caller saves it)."""
        preset = self.preset
        chosen = replace(
            self._settings,
            preset=self.command_edit.text().strip() if preset == CUSTOM else preset,
            url_pattern=self.pattern_edit.text().strip() if preset == CUSTOM else "",
            public_url=self.public_edit.text().strip() if preset in ("frpc", CUSTOM) else "",
            ssh_target=self.target_edit.text().strip(),
            remote_port=self.remote_port_edit.text().strip(),
            frp_server=self.server_edit.text().strip(),
            frp_server_port=self.server_port_edit.text().strip() or "7000",
        )
        field = TOKEN_FIELD.get(preset)
        if field is not None:
            setattr(chosen, field, self.token_edit.text().strip())
        return chosen
