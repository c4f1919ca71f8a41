"""The warning under the profile dialog's token field: a weak token falls to one captured push.

DingTalk's signature is a SHA-1 over the token and values anyone sees in the push, so a token of
digits only, or a short one, is found offline in seconds (docs/PROTOCOL.md §6). The warning offers a
generated token instead; only the token changes, so only the token must be re-entered in DingTalk.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from dingconsole.core.profiles import MIN_TOKEN_LENGTH, token_weakness

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
WARNING_STYLE = "color: #e65100"


class TokenWarning(QWidget):
    """Hidden for a strong token; for a weak one, why, and a button that asks for a generated token."""

    useGenerated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(WARNING_STYLE)
        self.button = QPushButton()
        self.button.clicked.connect(self.useGenerated)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hint, 1)
        row.addWidget(self.button)
        self._token = ""
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.button.setText(translate("ProfilesDialog", "Use a generated token"))
        self.check(self._token)

    def check(self, token: str) -> bool:
        """Show the warning for `token` (or clear it); True when the token is weak."""
        self._token = token
        weakness = token_weakness(token)
        if weakness == "digits_only":
            self.hint.setText(
                translate(
                    "ProfilesDialog", "Weak token (only digits): one captured push reveals it offline in seconds."
                )
            )
        elif weakness == "too_short":
            text = translate(
                "ProfilesDialog", "Weak token (under %1 characters): one captured push reveals it offline in seconds."
            )
            self.hint.setText(text.replace("%1", str(MIN_TOKEN_LENGTH)))
        else:
            self.hint.setText("")
        return weakness is not None
