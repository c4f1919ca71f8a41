"""The font for Chinese text on each OS: the platform's UI font first, then a Simplified Chinese one.

Without it Qt picks a fallback for Han characters on its own, and on Windows that is often a Japanese
font (Yu Gothic, MS Gothic), whose glyph shapes differ from the Chinese ones for many characters.
Each OS has a Simplified Chinese UI font installed by default: Microsoft YaHei (UI) on Windows, PingFang
SC on macOS; on Linux it is whatever CJK font the distribution installed (Noto Sans CJK SC, WenQuanYi).
Latin text keeps the platform's own UI font; only missing glyphs come from the Chinese family.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

CHINESE_FAMILIES: dict[str, tuple[str, ...]] = {
    "windows": ("Microsoft YaHei UI", "Microsoft YaHei", "DengXian", "SimSun"),
    "macos": ("PingFang SC", "Hiragino Sans GB", "STHeiti", "Heiti SC"),
    "linux": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
        "Droid Sans Fallback",
    ),
}


def os_family_key(platform: str | None = None) -> str:
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "cygwin")):
        return "windows"
    return "macos" if platform == "darwin" else "linux"


def chinese_family(installed: Iterable[str], platform: str | None = None) -> str | None:
    """The first installed Simplified Chinese family for this OS, or None (gui/startup.py then says so)."""
    present = {family.casefold(): family for family in installed}
    for wanted in CHINESE_FAMILIES[os_family_key(platform)]:
        if wanted.casefold() in present:
            return present[wanted.casefold()]
    return None


def apply_chinese_fallback(app: QApplication, platform: str | None = None) -> str | None:
    """Give the application font a Chinese family after its own; returns the family chosen (None: none found)."""
    family = chinese_family(QFontDatabase.families(), platform)
    if family is None:
        return None
    font = app.font()
    families = font.families() or [font.family()]
    if family not in families:
        font.setFamilies([*families, family])
        app.setFont(font)
    return family
