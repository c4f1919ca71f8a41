"""The event-family filter of the Events tab, and the event-type choices a family narrows to.

Family and type names are catalogue data (`core/catalogue`), shown in the UI language from there;
only the "all …" and "other" entries are Qt translations.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from dingconsole.core import catalogue, events
from dingconsole.core.store.filter import OTHER_FAMILY

translate = QCoreApplication.translate


def family_items(lang: str) -> list[tuple[str, str]]:
    """(label, family id) for every catalogue family, in catalogue order, then "other"."""
    items = [(family.label(lang), fid) for fid, family in catalogue.families().items()]
    items.append((translate("FamilyFilter", "Other (not in the catalogue)"), OTHER_FAMILY))
    return items


def type_items(family: str | None, lang: str) -> list[tuple[str, str]]:
    """(label, event type) of one family, or of every catalogued type without one, sorted by label."""
    kinds = catalogue.types_in(family) if family and family != OTHER_FAMILY else ()
    if not family:
        kinds = tuple(catalogue.types())
    return sorted(((events.label(kind, lang), kind) for kind in kinds), key=lambda item: item[0].casefold())


def all_families_text() -> str:
    return translate("FamilyFilter", "All event families")


def fill(combo: QComboBox, everything: str, items: Sequence[tuple[str, str]]) -> None:
    """Refill a filter combo, keeping its selection (by data) when it is still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
