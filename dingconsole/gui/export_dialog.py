"""Export captured events (selected / filtered / all) as fixtures, JSON Lines, curl or HAR, and import them back.

The work runs on a QThread: the store is read there (it is thread-safe) and the core's writers get
an iterator that reports progress through a queued signal and stops the export when Cancel is
pressed. Secrets stay out unless asked, with the CLI's rule: "keep the original requests" needs
"include the real credentials" (the captured bytes only verify with the real token and aesKey);
otherwise fixtures are re-sealed with a generated test profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core import untrusted
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange
from dingconsole.core.export import FORMAT as FIXTURE_FORMAT
from dingconsole.core.export import export_fixtures, write_curl, write_har, write_jsonl
from dingconsole.core.export.bulk import by_ids_in_batches, import_stream
from dingconsole.core.export.curl import LOCAL_ORIGIN
from dingconsole.core.profiles import Profile, ProfileError, ProfileStore
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.gui.plain import make_plain, plain_message

translate = QCoreApplication.translate
IMPORT_ROWS_ONE_BY_ONE = 500  # up to this many imported events join the table like live ones; more: it re-queries

FORMATS = ("fixtures", "jsonl", "curl", "har")
EXTENSIONS = {"jsonl": ".jsonl", "curl": ".sh", "har": ".har"}


class ExportCancelled(Exception):
    """Raised inside the core's loop when the user pressed Cancel."""


