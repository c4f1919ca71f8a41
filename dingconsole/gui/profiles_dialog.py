"""Add, edit, duplicate and delete credential profiles, with validation as the user types.

The checks are the core's own (parse_aes_key, owner_key_kind, profiles.validate), so the dialog never
disagrees with the CLI; their texts are rebuilt in the UI language from the error's code and params.
"Test" seals a sample push with the profile and opens it again, proving the token, aesKey and owner
key fit together.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core.crypto import generate_aes_key, generate_token, parse_aes_key
from dingconsole.core.diagnose import Status, Step
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile, ProfileStore, validate
from dingconsole.gui import hints, step_details
from dingconsole.gui.plain import make_plain
from dingconsole.gui.token_warning import TokenWarning

OK_STYLE = "color: #2e7d32"
ERROR_STYLE = "color: #c62828"


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def prove_profile(profile: Profile) -> str:
    """Seal a sample check_url push with `profile` and open it again; return what was proven.

    Raises DingError when the profile cannot do it (so the dialog shows the core's own message).
    """
    crypto = profile.crypto()
    message = json.dumps({"EventType": "check_url"})
    sealed = crypto.seal(message)
    query = {"msg_signature": sealed["msg_signature"], "timestamp": sealed["timeStamp"], "nonce": sealed["nonce"]}
    opened = crypto.open_request(query, {"encrypt": sealed["encrypt"]})
    reply = crypto.seal("success")
    crypto.verify(reply["msg_signature"], reply["timeStamp"], reply["nonce"], reply["encrypt"])
    if opened.message != message or crypto.decrypt(reply["encrypt"]).message != "success":
        raise DingError("the sample did not survive a round trip", "This is a bug; please report it.")
    return translate("ProfilesDialog", "✔ Sealed and opened a sample push and a reply (owner key %1).").replace(
        "%1", opened.owner_key or "–"
    )


def masked_at(secret: str, position: int) -> str:
    """The secret as dots with only the offending character (1-based `position`) shown: `•••[-]•••`."""
    index = position - 1
    if not 0 <= index < len(secret):
        return ""
    return "•" * index + f"[{secret[index]}]" + "•" * (len(secret) - index - 1)


class ProfilesDialog(QDialog):
    """The profile list on the left, the selected profile's form on the right."""

    profilesChanged = Signal()

    def __init__(
        self,
        store: ProfileStore,
        parent: QWidget | None = None,
        *,
        served_url: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        # profile name → the URL the running listener answers it at (None: not served right now)
        self._served_url = served_url or (lambda name: None)
        self._editing: str | None = None  # the stored name being edited; None for a new profile
        self.list = QListWidget()
        self.list.currentTextChanged.connect(self._select)
        self.add_button = QPushButton()
        self.duplicate_button = QPushButton()
        self.delete_button = QPushButton()
        self.add_button.clicked.connect(self.new_profile)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.delete_button.clicked.connect(self.delete_current)

        self.name = QLineEdit()
        self.owner_key = QLineEdit()
        self.token = QLineEdit()
        self.aes_key = QLineEdit()
        self.app_secret = QLineEdit()
        # ISV suites only (shown for a suiteKey): the failed-push list's corp token needs them
        self.suite_ticket = QLineEdit()
        self.auth_corp_id = QLineEdit()
        self.permanent_code = QLineEdit()
        self.note = QLineEdit()
        self.callback_path = QLineEdit()
        self.owner_hint = QLabel()
        self.aes_hint = QLabel()
        self.status = QLabel()
        for label in (self.owner_hint, self.aes_hint, self.status):
            label.setWordWrap(True)
        make_plain(self.status)  # the test's result quotes what the sealed sample opened to
        self.token_warning = TokenWarning()  # a weak token falls to one captured push
        self.token_warning.useGenerated.connect(self.generate_token_only)
        self.reveal = QCheckBox()
        self.reveal.toggled.connect(self._reveal)
        self.generate_button = QPushButton()
        self.generate_button.clicked.connect(self.generate_secrets)
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.run_test)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        for edit in (
            self.name,
            self.owner_key,
            self.token,
            self.aes_key,
            self.app_secret,
            self.suite_ticket,
            self.auth_corp_id,
            self.permanent_code,
            self.note,
            self.callback_path,
        ):
            edit.textChanged.connect(self._validate)

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        left.addLayout(buttons)
        # QFormLayout.addRow("", field) creates no label at all: give each field a QLabel to retranslate
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.name)
        self.form.addRow(QLabel(), self.owner_key)
        self.form.addRow("", self.owner_hint)
        self.form.addRow(QLabel(), self.token)
        self.form.addRow("", self.token_warning)
        self.form.addRow(QLabel(), self.aes_key)
        self.form.addRow("", self.aes_hint)
        self.form.addRow(QLabel(), self.app_secret)
        for edit in (self.suite_ticket, self.auth_corp_id, self.permanent_code):
            self.form.addRow(QLabel(), edit)
        self.form.addRow(QLabel(), self.callback_path)
        self.form.addRow(QLabel(), self.note)
        self.form.addRow("", self.reveal)
        actions = QHBoxLayout()
        for button in (self.generate_button, self.test_button, self.save_button):
            actions.addWidget(button)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addLayout(actions)
        right.addWidget(self.status)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.rejected.connect(self.reject)  # reject() asks about unsaved edits first
        # a stable layout: hint lines keep their room (two lines) whether or not they say anything
        for label in (self.owner_hint, self.aes_hint, self.status):
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = self.token_warning.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.token_warning.setSizePolicy(policy)
        outer = QVBoxLayout(self)
        outer.addLayout(body)
        outer.addWidget(self.close_box)

        self._reveal(False)
        self.retranslateUi()
        self.reload()
        self.resize(780, 440)

    def retranslateUi(self) -> None:
        self.setWindowTitle(translate("ProfilesDialog", "Profiles"))
        self.add_button.setText(translate("ProfilesDialog", "Add"))
        self.duplicate_button.setText(translate("ProfilesDialog", "Duplicate"))
        self.delete_button.setText(translate("ProfilesDialog", "Delete"))
        self.reveal.setText(translate("ProfilesDialog", "Show secrets"))
        self.generate_button.setText(translate("ProfilesDialog", "Generate token and aesKey"))
        self.generate_button.setToolTip(
            translate("ProfilesDialog", "Fresh random values, for setting up a new app in the DingTalk console")
        )
        self.test_button.setText(translate("ProfilesDialog", "Test"))
        self.test_button.setToolTip(
            translate("ProfilesDialog", "Seal a sample push with this profile and open it again")
        )
        self.save_button.setText(translate("ProfilesDialog", "Save"))
        self.token_warning.retranslateUi()
        labels = (
            (self.name, translate("ProfilesDialog", "Name")),
            (self.owner_key, translate("ProfilesDialog", "Owner key")),
            (self.token, translate("ProfilesDialog", "Token")),
            (self.aes_key, translate("ProfilesDialog", "aesKey")),
            (self.app_secret, translate("ProfilesDialog", "App secret")),
            (self.suite_ticket, translate("ProfilesDialog", "Suite ticket")),
            (self.auth_corp_id, translate("ProfilesDialog", "Authorising CorpId")),
            (self.permanent_code, translate("ProfilesDialog", "Permanent code")),
            (self.callback_path, translate("ProfilesDialog", "Callback path")),
            (self.note, translate("ProfilesDialog", "Note")),
        )
        for widget, text in labels:
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setText(text)
        self.owner_key.setPlaceholderText(translate("ProfilesDialog", "AppKey (Client ID), CorpId or suiteKey"))
        self.aes_key.setPlaceholderText(translate("ProfilesDialog", "43 letters and digits"))
        self.callback_path.setPlaceholderText(translate("ProfilesDialog", "optional, e.g. /api/callback"))
        isv = translate("ProfilesDialog", "ISV suites: for the failed-push list")
        for edit in (self.suite_ticket, self.auth_corp_id, self.permanent_code):
            edit.setPlaceholderText(isv)
        self._validate()

    def changeEvent(self, event: QEvent) -> None:
        # without it, switching the language while the dialog was open left it in the old language
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- list ------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        current = select or self._editing or self.store.active
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems(self.store.names())
        self.list.blockSignals(False)
        matches = self.list.findItems(current or "", Qt.MatchFlag.MatchExactly) if current else []
        if matches:
            self.list.setCurrentItem(matches[0])
            self._select(matches[0].text())
        elif self.list.count():
            self.list.setCurrentRow(0)
            self._select(self.list.item(0).text())
        else:
            self.new_profile()
        self.duplicate_button.setEnabled(self._editing is not None)
        self.delete_button.setEnabled(self._editing is not None)

    def _select(self, name: str) -> None:
        if not name or name not in self.store or name == self._editing:
            return
        if not self._settle_unsaved():  # Cancel: stay on the profile being edited
            self._select_in_list(self._editing)
            return
        self._editing = name
        self._load(self.store.get(name))
        self.duplicate_button.setEnabled(True)
        self.delete_button.setEnabled(True)

    def _load(self, profile: Profile) -> None:
        self.name.setText(profile.name)
        self.owner_key.setText(profile.owner_key)
        self.token.setText(profile.token)
        self.aes_key.setText(profile.aes_key)
        self.app_secret.setText(profile.app_secret)
        self.suite_ticket.setText(profile.suite_ticket)
        self.auth_corp_id.setText(profile.auth_corp_id)
        self.permanent_code.setText(profile.permanent_code)
        self.note.setText(profile.note)
        self.callback_path.setText(profile.callback_path)
        self.status.clear()
        self._validate()

    def _select_in_list(self, name: str | None) -> None:
        self.list.blockSignals(True)
        matches = self.list.findItems(name or "", Qt.MatchFlag.MatchExactly) if name else []
        if matches:
            self.list.setCurrentItem(matches[0])
        else:
            self.list.clearSelection()
        self.list.blockSignals(False)

    # -- unsaved edits ---------------------------------------------------------------------------

    def has_unsaved_edits(self) -> bool:
        """The form differs from the stored profile (or, for a new one, holds any key or secret)."""
        form = self.profile_from_form()
        if self._editing is None or self._editing not in self.store:
            return any((form.owner_key, form.token, form.aes_key, form.app_secret, form.note, form.callback_path))
        return form != self.store.get(self._editing)

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (a method, so tests can answer it)."""
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(
            self,
            translate("ProfilesDialog", "Unsaved changes"),
            translate("ProfilesDialog", "The profile “%1” has unsaved changes. Save them?").replace(
                "%1", self.name.text().strip() or "–"
            ),
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )

    def _settle_unsaved(self) -> bool:
        """True when it is fine to leave the form: nothing unsaved, saved now, or discarded."""
        if not self.has_unsaved_edits():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Close (and Esc, and the window's ×) ask about unsaved edits instead of dropping them."""
        if self._settle_unsaved():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settle_unsaved():
            event.accept()
        else:
            event.ignore()

    def new_profile(self) -> None:
        if self.list.count() and not self._settle_unsaved():
            return
        self._editing = None
        self.list.clearSelection()
        base, n = "profile", 1
        while f"{base}{n}" in self.store:
            n += 1
        self._load(Profile(name=f"{base}{n}", owner_key="", token="", aes_key=""))
        self.duplicate_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.name.setFocus()

    def duplicate_current(self) -> None:
        if self._editing is None:
            return
        n = 2
        while f"{self._editing}-{n}" in self.store:
            n += 1
        copy = self.store.duplicate(self._editing, f"{self._editing}-{n}")
        self._after_change(copy.name, translate("ProfilesDialog", "Duplicated as %1.").replace("%1", copy.name))

    def delete_current(self) -> None:
        if self._editing is None:
            return
        name = self._editing
        if not self._confirm_delete(name):
            return
        self.store.remove(name)
        self._editing = None
        self._load(Profile(name="", owner_key="", token="", aes_key=""))  # gone: nothing left unsaved
        self._after_change(None, translate("ProfilesDialog", "Deleted %1.").replace("%1", name))

    def _confirm_delete(self, name: str) -> bool:
        """Deleting drops credentials nobody may have written down: ask first (default No), and say
        so when the running listener is answering DingTalk with this profile."""
        question = translate("ProfilesDialog", "Delete the profile “%1”? Its token and aesKey are lost.")
        question = question.replace("%1", name)
        url = self._served_url(name)
        if url:
            warning = translate(
                "ProfilesDialog",
                "The running listener answers DingTalk with this profile at %1; "
                "pushes sent there will fail after it is deleted.",
            )
            question += "\n\n" + warning.replace("%1", url)
        answer = QMessageBox.question(
            self,
            translate("ProfilesDialog", "Delete profile"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _after_change(self, select: str | None, message: str) -> None:
        self.reload(select)
        self._show(message, ok=True)
        self.profilesChanged.emit()

    # -- form ------------------------------------------------------------------------------------

    def profile_from_form(self) -> Profile:
        return Profile(
            name=self.name.text().strip(),
            owner_key=self.owner_key.text().strip(),
            token=self.token.text().strip(),
            aes_key=self.aes_key.text().strip(),
            note=self.note.text(),
            callback_path=self.callback_path.text().strip(),
            app_secret=self.app_secret.text().strip(),
            suite_ticket=self.suite_ticket.text().strip(),
            auth_corp_id=self.auth_corp_id.text().strip(),
            permanent_code=self.permanent_code.text().strip(),
        )

    def _validate(self) -> bool:
        """Update the hints; return whether the form holds a profile the core accepts."""
        owner = self.owner_key.text().strip()
        suite = owner.startswith("suite")  # the ISV fields matter (and show) for a suiteKey only
        for edit in (self.suite_ticket, self.auth_corp_id, self.permanent_code):
            self.form.setRowVisible(edit, suite)
        self.owner_hint.setText(
            translate("ProfilesDialog", "This looks like %1.").replace("%1", step_details.owner_key_kind(owner))
            if owner
            else ""
        )
        aes = self.aes_key.text().strip()
        try:
            parse_aes_key(aes)
        except DingError as exc:
            fault = Step("aes_key", Status.FAILED, exc.message, exc.hint, exc.code, exc.params)
            text = (
                step_details.step_detail(fault)  # the core's English, rebuilt in the UI language
                if aes
                else translate("ProfilesDialog", "Required: the encodingAesKey, 43 characters.")
            )
            position = exc.params.get("position")
            if isinstance(position, int) and self.aes_key.echoMode() != QLineEdit.EchoMode.Normal:
                text += "\n" + masked_at(aes, position)  # where it is, though the secret stays hidden
            self.aes_hint.setText(text)
            self.aes_hint.setStyleSheet(ERROR_STYLE)
        else:
            self.aes_hint.setText(translate("ProfilesDialog", "✔ a valid 32-byte key"))
            self.aes_hint.setStyleSheet(OK_STYLE)
        self.form.setRowVisible(self.token_warning, self.token_warning.check(self.token.text().strip()))
        error = self.validation_error()
        self.save_button.setEnabled(error is None)
        self.test_button.setEnabled(error is None)
        self.save_button.setToolTip(error or "")
        return error is None

    def validation_error(self) -> str | None:
        try:
            validate(self.profile_from_form())
        except DingError as exc:
            return exc.message
        return None

    def generate_token_only(self) -> None:
        """A strong token in place of a weak one (the aesKey stays: only the token changes in DingTalk)."""
        self.token.setText(generate_token())
        self.reveal.setChecked(True)
        text = translate("ProfilesDialog", "Generated a fresh token; enter it in the DingTalk console too.")
        self._show(text, ok=True)

    def generate_secrets(self) -> None:
        self.token.setText(generate_token())
        self.aes_key.setText(generate_aes_key())
        self.reveal.setChecked(True)
        self._show(
            translate("ProfilesDialog", "Generated a fresh token and aesKey; enter them in the DingTalk console too."),
            ok=True,
        )

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for edit in (self.token, self.aes_key, self.app_secret, self.permanent_code):
            edit.setEchoMode(mode)
        self._validate()  # the aesKey hint shows the offending character itself only while masked

    def run_test(self) -> None:
        try:
            self._show(prove_profile(self.profile_from_form()), ok=True)
        except DingError as exc:  # the core's English, rebuilt in the UI language from its code and params
            fault = Step(exc.code, Status.FAILED, exc.message, exc.hint, exc.code, exc.params)
            hint = hints.error_hint(exc.code, exc.params, exc.hint)
            self._show(f"✘ {step_details.step_detail(fault)}" + (f"\n{hint}" if hint else ""), ok=False)

    def save(self) -> bool:
        profile = self.profile_from_form()
        if profile.name != self._editing and profile.name in self.store:
            self._show(
                translate("ProfilesDialog", "✘ A profile named %1 exists; choose another name.").replace(
                    "%1", profile.name
                ),
                ok=False,
            )
            return False
        try:
            if self._editing is None:
                self.store.add(profile)
            else:
                existing = self.store.get(self._editing)
                if existing == profile:
                    self._show(translate("ProfilesDialog", "No changes."), ok=True)
                    return True
                self.store.rename(self._editing, profile)
        except DingError as exc:
            self._show(f"✘ {exc.message}", ok=False)
            return False
        self._editing = profile.name
        self._after_change(profile.name, translate("ProfilesDialog", "Saved %1.").replace("%1", profile.name))
        return True

    def _show(self, text: str, *, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
