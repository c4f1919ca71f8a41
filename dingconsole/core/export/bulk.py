"""Bulk import and export in batches: constant memory, a progress callback, the search index built as it goes.

`import_stream` reads a .jsonl export line by line (other formats are small and read whole), commits
every `batch` exchanges in one transaction and indexes them for search right away (on the calling
thread: an import is the one writer that may take the store's lock for longer). `export_stream` pages
through the store oldest first, so a million events never sit in memory at once.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dingconsole.core.exchange import Exchange
from dingconsole.core.export.importer import ImportFileError, exchange_from_record, read_exchanges
from dingconsole.core.untrusted import loads as bounded_loads

BATCH = 10_000

Progress = Callable[[int, int, int], None]  # exchanges so far, bytes read, total bytes (0: unknown)


@dataclass
class ImportResult:
    count: int = 0
    first_id: int | None = None
    last_id: int | None = None
    seconds: float = 0.0
    ids: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Exchanges per second, index included."""
        return self.count / self.seconds if self.seconds > 0 else 0.0


def _jsonl_records(path: Path, progress_bytes: list[int]) -> Iterator[Exchange]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}", "Check the path.") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            progress_bytes[0] += len(raw)
            if not raw.strip():
                continue
            try:
                record = bounded_loads(raw.decode("utf-8"))
                if not isinstance(record, dict) or "request" not in record:
                    raise ValueError("not an exchange record")
                yield exchange_from_record(record)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise ImportFileError(
                    f"{path.name} line {number} is not an exported exchange: {exc}",
                    "Import a .jsonl written by `dingconsole export --format jsonl`; the lines before it "
                    "were imported.",
                    line=number,
                ) from None


def import_stream(
    store: Any, path: Path, *, batch: int = BATCH, progress: Progress | None = None, keep_ids: bool = False
) -> ImportResult:
    """Add every exchange of an export to `store` (an EventStore) in batches; returns the count, ids, rate.

    A bad line stops the import with ImportFileError naming it; the batches before it stay imported."""
    path = Path(path)
    start = time.perf_counter()
    result = ImportResult()
    read = [0]
    total = path.stat().st_size if path.is_file() else 0
    source: Iterator[Exchange] = (
        _jsonl_records(path, read) if path.is_file() and path.suffix.lower() == ".jsonl" else iter(read_exchanges(path))
    )
    batches: queue.Queue[list[Exchange] | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def parse() -> None:
        """Reads and converts the next batch while the previous one is written and indexed (SQLite works
        without the GIL, so the two overlap on two cores)."""
        pending: list[Exchange] = []
        try:
            for exchange in source:
                pending.append(exchange)
                if len(pending) >= batch:
                    batches.put(pending)
                    pending = []
                    if stop.is_set():
                        return
            batches.put(pending)
            batches.put(None)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the importing thread
            batches.put(exc)

    reader = threading.Thread(target=parse, name="dingconsole-import-reader", daemon=True)
    reader.start()
    try:
        while (item := batches.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            if not item:
                continue
            ids = store.add_many(item)
            store.index_now()
            if ids:
                result.first_id = ids[0] if result.first_id is None else result.first_id
                result.last_id = ids[-1]
                result.count += len(ids)
                if keep_ids:
                    result.ids.extend(ids)
            if progress is not None:
                progress(result.count, read[0] or total, total)
    finally:
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on the full queue
            try:
                batches.get_nowait()
            except queue.Empty:
                reader.join(0.05)
    result.seconds = time.perf_counter() - start
    return result


def export_stream(store: Any, flt: Any = None, *, batch: int = BATCH) -> Iterator[Exchange]:
    """Every matching exchange, oldest first, read a page at a time (the ids first: one query, no OFFSET)."""
    return by_ids_in_batches(store, store.matching_ids(flt, newest_first=False), batch=batch)


def by_ids_in_batches(store: Any, ids: list[int], *, batch: int = BATCH) -> Iterator[Exchange]:
    """These exchanges in this order, `batch` of them in memory at a time."""
    for start in range(0, len(ids), batch):
        yield from store.by_ids(ids[start : start + batch])
