"""The UI language: Simplified Chinese or English, switchable at run time and remembered.

Default: Chinese when the system locale is Chinese (QLocale.system()), English otherwise; a choice
made in the menu is stored in the GUI settings (gui.ini under config_dir(), never the real home).
Switching installs/removes QTranslators on the application; Qt then sends QEvent.LanguageChange to
every widget, whose changeEvent() calls retranslateUi(). `languageChanged` is emitted as well, for
objects that are not widgets (models, menus built by hand) and for text the core renders itself
(event labels: `data_lang()` gives "zh" or "en" for core.events.label).

Translations: resources/i18n/dingconsole_<lang>.ts (Qt Linguist, from `tools/update_translations.py`)
compiled to .qm and shipped inside the package (dingconsole.resources/i18n); Qt's own strings (the
buttons of standard dialogs) come from the qtbase catalogue that ships with PySide6.
"""

from __future__ import annotations

from importlib import resources

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from dingconsole.gui import settings

ENGLISH = "en"
CHINESE = "zh_CN"
SYSTEM = ""  # follow the system locale
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}  # names in their own language
SETTINGS_KEY = "ui/language"
CATALOGUE = "dingconsole"


def system_language() -> str:
    """Chinese for any Chinese system locale (zh_CN, zh_TW, zh_HK, ...), English otherwise."""
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def saved_choice() -> str:
    """The language chosen in the menu ("" = follow the system)."""
    value = settings.read_str(settings.open_settings(), SETTINGS_KEY, SYSTEM)
    return value if value in LANGUAGES else SYSTEM


def qm_resource(lang: str) -> resources.abc.Traversable:
    return resources.files("dingconsole.resources") / "i18n" / f"{CATALOGUE}_{lang}.qm"


class LanguageManager(QObject):
    """Owns the installed translators of one application; one instance per QCoreApplication."""

    languageChanged = Signal(str)  # the new language code ("en" or "zh_CN")

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._translators: list[QTranslator] = []
        self._language = ENGLISH
        self._choice = SYSTEM

    def language(self) -> str:
        return self._language

    def choice(self) -> str:
        """What the user picked: a language code, or "" when following the system."""
        return self._choice

    def data_lang(self) -> str:
        """The language code the core's own tables use ("zh" or "en")."""
        return "zh" if self._language == CHINESE else "en"

    def apply_saved(self) -> None:
        """Apply the remembered choice (or the system language) — call once at start-up."""
        self.set_language(saved_choice(), remember=False, force=True)

    def set_language(self, choice: str, *, remember: bool = True, force: bool = False) -> None:
        """Switch to `choice` ("en", "zh_CN" or "" for the system language), optionally remembering it."""
        if choice not in LANGUAGES and choice != SYSTEM:
            raise ValueError(f"unknown language {choice!r}")
        if remember:
            store = settings.open_settings()
            store.setValue(SETTINGS_KEY, choice)
            store.sync()
        self._choice = choice
        language = choice or system_language()
        if language == self._language and not force:
            return
        self._remove_translators()
        if language != ENGLISH:
            self._install(language)
        self._language = language
        self.languageChanged.emit(language)

    def _remove_translators(self) -> None:
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()

    def _install(self, language: str) -> None:
        ours = QTranslator(self)
        with resources.as_file(qm_resource(language)) as path:
            if not ours.load(str(path)):
                raise FileNotFoundError(f"translation catalogue {path} could not be loaded")
        qt_own = QTranslator(self)
        if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._app.installTranslator(qt_own)
            self._translators.append(qt_own)
        self._app.installTranslator(ours)
        self._translators.append(ours)


_manager: LanguageManager | None = None


def manager() -> LanguageManager:
    """The language manager of the running application (created, following the saved choice, on first use)."""
    global _manager
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before asking for the language manager")
    if _manager is None or not shiboken6.isValid(_manager) or _manager.parent() is not app:
        _manager = LanguageManager(app)
        _manager.apply_saved()
    return _manager


def data_lang() -> str:
    """ "zh" or "en" for core.events.label / templates, following the UI language."""
    return manager().data_lang() if QCoreApplication.instance() is not None else "en"


class LanguageMenu(QMenu):
    """A "Language" menu (follow the system / English / 简体中文) that switches and remembers the choice.

    Language names are shown in their own language, as is customary, so a user who cannot read the
    current UI still finds theirs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QActionGroup(self)
        self._actions: dict[str, QAction] = {}
        for code, name in [(SYSTEM, ""), *LANGUAGES.items()]:
            action = QAction(name, self)
            action.setCheckable(True)
            action.setData(code)
            self._group.addAction(action)
            self.addAction(action)
            self._actions[code] = action
        self._group.triggered.connect(self._chosen)
        manager().languageChanged.connect(self._sync)
        self.retranslateUi()

    def _chosen(self, action: QAction) -> None:
        manager().set_language(str(action.data() or ""))

    def _sync(self, _language: str = "") -> None:
        self._actions[manager().choice()].setChecked(True)

    def retranslateUi(self) -> None:
        self.setTitle(self.tr("&Language"))
        self._actions[SYSTEM].setText(self.tr("Follow the system"))
        self._sync()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
