"""The diagnosis of a failed push, worked out after the reply has gone, in a process of its own.

A diagnosis tries repairs and other keys: milliseconds of work whose length depends on what the push
holds. On the event loop it delayed the next request by as much, and on a thread it still did (the
GIL): a sender could time the next request to tell failures apart (docs/PROTOCOL.md §6). So it runs in
one worker process (lowered priority, shared by the listeners of this process, started on the first
failure), at most MAX_WAITING at a time: a flood of failures gets the first ones diagnosed and the rest
a step that says they were not. The request itself is recorded either way, and `dingconsole diagnose`
can be run on it later.

The worker is spawned, so it imports the main module of the program again: a script that starts a
Listener must keep its top-level code under `if __name__ == "__main__":` (the app's own entry points
do; the frozen app calls multiprocessing.freeze_support() first). A worker that fails to start is a
diagnosis "not done", never a lost request.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from dingconsole.core.diagnose import Report, Status, Step
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.listener.replies import diagnose_failure
from dingconsole.core.profiles import Profile

log = logging.getLogger(__name__)

MAX_WAITING = 32  # diagnoses queued or running; more failures at once are recorded undiagnosed
TIMEOUT_S = 60.0  # a diagnosis that takes longer is given up (recorded as not diagnosed)


@dataclass(frozen=True)
class Failure:
    """What the listener knew of a failure before its reply: sent to the worker (plain, picklable data)."""

    code: str
    message: str
    hint: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: DingError) -> Failure:
        return cls(error.code, error.message, error.hint, dict(error.params))


class _Recorded(DingError):
    """A Failure as the DingError diagnose_failure falls back on, with the listener's code."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message, failure.hint, **failure.params)
        self.code = failure.code


def diagnose(request: HttpRequest, profile: Profile, failure: Failure) -> dict[str, Any]:
    """The diagnosis as Report.to_dict(): runs in the worker process."""
    return diagnose_failure(request, profile, _Recorded(failure)).to_dict()


def not_diagnosed(profile: Profile, why: str, **params: Any) -> dict[str, Any]:
    """The report of a failure whose diagnosis did not run: too many waiting, or the worker failed."""
    details = {
        "diagnosis_busy": f"not diagnosed: {params.get('waiting')} failed pushes were already waiting for a diagnosis",
        "diagnosis_failed": "not diagnosed: the diagnosis did not finish",
    }
    step = Step(
        "diagnosis",
        Status.SKIPPED,
        details[why],
        "The request is recorded: run `dingconsole diagnose` on it (or paste it in the Workbench).",
        code=why,
        params=params,
    )
    return Report(kind="request", steps=[step], profile=profile.name).to_dict()


def _worker_init() -> None:
    """In the worker: yield the CPU to the listener, and leave Ctrl+C to the parent (which stops it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):
        os.nice(10)


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # spawn everywhere: forking a process that runs Qt and the listener's threads is unsafe
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_worker_init)
        return _pool


def _drop_pool(broken: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


class Diagnoser:
    """A listener's way to the shared worker, with its own bound on diagnoses waiting."""

    def __init__(self) -> None:
        self.waiting = 0

    async def report(self, request: HttpRequest, profile: Profile, error: DingError) -> dict[str, Any]:
        """The diagnosis as a dict (Report.to_dict()), computed in the worker process."""
        if self.waiting >= MAX_WAITING:
            return not_diagnosed(profile, "diagnosis_busy", waiting=self.waiting)
        self.waiting += 1
        pool = _shared_pool()
        try:
            work = asyncio.get_running_loop().run_in_executor(pool, diagnose, request, profile, Failure.of(error))
            async with asyncio.timeout(TIMEOUT_S):
                return await work
        except BrokenProcessPool:  # the worker died (killed, out of memory): the next failure starts another
            log.warning("the diagnosis worker stopped; starting a new one for the next failure")
            _drop_pool(pool)
            return not_diagnosed(profile, "diagnosis_failed")
        except TimeoutError:
            log.warning("a diagnosis took over %.0f s and was given up", TIMEOUT_S)
            return not_diagnosed(profile, "diagnosis_failed")
        finally:
            self.waiting -= 1