def _json_files(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each .json in `folder` with its (inode, mtime): a file rewritten since has another (atomic writes rename)."""
    files = {}
    for path in folder.glob("*.json") if folder.is_dir() else ():
        info = path.stat()
        files[path] = (info.st_ino, info.st_mtime_ns)
    return files


def _is_fixture(path: Path) -> bool:
    try:
        data = untrusted.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FIXTURE_FORMAT


def remove_written_fixtures(folder: Path, before: dict[Path, tuple[int, int]], created: bool) -> int:
    """After a cancelled export: delete the fixture files it wrote (new or rewritten since `before`),
    nothing else; the folder too when the export created it and it is now empty. Returns how many."""
    removed = 0
    for path, stamp in _json_files(folder).items():
        if before.get(path) != stamp and _is_fixture(path):
            path.unlink()
            removed += 1
    if created and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return removed


class ExportJob(QThread):
    """Query the events and write them; `progress(done, total)` as they go, then `done(summary)`."""

    progress = Signal(int, int)
    # {"ok": bool, "count": int, "message": str, "skipped": int, "cancelled": bool, "removed": int}
    done = Signal(object)

    def __init__(
        self,
        store: EventStore,
        flt: EventFilter | None,
        fmt: str,
        out: Path,
        *,
        keep_original: bool,
        include_secrets: bool,
        profiles: ProfileStore | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._filter, self._format, self._out = store, flt, fmt, out
        self._keep, self._secrets, self._profiles = keep_original, include_secrets, profiles
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _tracked(self, exchanges: Iterable[Exchange], total: int) -> Iterator[Exchange]:
        step = max(total // 100, 1)
        for done, exchange in enumerate(exchanges):
            if self._cancelled:
                raise ExportCancelled
            if done % step == 0:
                self.progress.emit(done, total)
            yield exchange
        self.progress.emit(total, total)

    def _lookup(self, name: str) -> Profile | None:
        try:
            return self._profiles.get(name) if self._profiles is not None else None
        except ProfileError:
            return None

    def run(self) -> None:
        summary: dict[str, Any] = {
            "ok": False, "count": 0, "message": "", "skipped": 0, "cancelled": False, "removed": 0,
        }  # fmt: skip
        fixtures = self._format == "fixtures"
        created = fixtures and not self._out.exists()
        before = _json_files(self._out) if fixtures else {}
        try:
            ids = self._store.matching_ids(self._filter, newest_first=False)  # rows then a batch at a time
            items: Iterable[Exchange] = self._tracked(by_ids_in_batches(self._store, ids), len(ids))
            if self._format == "fixtures":
                result = export_fixtures(
                    items, self._out, keep_original=self._keep, include_secrets=self._secrets, profiles=self._lookup
                )
                summary.update(count=len(result.written), skipped=len(result.skipped))
            else:
                writer = {"jsonl": write_jsonl, "curl": write_curl, "har": write_har}[self._format]
                summary["count"] = writer(items, self._out)
            summary["ok"] = True
        except ExportCancelled:
            summary["cancelled"] = True
            # a half-written fixtures folder looked like a complete export; the other formats write
            # their one file only at the end, so a cancel leaves nothing of them
            if fixtures:
                try:
                    summary["removed"] = remove_written_fixtures(self._out, before, created)
                except OSError as exc:
                    summary["message"] = f"{self._out}: {exc.strerror or exc}"
        except DingError as exc:
            summary["message"] = str(exc)
        except OSError as exc:
            summary["message"] = f"{self._out}: {exc.strerror or exc}"
        self.done.emit(summary)


class ExportDialog(QDialog):
    finishedExport = Signal(object)  # the summary dict of ExportJob.done

    def __init__(
        self,
        store: EventStore,
        *,
        selected: Sequence[int] = (),
        current_filter: EventFilter | None = None,
        profiles: ProfileStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._profiles = store, profiles
        self._selected = tuple(selected)
        self._filter = current_filter
        self._job: ExportJob | None = None
        self.selected_radio, self.filtered_radio, self.all_radio = QRadioButton(), QRadioButton(), QRadioButton()
        self.scope = QButtonGroup(self)
        for radio in (self.selected_radio, self.filtered_radio, self.all_radio):
            self.scope.addButton(radio)
        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem("", key)
        self.destination = QLineEdit()
        self.browse = QPushButton()
        self.keep_original = QCheckBox()
        self.include_secrets = QCheckBox()
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        make_plain(self.status)  # error messages quote file names and contents
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self._layout()
        counts = (len(self._selected), store.count(current_filter) if current_filter else None, store.count())
        self._counts = counts
        self.selected_radio.setEnabled(bool(self._selected))
        self.filtered_radio.setEnabled(current_filter is not None)
        (
            self.selected_radio if self._selected else self.filtered_radio if current_filter else self.all_radio
        ).setChecked(True)
        self.format.currentIndexChanged.connect(self._changed)
        self.keep_original.toggled.connect(self._changed)
        self.include_secrets.toggled.connect(self._changed)
        self.destination.textChanged.connect(self._changed)
        self.browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self._close_or_cancel)
        self.retranslateUi()

    def _layout(self) -> None:
        scope = QVBoxLayout()
        for radio in (self.selected_radio, self.filtered_radio, self.all_radio):
            scope.addWidget(radio)
        destination = QHBoxLayout()
        destination.addWidget(self.destination, 1)
        destination.addWidget(self.browse)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(3)]
        self.form.addRow(self.form_labels[0], scope)
        self.form.addRow(self.form_labels[1], self.format)
        self.form.addRow(self.form_labels[2], destination)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.keep_original)
        layout.addWidget(self.include_secrets)
        layout.addWidget(self.rule)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.progress.setVisible(False)
        # after an export the progress bar and a two-line result appeared and squashed the radio
        # buttons: their room is kept from the start, and the dialog never shrinks below its contents
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing())
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

    # -- public ------------------------------------------------------------------------------

    def chosen_filter(self) -> EventFilter | None:
        if self.selected_radio.isChecked():
            return EventFilter(ids=self._selected)
        if self.filtered_radio.isChecked():
            return self._filter
        return None

    def start(self) -> None:
        """Start the export on a worker thread (the dialog stays open with a progress bar)."""
        if self._job is not None or not self._changed():
            return
        fmt = str(self.format.currentData())
        job = ExportJob(
            self._store,
            self.chosen_filter(),
            fmt,
            Path(self.destination.text().strip()),
            keep_original=self.keep_original.isChecked(),
            include_secrets=self.include_secrets.isChecked(),
            profiles=self._profiles,
            parent=self,
        )
        job.progress.connect(self._progress)
        job.done.connect(self._done)
        self._job = job
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.export_button.setEnabled(False)
        self.close_button.setText(self.tr("Cancel"))
        self.status.setText(self.tr("Exporting…"))
        job.start()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    # -- internals ---------------------------------------------------------------------------

    def _changed(self, *_args: object) -> bool:
        fixtures = self.format.currentData() == "fixtures"
        self.keep_original.setEnabled(fixtures)
        self.include_secrets.setEnabled(fixtures)
        ok = bool(self.destination.text().strip())
        if fixtures and self.keep_original.isChecked() and not self.include_secrets.isChecked():
            self.rule.setText(
                self.tr(
                    "Keeping the original requests needs the real credentials: tick “include the real token and "
                    "aesKey” (the folder then holds secrets), or untick “keep original” to re-seal with a test profile."
                )
            )
            self.rule.setStyleSheet("color: #c62828;")
            ok = False
        elif fixtures and self.include_secrets.isChecked():
            self.rule.setText(self.tr("The export will hold REAL credentials: keep it private."))
            self.rule.setStyleSheet("color: #ef6c00;")
        elif fixtures:
            self.rule.setText(
                self.tr("Events are re-sealed with a generated test profile: no secret leaves the machine.")
            )
            self.rule.setStyleSheet("color: #2e7d32;")
        else:
            self.rule.setText(
                self.tr("Raw requests and replies are written as captured; no profile secrets are added.")
            )
            self.rule.setStyleSheet("")
        self.export_button.setEnabled(ok and self._job is None)
        return ok

    def _browse(self) -> None:
        fmt = str(self.format.currentData())
        if fmt == "fixtures":
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the fixtures"))
        else:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), f"events{EXTENSIONS[fmt]}")
        if path:
            self.destination.setText(path)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, summary: dict[str, Any]) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self.close_button.setText(self.tr("Close"))
        if summary["cancelled"]:
            text = self.tr("Export cancelled.")
            if summary.get("removed"):
                text += " " + self.tr("The %1 fixture file(s) it had already written to %2 were removed.")
                text = text.replace("%1", str(summary["removed"])).replace("%2", self.destination.text())
            if summary["message"]:
                text += "\n✘ " + summary["message"]
            self.status.setText(text)
        elif summary["ok"]:
            text = self.tr("Wrote %1 event(s) to %2.").replace("%1", str(summary["count"]))
            text = text.replace("%2", self.destination.text())
            if summary["skipped"]:
                text += " " + self.tr("%1 not decrypted, skipped.").replace("%1", str(summary["skipped"]))
            if self.format.currentData() == "curl":  # the script sends nowhere by itself: you name the origin
                hint = self.tr("Replay them with: bash %1 ORIGIN (where to send them, e.g. %2).")
                text += " " + hint.replace("%1", self.destination.text()).replace("%2", LOCAL_ORIGIN)
            self.status.setText(text)
        else:
            self.status.setText("✘ " + summary["message"])
        self._changed()
        self.finishedExport.emit(summary)

    def _close_or_cancel(self) -> None:
        if self._job is not None:
            self.cancel()
        else:
            self.reject()

    def done(self, result: int) -> None:
        """Closing the dialog (Esc, window button) cancels a running export and waits for it."""
        if self._job is not None:
            self._job.cancel()
            self._job.wait()
        super().done(result)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Export events"))
        selected, filtered, total = self._counts
        self.selected_radio.setText(self.tr("Selected events (%1)").replace("%1", str(selected)))
        shown = "—" if filtered is None else str(filtered)
        self.filtered_radio.setText(self.tr("Events matching the current filter (%1)").replace("%1", shown))
        self.all_radio.setText(self.tr("All events (%1)").replace("%1", str(total)))
        names = {
            "fixtures": self.tr("Test fixtures (a folder that passes pytest)"),
            "jsonl": self.tr("JSON Lines (.jsonl)"),
            "curl": self.tr("curl commands (.sh)"),
            "har": self.tr("HAR (browser dev tools, .har)"),
        }
        for index in range(self.format.count()):
            self.format.setItemText(index, names[str(self.format.itemData(index))])
        rows = (self.tr("Events:"), self.tr("Format:"), self.tr("Destination:"))
        for label, text in zip(self.form_labels, rows, strict=True):
            label.setText(text)
        self.browse.setText(self.tr("Browse…"))
        self.keep_original.setText(self.tr("Keep the original requests (not re-sealed)"))
        self.include_secrets.setText(self.tr("Include the real token and aesKey"))
        self.export_button.setText(self.tr("Export"))
        self.close_button.setText(self.tr("Cancel") if self._job else self.tr("Close"))
        self._changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class ImportJob(QThread):
    """Read an export (fixtures folder, .jsonl, .har/.json) and add it to the store, off the GUI thread."""

    done = Signal(object)  # {"ok": bool, "ids": list[int] (small imports), "count": int, "message": str}
    progress = Signal(int, int, int)  # exchanges so far, bytes read, total bytes

    def __init__(self, store: EventStore, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store, self._path = store, path

    def run(self) -> None:
        """In batches (core/export/bulk.py): the window shows a progress bar, the index is built as it goes."""
        try:
            result = import_stream(self._store, self._path, progress=self.progress.emit, keep_ids=True)
            ids = result.ids if result.count <= IMPORT_ROWS_ONE_BY_ONE else []
            self.done.emit({"ok": True, "ids": ids, "count": result.count, "message": ""})
        except DingError as exc:
            self.done.emit({"ok": False, "ids": [], "count": 0, "message": str(exc)})


def import_events(parent: QWidget, store: EventStore, path: str | Path | None = None) -> ImportJob | None:
    """The File menu's "Import…": choose a file (or take `path`), import it on a worker thread and
    report the result in a message box. Returns the running job (connect to `done` to refresh views)."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("ImportEvents", "Import events"),
            "",
            QCoreApplication.translate("ImportEvents", "DingConsole exports (*.jsonl *.har *.json);;All files (*)"),
        )
        if not chosen:
            return None
        path = chosen
    job = ImportJob(store, Path(path), parent)

    def report(result: dict[str, Any]) -> None:
        job.wait()
        if result["ok"]:
            text = QCoreApplication.translate("ImportEvents", "Imported %1 event(s).").replace(
                "%1", str(result.get("count", len(result["ids"])))
            )
            QMessageBox.information(parent, QCoreApplication.translate("ImportEvents", "Import events"), text)
        else:
            title = QCoreApplication.translate("ImportEvents", "Import events")
            plain_message(parent, title, result["message"], QMessageBox.Icon.Warning)  # it quotes the file
        job.deleteLater()

    job.done.connect(report)
    job.start()
    return job


def import_folder(parent: QWidget, store: EventStore) -> ImportJob | None:
    """File → "Import fixtures folder…": a fixtures export is a folder, which the file picker of
    "Import…" cannot choose (it took one .json at a time). Same worker and report as import_events."""
    chosen = QFileDialog.getExistingDirectory(parent, translate("ImportEvents", "Import a fixtures folder"))
    if not chosen:
        return None
    return import_events(parent, store, chosen)
