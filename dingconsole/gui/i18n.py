"""The UI language: Simplified Chinese or English, switchable at run time and remembered.

Default: Chinese when the system locale is Chinese (QLocale.system()), English otherwise; a choice
made in the menu is stored in the GUI settings (gui.ini under config_dir(), never the real home).
Switching installs/removes QTranslators on the application; Qt then sends QEvent.LanguageChange to
every widget, whose changeEvent() calls retranslateUi(). `languageChanged` is emitted as well, for
objects that are not widgets (models, menus built by hand) and for text the core renders itself
(event labels: `data_lang()` gives "zh" or "en" for core.events.label). Codes are "en" and "zh",
as the main window's Language menu stores them under the settings key "language".

Translations: resources/i18n/dingconsole_<lang>.ts (Qt Linguist, from `tools/update_translations.py`)
compiled to .qm and shipped inside the package (dingconsole.resources/i18n); Qt's own strings (the
buttons of standard dialogs) come from the qtbase catalogue that ships with PySide6.
"""

from __future__ import annotations

from importlib import resources

import shiboken6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from dingconsole.gui import settings

ENGLISH = "en"
CHINESE = "zh"
SYSTEM = ""  # follow the system locale
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}  # names in their own language
LOCALES = {CHINESE: "zh_CN"}  # language → catalogue suffix (resources/i18n/dingconsole_zh_CN.qm)
SETTINGS_KEY = "language"  # the same key the main window's Language menu writes
CATALOGUE = "dingconsole"


def system_language(locale: QLocale | None = None) -> str:
    """Chinese for any Chinese locale (zh_CN, zh_TW, zh_HK, ...), English otherwise; default: the system's."""
    found = locale if locale is not None else QLocale.system()
    return CHINESE if found.language() == QLocale.Language.Chinese else ENGLISH


def saved_choice() -> str:
    """The language chosen in the menu ("" = follow the system)."""
    value = settings.read_str(settings.open_settings(), SETTINGS_KEY, SYSTEM)
    return value if value in LANGUAGES else SYSTEM


def qm_resource(lang: str) -> resources.abc.Traversable:
    return resources.files("dingconsole.resources") / "i18n" / f"{CATALOGUE}_{LOCALES.get(lang, lang)}.qm"


class LanguageManager(QObject):
    """Owns the installed translators of one application; one instance per QCoreApplication."""

    languageChanged = Signal(str)  # the new language code ("en" or "zh")

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
        """The language code the core's own tables use (core.events.label): "zh" or "en"."""
        return self._language

    def apply_saved(self) -> None:
        """Apply the remembered choice (or the system language) — call once at start-up."""
        self.set_language(saved_choice(), remember=False, force=True)

    def set_language(self, choice: str, *, remember: bool = True, force: bool = False) -> None:
        """Switch to `choice` ("en", "zh" or "" for the system language), optionally remembering it."""
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
            translator.deleteLater()
        self._translators.clear()

    def _install(self, language: str) -> None:
        ours = QTranslator(self)
        with resources.as_file(qm_resource(language)) as path:
            if not ours.load(str(path)):
                raise FileNotFoundError(f"translation catalogue {path} could not be loaded")
        qt_own = QTranslator(self)
        if qt_own.load(
            f"qtbase_{LOCALES.get(language, language)}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
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


def fill(template: str, *values: object) -> str:
    """Put values into a translated template's %1, %2, ... placeholders."""
    for number, value in enumerate(values, start=1):
        template = template.replace(f"%{number}", str(value))
    return template
