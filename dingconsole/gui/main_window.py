"""The main window: menus, the listener toolbar, a tab widget (Events now; Workbench and Send later),
and a status bar with the listener's state, port, event and error counts and the last event's time.

Extension points for the workbench/send/i18n work: `self.tabs` (add tabs), the `file_menu`,
`view_menu`, `language_menu` and `help_menu`, `retranslateUi()` (re-applies every string), and
`details.openInWorkbench(exchange)`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store import filter as event_filter
from dingconsole.gui import event_actions, settings, window_extras
from dingconsole.gui.event_model import EventTableModel
from dingconsole.gui.events_view import EventsView
from dingconsole.gui.help_dialog import AboutBox
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.listener_controls import ListenerControls
from dingconsole.gui.profiles_dialog import ProfilesDialog

ERROR_OUTCOMES = (Outcome.FAILED, Outcome.INVALID)
LANGUAGES = (("en", "English"), ("zh", "简体中文"))
# 1: the Stream toolbar on its own line (saved states of version 0 put it behind the listener's `»`)
WINDOW_STATE_VERSION = 1


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class MainWindow(QMainWindow):
    def __init__(
        self,
        *,
        profiles: ProfileStore | None = None,
        store: EventStore | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings.open_settings()
        self.lang = lang or settings.read_str(self.settings, "language", "en")
        self.profiles = profiles if profiles is not None else ProfileStore()
        self._owns_store = store is None
        self.store = store if store is not None else EventStore()
        self.bridge = ListenerBridge(parent=self)
        self.model = EventTableModel(self.store, lang=self.lang, parent=self)
        self._event_count = self.store.count()
        self._error_count = self.store.count(EventFilter(outcomes=ERROR_OUTCOMES))
        self._last_event: float | None = None
        self._closed = False

        self.controls = ListenerControls(self.profiles, self.store, self.bridge, host=host, port=port, parent=self)
        self.addToolBar(self.controls)
        self.events = EventsView(self.model)
        self.events.set_profiles(self.profiles.names())
        self.details = self.events.details
        self.details.profiles_source = lambda: list(self.profiles)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.events, "")
        self.setCentralWidget(self.tabs)
        self.actions_ = event_actions.EventActions(self, self.events, self.controls, self.profiles)

        self.state_label, self.port_label, self.count_label, self.last_label = QLabel(), QLabel(), QLabel(), QLabel()
        for label in (self.state_label, self.port_label, self.count_label, self.last_label):
            self.statusBar().addPermanentWidget(label)

        self._build_menus()
        self.bridge.batchReady.connect(self._on_batch)
        self.controls.stateChanged.connect(lambda _running: self._update_status())
        self.controls.startFailed.connect(self._start_failed)
        self.controls.clear_action.triggered.connect(self.clear_events)
        self.controls.pause_action.toggled.connect(self._set_paused)
        self.controls.profileChanged.connect(lambda _name: self._update_status())
        self.model.modelReset.connect(self._update_status)  # filters changed: the empty-table text follows
        self.model.fetchMore()  # the newest page of earlier runs; the rest loads as the user scrolls
        if self.model.rowCount():
            self._last_event = self.model.exchange(0).received_at
        self._restore_state()
        self.retranslateUi()
        self.extras = window_extras.install(self)  # workbench, send, export/import, guide, translators

    # -- menus -----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.profiles_action = self.file_menu.addAction("", self.open_profiles)
        self.file_menu.addAction(self.controls.export_action)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.view_menu = bar.addMenu("")
        self.newest_bottom_action = self.view_menu.addAction("")
        self.newest_bottom_action.setCheckable(True)
        self.newest_bottom_action.toggled.connect(lambda bottom: self.events.set_newest_on_top(not bottom))
        self.view_menu.addAction(self.controls.pause_action)

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES:
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.lang)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.about_action = self.help_menu.addAction("", self.show_about)

    def retranslateUi(self) -> None:
        """Re-apply every user-visible string (called again when the language changes)."""
        self.setWindowTitle(translate("MainWindow", "DingConsole — DingTalk callback console"))
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.language_menu.setTitle(translate("MainWindow", "&Language"))
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        self.profiles_action.setText(translate("MainWindow", "&Profiles…"))
        self.quit_action.setText(translate("MainWindow", "&Quit"))
        self.newest_bottom_action.setText(translate("MainWindow", "Newest events at the bottom"))
        self.about_action.setText(translate("MainWindow", "&About DingConsole"))
        self.tabs.setTabText(self.tabs.indexOf(self.events), translate("MainWindow", "Events"))
        self.controls.retranslateUi()
        self.events.retranslateUi(self.lang)
        self.actions_.retranslateUi()
        self._update_status()

    def set_language(self, lang: str) -> None:
        """Switch the labels computed from data (event types); Qt translators are installed by the app."""
        self.settings.setValue("language", lang)
        self.follow_language(lang)

    def follow_language(self, lang: str) -> None:
        """Re-render everything computed from data in `lang` without remembering it (the i18n manager's
        `languageChanged` lands here): event labels, summaries, outcome texts, the detail header."""
        self.lang = lang
        if lang in self.language_actions:
            self.language_actions[lang].setChecked(True)
        self.model.set_language(lang)
        self.events.retranslateUi(lang)  # filter combos and the detail header; Qt's LanguageChange does the rest

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- actions ---------------------------------------------------------------------------------

    def profiles_dialog(self) -> ProfilesDialog:
        """The Profiles dialog wired to this window (its delete question knows the running listener)."""
        dialog = ProfilesDialog(self.profiles, self, served_url=self.controls.served_url)
        dialog.profilesChanged.connect(self.profiles_changed)
        return dialog

    def open_profiles(self) -> None:
        dialog = self.profiles_dialog()
        dialog.exec()
        dialog.deleteLater()

    def profiles_changed(self) -> None:
        self.controls.reload_profiles()
        self.events.set_profiles(self.profiles.names())
        self._update_status()

    def clear_events(self) -> None:
        answer = QMessageBox.question(
            self,
            translate("MainWindow", "Clear events"),
            translate("MainWindow", "Delete all %1 captured events?").replace("%1", str(self._event_count)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_now()

    def clear_now(self) -> None:
        self.bridge.flush()
        self.store.clear()
        self.model.clear()
        self.details.set_exchange(None)
        self._event_count = self._error_count = 0
        self._last_event = None
        self._update_status()

    def show_about(self) -> None:
        """The About box (version, purpose, licence); it retranslates itself while open."""
        box = AboutBox(self)
        box.exec()
        box.deleteLater()

    def _start_failed(self, reason: str) -> None:
        self.statusBar().showMessage(translate("MainWindow", "The listener did not start: %1").replace("%1", reason))

    def _set_paused(self, paused: bool) -> None:
        self.events.paused = paused

    # -- live rows -------------------------------------------------------------------------------

    def _on_batch(self, batch: Sequence[Exchange]) -> None:
        self.events.add_batch(batch)  # the table shows those matching its filter...
        self._event_count += len(batch)  # ...the status bar counts the whole store, as at start-up
        self._error_count += sum(1 for ex in batch if ex.outcome in ERROR_OUTCOMES)
        if batch:
            self._last_event = max(ex.received_at for ex in batch)
        self._update_status()

    def _update_status(self) -> None:
        running = self.controls.running
        listener = self.controls.listener
        self.state_label.setText(
            translate("MainWindow", "● listening") if running else translate("MainWindow", "○ stopped")
        )
        self.state_label.setStyleSheet("color: #2e7d32" if running else "color: #757575")
        self.port_label.setText(
            translate("MainWindow", "port %1").replace("%1", str(listener.port)) if listener else ""
        )
        self.count_label.setText(
            translate("MainWindow", "%1 events, %2 errors")
            .replace("%1", str(self._event_count))
            .replace("%2", str(self._error_count))
        )
        last = time.strftime("%H:%M:%S", time.localtime(self._last_event)) if self._last_event else "–"
        self.last_label.setText(translate("MainWindow", "last event %1").replace("%1", last))
        self.events.table.set_empty_text(self._empty_text())
        if listener is not None and listener.warning:
            self.statusBar().showMessage(listener.warning)

    def _empty_text(self) -> str:
        """Guidance for an empty table: a new user has no profile and no idea where to start."""
        if not self.profiles.names():
            return translate(
                "MainWindow",
                "No profile yet. Open File → Profiles… and add the owner key (AppKey, CorpId or suiteKey), "
                "token and aesKey of your DingTalk app — or generate a fresh token and aesKey there. "
                "Then start the listener and paste its URL into the event subscription page.",
            )
        if not event_filter.is_empty(self.model.filter()):
            return translate("MainWindow", "No event matches the filters.")
        if not self.controls.running:
            return translate("MainWindow", "No events yet. Start the listener to receive DingTalk pushes.")
        return translate(
            "MainWindow",
            "No events yet. Paste the listening URL into DingTalk's event subscription page (Help → "
            "Guide: setting up DingTalk explains how to expose it), or send a test push from the Send tab.",
        )

    # -- state -----------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = settings.read_bytes(self.settings, "geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        state = settings.read_bytes(self.settings, "windowState")
        if state is not None:
            self.restoreState(state, WINDOW_STATE_VERSION)  # an older layout is dropped, not forced
        for key, splitter in (
            ("eventsSplitter", self.events.splitter),
            ("messageSplitter", self.details.message_splitter),
        ):
            saved = settings.read_bytes(self.settings, key)
            if saved is not None:
                splitter.restoreState(saved)
        header = settings.read_bytes(self.settings, "tableHeader")
        if header is not None:
            self.events.table.horizontalHeader().restoreState(header)
        if settings.read_bool(self.settings, "newestAtBottom", False):
            self.newest_bottom_action.setChecked(True)

    def save_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState(WINDOW_STATE_VERSION))
        self.settings.setValue("eventsSplitter", self.events.splitter.saveState())
        self.settings.setValue("messageSplitter", self.details.message_splitter.saveState())
        self.settings.setValue("tableHeader", self.events.table.horizontalHeader().saveState())
        self.settings.setValue("newestAtBottom", self.newest_bottom_action.isChecked())
        if self.profiles.active:
            self.settings.setValue("profile", self.profiles.active)
        self.settings.sync()

    def shutdown(self) -> None:
        """Stop the listener (committing in-flight pushes), save state, close the store. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.save_state()
        self.extras.shutdown()  # Stream connection and workers first: they write to the store
        self.controls.stop()
        self.actions_.wait()
        self.bridge.flush()
        if self._owns_store:
            self.store.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
