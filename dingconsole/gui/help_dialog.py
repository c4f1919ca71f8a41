"""Help → Guide: configuring DingTalk with the console (which key is the owner key, exposing the
listener, the URL check), and Help → About with the version. Both follow the UI language: the guide
is one translatable HTML text, so the .ts carries its Chinese version."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from dingconsole import __version__


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)
        self.retranslateUi()

    def guide_html(self) -> str:
        return self.tr(
            "<h2>Setting up DingTalk with DingConsole</h2>"
            "<h3>1. Make a profile</h3>"
            "<p>A profile holds what DingTalk's event subscription page shows: the <b>token</b>, the "
            "<b>aesKey</b> (encodingAESKey, 43 letters and digits) and the <b>owner key</b> — the key DingTalk "
            "puts at the end of every encrypted payload:</p>"
            "<ul><li>apps configured in the developer console: the app's <b>AppKey</b> (Client ID, "
            "<code>ding…</code>);</li>"
            "<li>enterprise apps registered with the old <code>register_call_back</code> API: the <b>CorpId</b>;</li>"
            "<li>third-party (ISV) apps: the <b>suiteKey</b>.</li></ul>"
            "<p>Not sure? Paste a captured push into the Workbench: once it decrypts, the console shows the key it "
            "was made for.</p>"
            "<h3>2. Expose the listener</h3>"
            "<p>DingTalk's servers must reach the callback URL. The listener binds to 127.0.0.1 by default, which "
            "only this computer can reach. Either bind it to 0.0.0.0 (all interfaces) on a machine with a public "
            "address, or keep 127.0.0.1 and run a tunnel (for example a reverse proxy or a tunnelling service) that "
            "forwards a public HTTPS URL to the listener's port. DingTalk does not follow redirects: register the "
            "final URL, path included.</p>"
            "<h3>3. The URL check</h3>"
            "<p>When you save the callback URL, DingTalk sends a <code>check_url</code> event and expects the "
            "encrypted <code>success</code> reply within 1500 ms. The console answers it for the active profile; "
            "if DingTalk reports an error, look at the failed step in the Events tab.</p>"
            "<h3>4. Test your own handler</h3>"
            "<p>The Send tab plays DingTalk against any URL (once, duplicate, burst, DingTalk's retry schedule) and "
            "judges each reply as DingTalk does: HTTP 200, the fields <code>msg_signature</code>, "
            "<code>timeStamp</code>, <code>nonce</code>, <code>encrypt</code>, a valid signature, the word "
            "<code>success</code>, the owner key and the time.</p>"
        )

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("DingConsole guide"))
        self.browser.setHtml(self.guide_html())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class AboutBox(QMessageBox):
    """The About box: name, version and what the console is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Information)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("About DingConsole"))
        self.setText(self.tr("<b>DingConsole %1</b>").replace("%1", __version__))
        self.setInformativeText(
            self.tr(
                "A debugging console for DingTalk event callbacks: listen, decrypt, diagnose, send and export. "
                "Licensed under the MIT license."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
