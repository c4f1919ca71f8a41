"""The main window: menus, the listener and Stream toolbars, the Events, Workbench and Send tabs, and
the status line (gui/status_line.py).

The window builds everything it shows itself (`_build_tabs`, `_build_toolbars`, `_build_menus`) and
routes the event table's "open in workbench" and "replay" to the other tabs; the Language menu
installs the Qt translators (i18n.manager), so every open widget retranslates through
QEvent.LanguageChange while the data-made texts follow `follow_language`.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import ProfileError, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui import detail_texts, event_actions, i18n, settings, startup
from dingconsole.gui.banner import Banner
from dingconsole.gui.event_model import EventTableModel
from dingconsole.gui.events_view import EventsView
from dingconsole.gui.export_dialog import ExportDialog, ImportJob, import_events, import_folder
from dingconsole.gui.help_dialog import AboutBox, HelpDialog
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.listener_controls import ListenerControls
from dingconsole.gui.other_writers import OtherWriters
from dingconsole.gui.profiles_dialog import ProfilesDialog
from dingconsole.gui.profiles_watch import ProfilesWatcher
from dingconsole.gui.send_tab import SendTab
from dingconsole.gui.status_line import StatusLine
from dingconsole.gui.store_ui import StoreUi
from dingconsole.gui.stream_controls import StreamControls
from dingconsole.gui.workbench import WorkbenchTab

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
        host: str | None = None,
        port: int | None = None,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        # every part falls back to something usable: the window always opens, a banner says what is wrong
        parts = startup.open_parts(profiles, store)
        self.settings = parts.settings
        self.lang = lang or settings.read_str(self.settings, "language", "en")
        self.profiles = parts.profiles
        self._profiles_broken = parts.profiles_broken  # never save over a file we could not read
        self._owns_store = store is None
        self.store = parts.store
        # host and port: the flags when given, else what the window remembered
        host = host if host is not None else settings.read_str(self.settings, "listenerHost", "127.0.0.1")
        port = port if port is not None else settings.read_int(self.settings, "listenerPort", 0)
        self.bridge = ListenerBridge(parent=self)
        self.model = EventTableModel(self.store, lang=self.lang, parent=self, worker=True)  # queries off the GUI thread
        self._closed = False

        self.events = EventsView(self.model)
        self.events.set_profiles(self.profiles.names())
        self.details = self.events.details
        self.details.profiles_source = lambda: list(self.profiles)
        self._build_toolbars(host, port)
        self._build_tabs()
        self.actions_ = event_actions.EventActions(self, self.events, self.controls, self.profiles)
        self.status = StatusLine(self.statusBar(), self.store, self.controls, self.profiles, self.model, self.events)
        self.store_ui = StoreUi(self.store, self.events, self.statusBar(), self.settings)  # retention, pins, size
        self.store_ui.on_trimmed = self._trimmed
        self._build_menus()

        self.bridge.batchReady.connect(self._on_batch)
        self.controls.stateChanged.connect(lambda _running: self.status.update())
        self.controls.startFailed.connect(self._start_failed)
        self.controls.clear_action.triggered.connect(self.clear_events)
        self.controls.pause_action.toggled.connect(self._set_paused)
        self.controls.profileChanged.connect(lambda _name: self.status.update())
        self.controls.profileChanged.connect(self.workbench.follow_active)
        self.model.modelReset.connect(self.status.update)  # filters changed: the empty-table text follows
        self.details.openInWorkbench.connect(self.open_in_workbench)
        self.details.replay_action.triggered.connect(self.replay_selected)
        self.controls.export_action.triggered.connect(lambda: self.open_export(filtered=True))
        self.controls.addressChanged.connect(self._remember_address)
        self._prefilled_url = ""  # the listener URL put into the Send tab (replaced while untouched)
        self.controls.stateChanged.connect(self._prefill_send_url)
        self.controls.stateChanged.connect(self._listener_state)
        for problem in parts.problems:
            self.banner.show_problem(problem.key, problem.text)
        font = startup.font_problem(i18n.manager().data_lang())
        if font is not None:
            self.banner.show_problem(font.key, font.text)
        # `dingconsole profile …` while the window runs: every tab follows the file on disk
        self.profiles_watch = ProfilesWatcher(self.profiles.path, self)
        self.profiles_watch.changed.connect(self.profiles_changed)
        self.model.busyChanged.connect(self._query_busy)
        self.model.queryFailed.connect(lambda message: self.statusBar().showMessage(message, 15000))
        self.model.fetchMore()  # the newest page of earlier runs (on the worker); the rest loads on scrolling
        # rows a `dingconsole serve` sharing this store records reach no bridge: polled (data_version)
        self.other_writers = OtherWriters(
            self.store, self._from_other_writer, self._shared_store, lambda: self.controls.running, self
        )
        self._restore_state()
        self._follow_translators()
        self.retranslateUi()

    # -- builders --------------------------------------------------------------------------------

    def _build_toolbars(self, host: str, port: int) -> None:
        self.controls = ListenerControls(self.profiles, self.store, self.bridge, host=host, port=port, parent=self)
        self.addToolBar(self.controls)
        # Stream mode and DingTalk's failed-push list feed the same bridge (and table) as HTTP pushes
        self.stream_controls = StreamControls(
            self.profiles,
            self.store,
            self.bridge,
            current_profile=self.controls.profile_combo.currentText,
            parent=self,
        )
        # its own line: beside the listener toolbar it was pushed behind the `»` menu at 1280 px
        self.addToolBarBreak()
        self.addToolBar(self.stream_controls)

    def _build_tabs(self) -> None:
        self.workbench = WorkbenchTab(self.profiles)
        self.send = SendTab(self.profiles)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        for tab in (self.events, self.workbench, self.send):
            self.tabs.addTab(tab, "")
        for tab in (self.workbench, self.send):
            tab.windowTitleChanged.connect(self._tab_titles)
        self.banner = Banner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _follow_translators(self) -> None:
        """The Language menu installs Qt's translators; whatever changes the language, data texts follow."""
        manager = i18n.manager()
        for code, action in self.language_actions.items():
            action.triggered.connect(lambda _checked=False, c=code: i18n.manager().set_language(c))
        if manager.data_lang() != self.lang and manager.data_lang() in self.language_actions:
            self.set_language(manager.data_lang())
        manager.languageChanged.connect(self.follow_language)

    # -- menus -----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.profiles_action = self.file_menu.addAction("", self.open_profiles)
        # one Export… entry (the toolbar's): its dialog offers selected, filtered or all events
        self.file_menu.addAction(self.controls.export_action)
        self.import_action = self.file_menu.addAction("", self.import_file)
        self.import_folder_action = self.file_menu.addAction("", self.import_fixtures_folder)
        self.retention_action = self.file_menu.addAction("", lambda: self.store_ui.open_dialog(self))
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
        self.guide_action = self.help_menu.addAction("", lambda: HelpDialog(self).show())
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
        self.import_action.setText(translate("MainWindow", "&Import events…"))
        self.import_folder_action.setText(translate("MainWindow", "Import &fixtures folder…"))
        self.retention_action.setText(translate("MainWindow", "&Retention…"))
        self.guide_action.setText(translate("MainWindow", "&Guide: setting up DingTalk"))
        self.tabs.setTabText(self.tabs.indexOf(self.events), translate("MainWindow", "Events"))
        self._tab_titles()
        self.controls.retranslateUi()
        self.events.retranslateUi(self.lang)
        self.actions_.retranslateUi()
        self.status.update()
        self.store_ui.refresh()  # the store size label, in the new language

    def _tab_titles(self, _title: str = "") -> None:
        for tab in (self.workbench, self.send):
            self.tabs.setTabText(self.tabs.indexOf(tab), tab.windowTitle())

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
        self._open_dialog = dialog  # its list follows changes made on disk while it is open
        return dialog

    def open_profiles(self) -> None:
        if self._profiles_broken:  # editing would save an empty list over the file the user must fix
            QMessageBox.information(
                self, translate("MainWindow", "Profiles"), self.banner.text("profiles") or str(self.profiles.path)
            )
            return
        dialog = self.profiles_dialog()
        dialog.exec()
        dialog.deleteLater()

    def profiles_changed(self) -> None:
        """The one place that brings every tab, combo box, the listener and the Stream toolbar in step
        with the profiles (after the dialog saved, or `dingconsole profile …` changed the file)."""
        try:
            self.profiles.reload()
        except (ProfileError, OSError) as exc:
            self._profiles_broken = True
            reason = (
                detail_texts.localise(exc.message) if isinstance(exc, ProfileError) else detail_texts.os_error_text(exc)
            )
            self.banner.show_problem(
                "profiles",
                translate(
                    "Startup",
                    "The profiles file cannot be read: %1 Fix or remove it — the window picks it up at once. "
                    "Until then no profile is loaded; the Workbench takes typed-in credentials.",
                ).replace("%1", reason),
            )
        else:
            if self._profiles_broken:
                self.banner.clear("profiles")
            self._profiles_broken = False
        self.profiles_watch.mark_seen()
        self.controls.reload_profiles()  # its selector, and the running listener's profiles
        self.events.set_profiles(self.profiles.names())
        self.send.reload_profiles()
        self.workbench.reload_profiles()  # the Stream toolbar reads the listener's selector
        dialog = getattr(self, "_open_dialog", None)
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reload()  # keeps the profile being edited (and its unsaved edits) selected
        self.status.update()

    def clear_events(self) -> None:
        answer = QMessageBox.question(
            self,
            translate("MainWindow", "Clear events"),
            translate("MainWindow", "Delete all %1 captured events?").replace("%1", str(self.status.event_count)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_now()

    def clear_now(self) -> None:
        self.bridge.flush()
        self.store.clear()
        self.other_writers.reset()
        self.events.clear_rows()  # the panes say the selected event was deleted
        self.status.reset()

    def show_about(self) -> None:
        """The About box (version, purpose, licence); it retranslates itself while open."""
        box = AboutBox(self)
        box.exec()
        box.deleteLater()

    def _start_failed(self, reason: str) -> None:
        reason = detail_texts.bind_error(reason)  # the listener's bind error, in the UI language, no CLI advice
        self.statusBar().showMessage(translate("MainWindow", "The listener did not start: %1").replace("%1", reason))
        where = f"{self.controls.host}:{self.controls.port or 0}"
        self.banner.show_problem(
            "listener",
            translate(
                "MainWindow",
                "The listener could not start on %1: %2. Choose another port in the toolbar (any port: a free "
                "one) and press Start. Earlier events, the Workbench and the Send tab work meanwhile.",
            )
            .replace("%1", where)
            .replace("%2", reason),
        )

    def _listener_state(self, running: bool) -> None:
        if running:
            self.banner.clear("listener")  # it started after all: the bind error is history

    def _prefill_send_url(self, running: bool) -> None:
        """The Send tab targets the running listener until the user types another URL."""
        url = self.controls.current_url() if running else ""
        if url and self.send.url.text().strip() in ("", self._prefilled_url):
            self.send.set_url(url)
            self._prefilled_url = url

    def _remember_address(self, host: str, port: int) -> None:
        self.settings.setValue("listenerHost", host)
        self.settings.setValue("listenerPort", port)

    def _set_paused(self, paused: bool) -> None:
        self.events.paused = paused

    # -- routes between tabs, dialogs ----------------------------------------------------------

    def open_in_workbench(self, exchange: Exchange) -> None:
        self.workbench.reload_profiles()
        self.workbench.open_exchange(exchange)
        self.tabs.setCurrentWidget(self.workbench)

    def replay_selected(self) -> None:
        exchange = self.details.exchange()
        if exchange is None:
            return
        self.send.reload_profiles()
        if self.controls.running and not self.send.url.text():
            self.send.set_url(self.controls.current_url())
        self.send.replay(exchange)
        self.tabs.setCurrentWidget(self.send)

    def open_export(self, *, filtered: bool) -> ExportDialog:
        selected = [e.id for e in self.events.selected_exchanges() if e.id is not None]
        # everything in the store that matches the table's filter, not only the rows paged in so far
        current = self.model.filter() if filtered else None
        dialog = ExportDialog(
            self.store, selected=selected, current_filter=current, profiles=self.profiles, parent=self
        )
        dialog.setModal(True)
        dialog.show()
        return dialog

    def import_file(self) -> None:
        self._watch_import(import_events(self, self.store))

    def import_fixtures_folder(self) -> None:
        self._watch_import(import_folder(self, self.store))

    def _watch_import(self, job: ImportJob | None) -> None:
        if job is not None:
            job.progress.connect(self.store_ui.import_progress)  # queued: the job runs on its own thread
            job.done.connect(lambda _result: self.store_ui.import_done())
            job.done.connect(self._imported)

    def _trimmed(self, rows: int) -> None:
        """Retention removed old events: the status line's count follows."""
        self.status.event_count = max(self.status.event_count - rows, 0)
        self.status.update()

    def _imported(self, result: dict) -> None:
        """Show imported events at once, through the same path as live ones (table rows and counters).
        A big import re-queries the table instead (on its worker) and adds to the count."""
        if result.get("ok") and result.get("count", 0) > len(result.get("ids", [])):
            self.status.event_count += int(result["count"])
            self.status.update()
            self.model.clear()
            self.model.fetchMore()
            return
        for exchange_id in result.get("ids", []) if result.get("ok") else []:
            exchange = self.store.get(exchange_id)
            if exchange is not None:
                self.bridge.observer(exchange)

    # -- live rows -------------------------------------------------------------------------------

    def _on_batch(self, batch: Sequence[Exchange]) -> None:
        self.events.add_batch(batch)  # the table shows those matching its filter...
        self.status.add(batch)  # ...the status line counts the whole store, as at start-up

    def _from_other_writer(self, batch: Sequence[Exchange]) -> None:
        """Rows another process (a `dingconsole serve` on this home) recorded: shown like live ones."""
        self.events.add_batch(batch)
        self.status.add(batch)

    def _shared_store(self) -> None:
        self.banner.show_problem(
            "shared_store",
            translate(
                "MainWindow",
                "Another listener records into this event store too (a “dingconsole serve” on the same home?): "
                "its events appear here beside this window's. Two listeners on one store is fine for reading, "
                "but DingTalk pushes to one URL: check which one it reaches.",
            ),
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
        self.stream_controls.shutdown()  # Stream connection and workers first: they write to the store
        self.send.shutdown()
        self.controls.stop()
        self.actions_.wait()
        self.bridge.flush()
        self.model.shutdown()  # the table's query worker reads the store
        self.other_writers.stop()
        if self._owns_store:
            self.store.close()

    def _query_busy(self, busy: bool) -> None:
        """A table query started or ended: "searching…" meanwhile; the newest stored event's time once known."""
        if not busy and self.status.last_event is None and self.model.rowCount() and not self.model.filter().text:
            self.status.last_event = self.model.exchange(0).received_at
        self.status.update()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
