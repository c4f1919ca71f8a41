"""Plugs the workbench, send tab, export/import dialogs, guide and translations into the main window.

Kept apart from main_window.py so that file stays the window's own: `install(window)` adds the
Workbench and Send tabs, routes "open in workbench" and "replay" from the event table to them, puts
Export…/Import…/Import fixtures folder… in the File menu (the toolbar's export opens the dialog with
the current filter), adds Help → Guide, and makes the Language menu install the Qt translators (i18n.manager), so every
open widget retranslates through QEvent.LanguageChange.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction

from dingconsole.gui import i18n
from dingconsole.gui.export_dialog import ExportDialog, import_events, import_folder
from dingconsole.gui.help_dialog import HelpDialog
from dingconsole.gui.send_tab import SendTab
from dingconsole.gui.stream_controls import StreamControls
from dingconsole.gui.workbench import WorkbenchTab

if TYPE_CHECKING:
    from dingconsole.gui.main_window import MainWindow

translate = QCoreApplication.translate


class WindowExtras(QObject):
    """Owned by the window; holds the added tabs and actions and keeps their texts translated."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.workbench = WorkbenchTab(window.profiles)
        self.send = SendTab(window.profiles)
        window.tabs.addTab(self.workbench, "")
        window.tabs.addTab(self.send, "")
        for tab in (self.workbench, self.send):
            tab.windowTitleChanged.connect(self._tab_titles)

        details = window.details
        details.openInWorkbench.connect(self.open_in_workbench)
        details.replay_action.triggered.connect(self.replay_selected)
        window.controls.export_action.triggered.connect(lambda: self.open_export(filtered=True))

        self.export_action = QAction(window)
        self.export_action.triggered.connect(lambda: self.open_export(filtered=False))
        self.import_action = QAction(window)
        self.import_action.triggered.connect(self.import_file)
        self.import_folder_action = QAction(window)
        self.import_folder_action.triggered.connect(self.import_fixtures_folder)
        window.file_menu.insertActions(
            window.quit_action, [self.export_action, self.import_action, self.import_folder_action]
        )
        window.file_menu.insertSeparator(window.quit_action)
        # Stream mode and DingTalk's failed-push list feed the same bridge (and table) as HTTP pushes
        self.stream_controls = StreamControls(
            window.profiles,
            window.store,
            window.bridge,
            current_profile=window.controls.profile_combo.currentText,
            parent=window,
        )
        # its own line: beside the listener toolbar it was pushed behind the `»` menu at 1280 px
        window.addToolBarBreak()
        window.addToolBar(self.stream_controls)
        self.guide_action = QAction(window)
        self.guide_action.triggered.connect(self.show_guide)
        window.help_menu.insertAction(window.about_action, self.guide_action)

        manager = i18n.manager()
        for code, action in window.language_actions.items():
            action.triggered.connect(lambda _checked=False, c=code: i18n.manager().set_language(c))
        if manager.data_lang() != window.lang and manager.data_lang() in window.language_actions:
            window.set_language(manager.data_lang())
        # however the language changes (menu, another window, a script), data-made texts follow it
        manager.languageChanged.connect(window.follow_language)
        window.installEventFilter(self)
        self.retranslateUi()

    # -- routes from the event table ---------------------------------------------------------

    def open_in_workbench(self, exchange: object) -> None:
        self.workbench.reload_profiles()
        self.workbench.open_exchange(exchange)  # type: ignore[arg-type]
        self.window.tabs.setCurrentWidget(self.workbench)

    def replay_selected(self) -> None:
        exchange = self.window.details.exchange()
        if exchange is None:
            return
        self.send.reload_profiles()
        if self.window.controls.running and not self.send.url.text():
            self.send.set_url(self.window.controls.current_url())
        self.send.replay(exchange)
        self.window.tabs.setCurrentWidget(self.send)

    def open_export(self, *, filtered: bool) -> ExportDialog:
        events = self.window.events
        selected = [e.id for e in events.selected_exchanges() if e.id is not None]
        # everything in the store that matches the table's filter, not only the rows paged in so far
        current = events.model.filter() if filtered else None
        dialog = ExportDialog(
            self.window.store, selected=selected, current_filter=current, profiles=self.window.profiles,
            parent=self.window,
        )  # fmt: skip
        dialog.setModal(True)
        dialog.show()
        return dialog

    def import_file(self) -> None:
        job = import_events(self.window, self.window.store)
        if job is not None:
            job.done.connect(self._imported)

    def import_fixtures_folder(self) -> None:
        job = import_folder(self.window, self.window.store)
        if job is not None:
            job.done.connect(self._imported)

    def _imported(self, result: dict) -> None:
        """Show imported events at once, through the same path as live ones (table rows and counters)."""
        for exchange_id in result.get("ids", []) if result.get("ok") else []:
            exchange = self.window.store.get(exchange_id)
            if exchange is not None:
                self.window.bridge.observer(exchange)

    def shutdown(self) -> None:
        """Stop what talks to the network in the background (the window calls it before closing the store)."""
        self.stream_controls.shutdown()
        self.send.shutdown()

    def show_guide(self) -> None:
        HelpDialog(self.window).show()

    # -- texts -------------------------------------------------------------------------------

    def _tab_titles(self, _title: str = "") -> None:
        tabs = self.window.tabs
        for tab in (self.workbench, self.send):
            tabs.setTabText(tabs.indexOf(tab), tab.windowTitle())

    def retranslateUi(self) -> None:
        self.export_action.setText(translate("WindowExtras", "&Export events…"))
        self.import_action.setText(translate("WindowExtras", "&Import events…"))
        self.import_folder_action.setText(translate("WindowExtras", "Import &fixtures folder…"))
        self.guide_action.setText(translate("WindowExtras", "&Guide: setting up DingTalk"))
        self._tab_titles()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslateUi()
            elif event.type() == QEvent.Type.Close:
                self.send.shutdown()
        return super().eventFilter(watched, event)


def install(window: MainWindow) -> WindowExtras:
    """Add the workbench/send tabs, dialogs and translations to `window` (call once, at the end of __init__)."""
    return WindowExtras(window)
