"""The diagnosis of a failed push, worked out after the reply has gone, on a thread of its own.

A diagnosis tries repairs and other keys: milliseconds of work whose length depends on what the push
holds. On the event loop it delayed the next request by as much, which a sender could time
(docs/PROTOCOL.md §6). So it runs on one worker thread, at most MAX_WAITING at a time: a flood of
failures gets the first ones diagnosed and the rest a step that says they were not (the request itself
is recorded either way, and `dingconsole diagnose` can be run on it later).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dingconsole.core.diagnose import Report, Status, Step
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.listener.replies import diagnose_failure
from dingconsole.core.profiles import Profile

MAX_WAITING = 32  # diagnoses queued or running; more failures at once are recorded undiagnosed


def not_diagnosed(profile: Profile, waiting: int) -> dict[str, Any]:
    """The report of a failure that arrived while MAX_WAITING others waited for their diagnosis."""
    step = Step(
        "diagnosis",
        Status.SKIPPED,
        f"not diagnosed: {waiting} failed pushes were already waiting for a diagnosis",
        "The request is recorded: run `dingconsole diagnose` on it (or paste it in the Workbench).",
        code="diagnosis_busy",
        params={"waiting": waiting},
    )
    return Report(kind="request", steps=[step], profile=profile.name).to_dict()


def _diagnose(request: HttpRequest, profile: Profile, error: DingError) -> dict[str, Any]:
    return diagnose_failure(request, profile, error).to_dict()


class Diagnoser:
    """One worker thread for the listener's diagnoses, started on first use, joined by `close()`."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self.waiting = 0

    async def report(self, request: HttpRequest, profile: Profile, error: DingError) -> dict[str, Any]:
        """The diagnosis as a dict (Report.to_dict()), computed off the event loop."""
        if self.waiting >= MAX_WAITING:
            return not_diagnosed(profile, self.waiting)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dingconsole-diagnose")
        self.waiting += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, _diagnose, request, profile, error)
        finally:
            self.waiting -= 1

    def close(self) -> None:
        """Finish the diagnoses under way and stop the thread (the listener's teardown)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
