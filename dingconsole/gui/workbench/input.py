"""The workbench's left side: the paste box, the action, and the credentials to use.

Credentials come from a saved profile or are typed in (a profile nobody saved), and "try all
profiles" hands every saved profile (plus the typed one, if any) to the diagnosis, which names the
one that fits. Anything that changes emits `changed`; the tab debounces it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core.profiles import Profile, ProfileError, ProfileStore

TYPED = "\x00typed"  # the combo's data for "typed in"; cannot clash with a profile name


class InputPanel(QWidget):
    changed = Signal()

    def __init__(self, store: ProfileStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # word-boundary wrapping of one long line with no spaces (a pasted 1 MB encrypt value) takes Qt
        # tens of seconds on the GUI thread; breaking anywhere lays it out at once
        self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.kind_label = QLabel()
        self.action = QComboBox()
        for key in ("auto", "decrypt", "encrypt", "sign", "reply"):
            self.action.addItem("", key)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.editor.clear)

        self.profile = QComboBox()
        self.token = QLineEdit()
        self.aes_key = QLineEdit()
        self.owner_key = QLineEdit()
        self.reveal = QCheckBox()
        self.try_all = QCheckBox()
        for secret in (self.token, self.aes_key):
            secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal.toggled.connect(self._reveal)

        top = QHBoxLayout()
        self.action_label = QLabel()
        top.addWidget(self.action_label)
        top.addWidget(self.action, 1)
        top.addWidget(self.clear_button)
        self.credentials = QGroupBox()
        self.form = QFormLayout(self.credentials)
        self.form_labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.form_labels[0], self.profile)
        self.form.addRow(self.form_labels[1], self.token)
        self.form.addRow(self.form_labels[2], self.aes_key)
        self.form.addRow(self.form_labels[3], self.owner_key)
        checks = QHBoxLayout()
        checks.addWidget(self.reveal)
        checks.addWidget(self.try_all)
        checks.addStretch(1)
        self.form.addRow(checks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.credentials)

        self.editor.textChanged.connect(self.changed)
        self.action.currentIndexChanged.connect(self._action_changed)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self.try_all.toggled.connect(self.changed)
        for line in (self.token, self.aes_key, self.owner_key):
            line.textEdited.connect(self.changed)
        self.retranslateUi()
        self.reload_profiles()

    # -- public ------------------------------------------------------------------------------

    def set_store(self, store: ProfileStore | None) -> None:
        self._store = store
        self.reload_profiles()

    def reload_profiles(self, select: str | None = None) -> None:
        """Refill the profile list (profiles may have changed in the dialog), keeping the selection."""
        keep = select if select is not None else self.profile.currentData()
        if keep == TYPED and not (self.token.text().strip() or self.aes_key.text().strip()):
            keep = None  # "Typed in" with nothing typed was only the default: start on the active profile
        names = self._names()
        self.profile.blockSignals(True)
        self.profile.clear()
        for name in names:
            self.profile.addItem(name, name)
        self.profile.addItem(self.tr("Typed in"), TYPED)
        index = self.profile.findData(keep) if keep is not None else -1
        if index < 0 and self._store is not None and self._store.active in names:
            index = self.profile.findData(self._store.active)
        self.profile.setCurrentIndex(max(index, 0))
        self.profile.blockSignals(False)
        self._profile_changed()

    def select_profile(self, name: str | None) -> None:
        if name and self.profile.findData(name) >= 0:
            self.profile.setCurrentIndex(self.profile.findData(name))

    def follow_active(self, name: str) -> None:
        """The toolbar chose `name`: follow it, unless credentials are being typed in here."""
        if self.profile.currentData() == TYPED and (self.token.text().strip() or self.aes_key.text().strip()):
            return
        self.select_profile(name)

    def text(self) -> str:
        return self.editor.toPlainText()

    def action_key(self) -> str:
        return str(self.action.currentData())

    def set_action(self, key: str) -> None:
        self.action.setCurrentIndex(max(self.action.findData(key), 0))

    def typed_profile(self) -> Profile | None:
        token, aes, owner = self.token.text().strip(), self.aes_key.text().strip(), self.owner_key.text().strip()
        if self.profile.currentData() != TYPED or not (token or aes):
            return None
        return Profile(self.tr("typed in"), owner, token, aes)  # the name shows in results and steps

    def profiles_to_try(self) -> list[Profile]:
        """The selected (or typed) profile first; with "try all", every saved profile after it."""
        chosen: list[Profile] = []
        current = self.profile.currentData()
        if current == TYPED:
            typed = self.typed_profile()
            chosen += [typed] if typed else []
        elif current is not None:
            found = self._profile(str(current))
            chosen += [found] if found else []
        if self.try_all.isChecked() and self._store is not None:
            chosen += [p for p in self._store if all(p.name != c.name for c in chosen)]
        return chosen

    # -- internals ---------------------------------------------------------------------------

    def _names(self) -> list[str]:
        return list(self._store.names()) if self._store is not None else []

    def _profile(self, name: str) -> Profile | None:
        if self._store is None:
            return None
        try:
            return self._store.get(name)
        except ProfileError:
            return None

    def _profile_changed(self, _index: int = -1) -> None:
        typed = self.profile.currentData() == TYPED
        for line in (self.token, self.aes_key, self.owner_key):
            line.setReadOnly(not typed)
        if not typed:
            found = self._profile(str(self.profile.currentData()))
            self.token.setText(found.token if found else "")
            self.aes_key.setText(found.aes_key if found else "")
            self.owner_key.setText(found.owner_key if found else "")
        self.changed.emit()

    def _action_changed(self, _index: int) -> None:
        self._placeholder()
        self.changed.emit()

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token.setEchoMode(mode)
        self.aes_key.setEchoMode(mode)

    def _placeholder(self) -> None:
        if self.action_key() == "encrypt":
            text = self.tr("Type the plaintext to encrypt, e.g. an event JSON or the word success.")
        else:
            text = self.tr(
                'Paste anything: a curl command, a raw HTTP request, the JSON body {"encrypt": …}, '
                "the callback URL, a bare encrypt value, or your server's reply."
            )
        self.editor.setPlaceholderText(text)

    def set_kind_text(self, text: str) -> None:
        self.kind_label.setText(text)

    def retranslateUi(self) -> None:
        labels = {
            "auto": self.tr("Automatic (decrypt a push, check a reply)"),
            "decrypt": self.tr("Decrypt and diagnose"),
            "encrypt": self.tr("Encrypt plaintext"),
            "sign": self.tr("Sign / verify signature"),
            "reply": self.tr("Check a reply as DingTalk does"),
        }
        for index in range(self.action.count()):
            self.action.setItemText(index, labels[str(self.action.itemData(index))])
        typed = self.profile.findData(TYPED)
        if typed >= 0:
            self.profile.setItemText(typed, self.tr("Typed in"))
        self.action_label.setText(self.tr("Action:"))
        self.clear_button.setText(self.tr("Clear"))
        self.credentials.setTitle(self.tr("Credentials"))
        rows = (self.tr("Profile:"), self.tr("Token:"), self.tr("aesKey:"), self.tr("Owner key:"))
        for label, text in zip(self.form_labels, rows, strict=True):
            label.setText(text)
        self.owner_key.setPlaceholderText(self.tr("AppKey, CorpId or suiteKey"))
        self.reveal.setText(self.tr("Show secrets"))
        self.try_all.setText(self.tr("Try all profiles"))
        self.try_all.setToolTip(self.tr("Try every saved profile and name the one whose keys fit."))
        self._placeholder()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
