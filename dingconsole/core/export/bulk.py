"""Bulk import and export in batches: constant memory, a progress callback, the search index built as it goes.

`import_stream` reads a .jsonl export line by line (other formats are small and read whole) and hands
the exchanges to the store's BulkWriter, which indexes them for search on its own thread while this one
parses on (core/store/bulk.py says why that split). Rows go in whenever the writer is free to take
them, at most `batch` per transaction, so the write lock's two holders take turns without idling.
Lines are parsed by orjson, with the standard parser for what orjson refuses (`_parse_line`).
`export_stream` pages through the store oldest first, so a million events never sit in memory at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from dingconsole.core.exchange import Exchange
from dingconsole.core.export.importer import JSONL_HINT, ImportFileError, exchange_from_line, read_exchanges
from dingconsole.core.store import EventStore
from dingconsole.core.store.bulk import BulkWriter, Prepared, prepare
from dingconsole.core.untrusted import JsonTooDeep, json_depth_exceeds
from dingconsole.core.untrusted import loads as bounded_loads

BATCH = 10_000  # exchanges per transaction at most
STEP = 1_000  # ...written sooner, every STEP, whenever the store's writer is not busy indexing

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


def _parse_line(raw: str | bytes) -> Any:
    """One export line: orjson for speed (an import is parse-bound), the bounded standard parser for what
    orjson refuses (NaN, infinity, a lone surrogate) and for saying what is wrong.

    One difference remains: orjson reads an integer beyond 64 bits as a float. An export line's numbers
    are timestamps, statuses and durations, so nothing DingConsole wrote is affected."""
    if json_depth_exceeds(raw):
        raise JsonTooDeep()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return bounded_loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)


_BULK_HINT = JSONL_HINT.removesuffix(".") + "; the lines before it were imported."


def _jsonl_records(path: Path, progress_bytes: list[int]) -> Iterator[Exchange]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}", "Check the path.") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            progress_bytes[0] += len(raw)
            if raw.strip():
                yield exchange_from_line(raw, number, path, parse=_parse_line, hint=_BULK_HINT)


def import_stream(
    store: EventStore, path: Path, *, batch: int = BATCH, progress: Progress | None = None, keep_ids: bool = False
) -> ImportResult:
    """Add every exchange of an export to `store` in batches; returns the count, ids and rate.

    Searchable when this returns. A bad line stops the import with ImportFileError naming it; the
    batches before it stay imported (and indexed)."""
    path = Path(path)
    start = time.perf_counter()
    result = ImportResult()
    read = [0]
    total = path.stat().st_size if path.is_file() else 0
    source: Iterator[Exchange] = (
        _jsonl_records(path, read) if path.is_file() and path.suffix.lower() == ".jsonl" else iter(read_exchanges(path))
    )

    def write(pending: list[Prepared]) -> None:
        ids = writer.add(pending)
        result.first_id = ids[0] if result.first_id is None else result.first_id
        result.last_id = ids[-1]
        result.count += len(ids)
        if keep_ids:
            result.ids.extend(ids)
        if progress is not None:
            progress(result.count, read[0] or total, total)

    step = max(1, min(batch, STEP))
    with BulkWriter(store) as writer:
        pending: list[Prepared] = []
        for exchange in source:
            pending.append(prepare(exchange))
            if len(pending) % step == 0 and (len(pending) >= batch or writer.ready()):
                write(pending)  # as soon as the writer is free, at most `batch` at a time
                pending = []
        if pending:
            write(pending)
    result.seconds = time.perf_counter() - start
    return result


def export_stream(store: Any, flt: Any = None, *, batch: int = BATCH) -> Iterator[Exchange]:
    """Every matching exchange, oldest first, read a page at a time (the ids first: one query, no OFFSET)."""
    return by_ids_in_batches(store, store.matching_ids(flt, newest_first=False), batch=batch)


def by_ids_in_batches(store: Any, ids: list[int], *, batch: int = BATCH) -> Iterator[Exchange]:
    """These exchanges in this order, `batch` of them in memory at a time."""
    for start in range(0, len(ids), batch):
        yield from store.by_ids(ids[start : start + batch])
